//! The phrase lists: what words count as which signal. Data only; `matcher` compiles them.
//!
//! Phrases are lowercase and match on word boundaries. A phrase with an apostrophe also matches
//! without it and with a curly one ("don't", "dont", "don’t"), because transcription engines
//! write all three. Positive rules are `negatable`: "I don't need a quote" must not count as
//! asking for one.

use crate::features::FeatureId;

/// Whose speech a rule listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Customer,
    Agent,
}

pub(crate) struct Rule {
    pub feature: FeatureId,
    pub scope: Scope,
    pub negatable: bool,
    pub phrases: &'static [&'static str],
}

use FeatureId as F;
use Scope::{Agent, Customer};

const fn rule(
    feature: FeatureId,
    scope: Scope,
    negatable: bool,
    phrases: &'static [&'static str],
) -> Rule {
    Rule {
        feature,
        scope,
        negatable,
        phrases,
    }
}

#[rustfmt::skip]
pub(crate) const TRANSCRIPT_RULES: &[Rule] = &[
    rule(F::AskedPrice, Customer, true, &[
        "how much", "what's the price", "what is the price", "the price", "a price", "price on",
        "pricing", "prices", "a quote", "the quote", "quote on", "quote for", "quoted", "an estimate",
        "the estimate", "estimate on", "estimate for", "ballpark", "what do you charge",
        "what do you guys charge", "do you charge", "what would it cost", "what does it cost",
        "what's it cost", "what will it cost", "cost me", "gonna cost", "going to cost", "the cost",
        "what's the cost", "run me", "what would that run", "what's the fee", "what is the fee",
        "your rates", "your rate", "service call fee", "trip charge", "diagnostic fee",
        "cuánto", "cuanto", "precio", "cuesta", "what's the damage", "whats the damage",
        "what does that run", "what would that run", "what would something like that",
        "what are we looking at", "what are we talking", "price range", "rough idea",
        "rough number", "give me a number", "ballpark figure", "roughly how much",
        "what do those go for", "what does one go for", "what do they go for", "run me",
        "set me back", "how pricey", "what it would cost", "what it'd cost", "what it costs",
        "what's that gonna", "what's it gonna be", "cobran", "cotización", "cotizacion",
        "presupuesto", "estimado",
    ]),
    rule(F::PriceObjection, Customer, true, &[
        "too expensive", "too much", "that's a lot", "thats a lot", "that is a lot", "pricey",
        "steep", "can't afford", "cannot afford", "out of my budget", "over my budget",
        "on a budget", "tight budget", "cheaper", "a lot of money", "lot of money",
        "just to look", "just to come out", "fixed income", "just to show up", "just for the visit", "financing",
        "finance it", "payment plan", "payments", "any discount", "a discount", "coupon",
        "any specials", "senior discount", "highway robbery", "yikes", "wow that's", "jeez",
    ]),
    rule(F::WillCallBack, Customer, true, &[
        "call you back", "call you guys back", "call y'all back", "call back", "i'll call",
        "i will call", "i'll give you a call", "i'll give you guys a call", "give you a ring",
        "let me think", "think about it", "think it over", "sleep on it", "get back to you",
        "get back with you", "i'll get back", "reach back out", "i'll let you know",
        "let you know", "i'll know more", "mull it over", "call me back", "call me tomorrow", "call me later", "call me after",
        "call me on", "give me a call", "let me check my", "let me look at my", "i'll check my",
        "te llamo", "le llamo", "llamo después", "llamo despues", "llámeme", "llameme",
    ]),
    rule(F::CheckWithOther, Customer, true, &[
        "check with my", "talk to my", "talk with my", "ask my", "run it by", "run this by",
        "run that by", "discuss it with", "discuss with my", "talk it over", "talk it through",
        "see what my", "let my husband", "let my wife", "my wife handles", "my husband handles",
        "my wife decides", "my husband decides", "wife makes", "husband makes", "consult with",
        "check with the landlord", "ask the landlord", "talk to the landlord", "call my landlord",
        "check with the owner", "get approval", "need approval", "okay it with", "ok it with",
        "clear it with", "wife's call", "husband's call", "ask the boss", "call my son", "call my daughter", "ask my son", "check with him", "check with her",
        "talk to him", "talk to her", "esposo", "esposa", "my better half", "the wife",
        "the hubby", "the missus", "my partner", "run it past", "hoa", "homeowners association",
        "the board", "property manager", "property management", "the owner", "co-owner",
        "my mom", "my dad", "my mother", "my father", "my landlord", "the landlord", "mi esposo",
        "mi esposa", "mi marido", "mi señora", "el dueño", "la dueña",
    ]),
    rule(F::UrgentProblem, Customer, true, &[
        "no heat", "no heating", "heat isn't", "heat's not", "heat is not", "heat went out",
        "heat quit", "heat stopped", "heater quit", "heater stopped", "heater isn't",
        "furnace stopped", "furnace quit", "furnace died", "furnace is out", "furnace went out",
        "furnace won't", "furnace isn't", "furnace is not", "furnace's not", "furnace stopped working",
        "not heating", "blowing cold", "freezing", "house is cold", "it's cold in", "so cold",
        "degrees in", "no ac", "no a/c", "no a.c.", "no air", "ac is out", "ac went out",
        "ac stopped", "ac quit", "ac died", "ac isn't", "ac's not", "ac is not", "ac won't",
        "a/c stopped", "a/c isn't", "a/c is out", "air conditioner stopped", "air conditioner isn't",
        "air conditioning stopped", "air isn't", "air's not", "air is not", "not cooling",
        "blowing warm", "blowing hot", "warm air", "hot air", "so hot", "sweltering", "leak",
        "leaking", "leaks", "leaky", "flood", "flooding", "flooded", "water everywhere",
        "water all over", "water on the floor", "standing water", "burst", "busted pipe",
        "pipe broke", "broken pipe", "pipe burst", "no hot water", "no water", "cold showers",
        "sewage", "sewer", "backing up", "backed up", "overflowing", "overflowed", "spark",
        "sparking", "sparks", "sparked", "burning smell", "smells like burning", "smell burning",
        "smell of burning", "smoke", "smoking", "scorch", "scorched", "melted", "gas smell",
        "smell gas", "smells like gas", "smelled gas", "rotten egg", "carbon monoxide",
        "co detector", "keeps tripping", "power is out", "power's out", "no power", "lost power",
        "half the house", "outlets are dead", "outlets stopped", "dripping", "coming through the ceiling",
        "water coming in", "water coming through", "shingles blew", "blew off", "tree fell",
        "tree came down", "hole in the roof", "tarp", "wet spot", "water stain", "water spot", "water damage", "nothing coming out", "emergency", "urgent", "asap",
        "right away", "as soon as possible", "no funciona", "no sirve", "fuga", "gotea",
        "goteando", "huele a gas", "chispas", "sin calefacción", "no hay agua caliente",
        "no hay calefacción", "se inundó",
    ]),
    rule(F::ServiceNeed, Customer, true, &[
        "need a", "need someone", "need somebody", "need you", "need to get", "looking for someone",
        "looking to get", "looking to have", "looking to replace", "want to get", "wanted to get",
        "want to have", "wanted to have", "like to get", "like to have", "replace", "replaced",
        "replacement", "install", "installed", "installation", "new unit", "new system",
        "tune-up", "tune up", "maintenance", "inspection", "inspected", "upgrade", "ev charger",
        "outlet", "outlets", "rewire", "wiring", "water heater", "tankless", "clog", "clogged",
        "drain", "toilet", "faucet", "disposal", "shingles", "gutter", "gutters", "roof",
        "skylight", "thermostat", "ductwork", "ducts", "mini split", "mini-split", "heat pump",
        "making a noise", "making noise", "noise", "rattling", "rattle", "loud", "squealing", "banging", "buzzing",
        "not working", "stopped working", "isn't working", "quit working", "won't turn on",
        "won't start", "broken", "broke", "repair", "fix", "fixed", "take a look", "come out",
        "send someone", "aire acondicionado", "calentador", "techo", "arreglar",
    ]),
    rule(F::AvailabilityObjection, Customer, true, &[
        "too late", "too long", "that long", "too far out", "sooner", "earliest", "earlier",
        "anything today", "someone today", "anyone today", "anybody today", "nobody today", "no one today", "at all today", "out today",
        "come today", "today if", "tonight", "this afternoon", "this evening", "this weekend",
        "on the weekend", "saturday", "can't wait", "cannot wait", "not until", "before then",
        "first available", "any openings", "nothing sooner", "nothing earlier", "can't do",
        "doesn't work for me", "won't work for me", "don't work for me", "i work during",
        "i'm at work", "not home", "won't be home", "hoy mismo",
    ]),
    rule(F::ShoppingAround, Customer, true, &[
        "other quotes", "other estimates", "other prices", "couple of quotes", "couple quotes",
        "few quotes", "several quotes", "three quotes", "two quotes", "couple of estimates",
        "few estimates", "couple of prices", "few prices", "compare", "comparing", "comparison",
        "shop around", "shopping around", "other companies", "another company", "a few companies",
        "couple companies", "couple of companies", "few places", "couple places", "other places",
        "calling around", "call around", "second opinion", "other bids", "a few bids", "other guys",
        "somebody else quoted", "someone else quoted", "got a quote from", "another quote",
    ]),
    rule(F::SpanishSpeaker, Customer, false, &[
        "español", "espanol", "spanish", "no hablo", "hablo", "inglés", "ingles", "poquito",
        "gracias", "por favor", "señor", "señora", "necesito", "mi casa", "bueno", "sí", "entiendo",
    ]),
    rule(F::RenterMention, Customer, false, &[
        "i rent", "i'm renting", "we rent", "we're renting", "renting", "renter", "tenant",
        "my landlord", "the landlord", "property manager", "management company", "apartment",
    ]),
    rule(F::WrongNumber, Customer, true, &[
        "wrong number", "wrong place", "dialed wrong", "misdialed", "is this not", "isn't this",
        "pizza", "is this the pharmacy", "thought this was", "i was trying to reach",
        "i must have", "sorry wrong",
    ]),
    rule(F::WrongNumber, Agent, false, &[
        "wrong number", "you have the wrong", "you've got the wrong", "you may have the wrong",
        "this is not", "this isn't", "not a pizza", "you've reached a",
    ]),
    rule(F::RenterCannotAuthorize, Customer, false, &[
        "can't authorize", "cannot authorize", "can't approve", "cannot approve",
        "not authorized", "not allowed to", "no authority", "don't have the authority",
        "landlord has to", "landlord needs to", "landlord would have to", "landlord will have to",
        "landlord handles", "landlord takes care", "landlord deals", "owner has to",
        "management handles", "management has to", "can't make that decision",
        "not my decision", "not my call", "not up to me", "can't sign off", "can't book anything",
        "not supposed to call", "they'll send their own", "their own guy", "their own plumber",
        "their own company", "not my house",
    ]),
    rule(F::ExistingJob, Customer, false, &[
        "my invoice", "the invoice", "an invoice", "my bill", "the bill", "billing", "charged me",
        "my appointment", "our appointment", "the appointment tomorrow", "already scheduled",
        "already have an appointment", "already booked with you", "scheduled for",
        "technician is coming", "tech is coming", "guy is coming", "when is the tech",
        "what time is the", "confirm my", "confirm the appointment", "reschedule",
        "warranty", "you guys were out", "you were out", "you came out", "came out last",
        "was out last", "came out yesterday", "the work you did", "the job you did",
        "you installed", "you guys installed", "your tech", "the technician that came",
        "receipt", "refund", "eta", "running late", "on his way", "on their way",
    ]),
    rule(F::VendorPitch, Customer, false, &[
        "seo", "search engine", "google listing", "google business", "your listing",
        "marketing", "more leads", "lead generation", "generate leads", "your website",
        "merchant services", "credit card processing", "processing fees", "business loan",
        "working capital", "we help contractors", "we work with contractors",
        "home service businesses", "home service companies", "sales rep", "i'm a rep",
        "supplier", "distributor", "wholesale", "partnership", "your fleet", "fuel card",
        "advertising", "advertise", "speak with the owner", "speak to the owner",
        "talk to the owner", "the business owner", "decision maker", "our software",
        "our platform", "market research", "free demo", "quick demo", "calling on behalf", "yelp", "angi",
        "reviews for your",
    ]),
    rule(F::Robocall, Customer, false, &[
        "press one", "press 1", "press two", "press 2", "extended warranty", "vehicle warranty",
        "car's warranty", "automated message", "this is an automated", "final notice",
        "congratulations", "you've been selected", "verify your google", "medicare",
        "do not hang up", "this call may be recorded for",
    ]),
    rule(F::JobApplicant, Customer, false, &[
        "are you hiring", "you guys hiring", "y'all hiring", "still hiring", "hiring",
        "job opening", "job posting", "apply for", "applying for", "applied for", "application",
        "my resume", "a resume", "looking for work", "looking for a job", "looking for a position",
        "open position", "technician position", "tech position", "apprentice", "indeed",
        "ziprecruiter", "interview",
    ]),
    rule(F::CancelRequest, Customer, true, &[
        "cancel my", "cancel the", "cancel our", "to cancel", "cancel it", "cancel that",
        "cancelling", "canceling", "cancel tomorrow", "call it off",
    ]),
    rule(F::OutOfArea, Agent, false, &[
        "out of our service area", "outside our service area", "outside of our service area",
        "not in our service area", "outside our area", "out of our area", "we don't service",
        "we do not service", "don't service that", "don't cover that", "don't go out that far",
        "don't go that far", "too far out for us", "too far for us", "we only service",
        "we only cover", "don't travel",
    ]),
    rule(F::OutOfArea, Customer, false, &[
        "too far for you", "you don't come out", "you don't service", "you guys don't go",
    ]),
    rule(F::CutOff, Customer, false, &[
        "i'm driving", "im driving", "i'm in the car", "in the car right now", "pulling in",
        "pulling into", "gotta go", "got to go", "have to go", "i gotta run", "gotta run",
        "call you right back", "call you back in", "hold on", "hang on", "one sec", "one second",
        "my kid", "the kids", "the baby", "at the door", "doorbell", "door bell", "breaking up",
        "can you hear me", "are you there", "you still there", "losing you", "lost you",
        "bad signal", "bad connection", "no signal", "bad reception", "cutting out",
        "phone's dying", "phone is dying", "phone's about to die", "battery", "in a meeting",
        "at work right now", "on my lunch", "let me step out", "let me pull over", "estoy manejando",
        "ahorita le llamo", "ahorita te llamo", "se corta", "no le escucho", "no te escucho",
        "me tengo que ir", "espéreme", "espereme", "lose you", "you might lose",
        "into a tunnel", "the tunnel", "power just went out", "power went out", "one percent",
        "gotta be quick", "got to be quick", "on break", "my supervisor", "my boss is",
        "my phone's on", "can't hear you", "cant hear you", "i can't hear", "i cant hear",
        "you there", "hello hello",
    ]),
    rule(F::Financing, Customer, true, &[
        "financing", "finance", "financed", "payment plan", "payment plans", "monthly payment",
        "monthly payments", "per month", "a month for", "credit check", "no interest",
        "interest free", "zero percent", "pay over time", "pay it over", "pay it off",
        "split it up", "split the payments", "installments", "lay away", "layaway",
        "financiamiento", "a plazos", "pagos mensuales", "en pagos",
    ]),
    rule(F::AfterHoursFee, Customer, true, &[
        "after hours", "after-hours", "afterhours", "weekend rate", "weekend fee",
        "weekend charge", "emergency rate", "emergency fee", "emergency charge",
        "emergency service fee", "overtime", "holiday rate", "night rate", "after five",
        "after 5", "charge extra", "extra charge", "extra for", "charge more", "same day fee",
        "same-day fee", "rush fee", "time and a half", "sunday rate", "saturday rate",
        "fin de semana", "cobran extra",
    ]),
    rule(F::WantsVisit, Customer, true, &[
        "come out", "come look", "come take a look", "come by", "come over", "someone out",
        "somebody out", "send someone", "send somebody", "send a tech", "send a guy",
        "send out", "have someone look", "have somebody look", "look at it", "look at them",
        "look at my", "take a look", "check it out", "get someone out", "get somebody out",
        "get a tech", "set up an appointment", "make an appointment", "book an appointment",
        "schedule", "when can you", "when could you", "how soon", "your availability",
        "do you have anything", "any appointments", "an opening", "get on the schedule",
        "venir", "mandar a alguien", "una cita", "que vengan", "que venga",
    ]),
    rule(F::NewWorkWhileCalling, Customer, false, &[
        "while i have you", "while i've got you", "while i got you", "while ive got you",
        "while you're on", "while youre on", "while i'm on the phone", "while im on the phone",
        "one more thing", "one other thing", "another thing", "also wanted", "also need",
        "also been", "also thinking", "also looking", "separate question", "unrelated",
        "different question", "on another note", "been meaning to", "oh and", "oh also",
        "and also", "on a different", "otra cosa", "aparte de eso", "también quería",
        "tambien queria", "since i have you", "since i got you", "since i've got you",
        "since ive got you", "since you're on", "since youre on", "now while", "while we're talking",
        "ya que lo tengo", "ya que la tengo", "ya que te tengo", "ya que estoy hablando",
    ]),
    rule(F::AsksForCallback, Customer, true, &[
        "can somebody call me", "can someone call me", "could somebody call me",
        "could someone call me", "have somebody call me", "have someone call me",
        "somebody give me a call", "someone give me a call", "can you call me", "could you call me",
        "call me next", "call me tomorrow", "call me later", "call me after", "call me this",
        "call me when", "call me to set", "call me back to set", "call me back and set",
        "give me a call", "reach me at", "best number", "me pueden llamar", "me puede llamar",
        "llámeme", "llameme", "me llaman", "me llama",
    ]),
    rule(F::Declined, Customer, false, &[
        "not interested", "no thanks", "no thank you", "we're good", "we are good",
        "we're all set", "i'm all set", "all set thanks", "i'll pass", "ill pass",
        "never mind", "nevermind", "forget it", "don't bother", "do it myself", "do it ourselves",
        "just curious", "don't need anything", "no need to", "take me off", "stop calling",
        "no gracias", "no me interesa",
    ]),
    rule(F::BookedElsewhere, Customer, true, &[
        "already booked with someone", "already booked someone", "booked someone else",
        "booked with another", "already hired", "hired someone", "went with another",
        "went with someone", "going with another", "going with someone else", "found someone",
        "found another", "got someone else", "someone else is coming", "someone else coming",
        "someone else already", "another company is coming", "another company coming",
        "already have someone", "already got someone", "decided to go with",
        "already scheduled with another", "already scheduled with someone", "already took care",
        "already fixed", "got it fixed", "my brother-in-law fixed", "fixed it myself",
    ]),
];

/// Phrases that, just before a positive phrase in the same clause, turn it around.
#[rustfmt::skip]
pub(crate) const NEGATION_CUES: &[&str] = &[
    "don't need", "do not need", "dont need", "don't want", "do not want", "dont want",
    "not looking", "no need", "not asking", "not calling", "didn't ask", "did not ask",
    "not interested", "never asked", "not after", "no longer", "won't", "will not",
    "not gonna", "not going to", "haven't", "have not", "hasn't", "never", "don't have to",
];

/// Words that negate the phrase right after them ("not leaking", "no leak", "never a price").
#[rustfmt::skip]
pub(crate) const NEGATING_WORDS: &[&str] = &[
    "not", "no", "never", "without", "nothing", "isn't", "isnt", "don't", "dont", "didn't",
    "didnt", "doesn't", "doesnt", "wasn't", "wasnt", "aren't", "arent",
];

/// Words skipped when looking for the negating word just before a phrase.
#[rustfmt::skip]
pub(crate) const SKIPPABLE: &[&str] = &["a", "an", "the", "any", "for", "about", "to", "really", "even"];

/// What the agent's reason text means, by keyword. The excuse list lives in `classify`.
#[rustfmt::skip]
pub(crate) const REASON_GROUPS: &[(FeatureId, &[&str])] = &[
    (F::ReasonPrice, &["price", "expensive", "cost", "quote", "estimate", "fee", "budget", "financ"]),
    (F::ReasonCallBack, &["call back", "callback", "think", "later", "not ready", "undecided"]),
    (F::ReasonDecisionMaker, &["spouse", "wife", "husband", "landlord", "partner", "decision"]),
    (F::ReasonAvailability, &["availab", "schedul", "timing", "too far out", "sooner", "opening", "time that worked"]),
    (F::ReasonShopping, &["shopping", "compar", "other quote", "competitor"]),
    (F::ReasonOutOfArea, &["service area", "out of area", "outside area", "too far"]),
    (F::ReasonBookedElsewhere, &["booked elsewhere", "went with", "hired someone", "another company", "already booked"]),
    (F::ReasonHungUp, &["hung up", "hang up", "disconnect", "dropped"]),
];

/// What the agent's free-text notes mean, by keyword.
#[rustfmt::skip]
pub(crate) const NOTE_GROUPS: &[(FeatureId, &[&str])] = &[
    (F::NotesInterest, &[
        "financ", "interested", "call back", "callback", "call them back", "follow up",
        "quote", "estimate", "compare", "membership", "wants", "asked about", "not today",
        "price", "call after", "spouse", "wife", "husband",
    ]),
    (F::NotesUrgent, &[
        "no heat", "no ac", "no a/c", "leak", "flood", "burst", "spark", "burning", "gas smell",
        "smell gas", "emergency", "urgent", "asap", "no hot water", "no power", "backed up",
    ]),
    (F::NotesNotALead, &[
        "wrong number", "vendor", "solicit", "sales call", "spam", "robocall", "applicant",
        "resume", "invoice", "billing", "warranty", "cancel", "already booked", "went with",
        "out of area", "outside service area", "not a lead", "existing appointment", "existing job",
        "personal call", "hiring",
    ]),
    (F::NotesRenter, &[
        "needs landlord approval", "landlord must", "landlord has to", "can't authorize",
        "cannot authorize", "not authorized", "not the owner", "renter; needs",
    ]),
];

/// What an agent says while booking: a call that ends on one of these (the agent's words last)
/// was cut off before the booking finished.
#[rustfmt::skip]
pub(crate) const AGENT_BOOKING_PHRASES: &[&str] = &[
    "does that work", "would that work", "will that work", "that work for you",
    "what's the address", "what is the address", "the address", "can i get your",
    "could i get your", "may i get your", "can i have your", "may i have", "spell your",
    "spell that", "zip code", "morning or afternoon", "morning or the afternoon",
    "i have an opening", "i have a window", "we have an opening", "we have a window",
    "i can get you", "i can put you", "i can fit you", "i can book", "let me book",
    "get you scheduled", "get you on the schedule", "how about", "what time works",
    "what day works", "best number", "callback number", "phone number", "your name",
    "last name", "email", "are you still there", "you still there", "are you there", "hello",
    "can you hear me", "la dirección", "su nombre", "le parece",
];

/// How an agent ends a call that ended normally; the last words holding one of these are no
/// sign of a cut-off.
#[rustfmt::skip]
pub(crate) const AGENT_CLOSING_PHRASES: &[&str] = &[
    "have a good", "have a great", "have a nice", "thank you for calling", "thanks for calling",
    "bye", "take care", "talk to you", "you're welcome", "no problem", "sounds good",
];
