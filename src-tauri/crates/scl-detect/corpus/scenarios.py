"""Pools of turns per trade and per scenario for build_corpus.py. Each scenario's `make` returns
the turns, the agent's reason and notes, the label and a note saying why."""

A, C = "agent", "customer"

AGENTS = ["Dana", "Marcus", "Tasha", "Luis", "Kim", "Brenda", "Omar", "Jess", "Rick", "Alma"]
DAYS = ["Thursday", "Friday", "Monday", "Wednesday", "next Tuesday"]
WINDOWS = ["eight to noon", "noon to four", "between one and five", "first thing, eight to ten"]

TRADES = {
    "hvac": {
        "account": 1,
        "company": "Summit Heating and Air",
        "urgent": [
            "My furnace stopped working last night and it's fifty-five degrees in the house.",
            "The heat's not coming on at all. Thermostat says heat but it's blowing cold air.",
            "Our AC quit this morning and it's like ninety-two inside, and I've got a newborn.",
            "The air conditioner runs but it's only blowing warm air.",
            "There's water leaking out of the furnace all over the basement floor.",
            "I smell something burning whenever the furnace kicks on.",
            "The outside unit made a horrible grinding noise and shut off. We have no AC now.",
            "Our heat went out and my mom is staying with us, she's eighty-four.",
        ],
        "routine": [
            "I'd like to get a price on replacing our furnace, it's about twenty years old.",
            "We want a tune-up on the AC before summer.",
            "I'm interested in a ductless mini split for the garage.",
            "The thermostat's been acting weird, it keeps resetting itself.",
            "The upstairs never cools down and we're thinking about a second system.",
            "We're looking at maybe a heat pump, trying to figure out our options.",
            "The blower is pretty loud lately, kind of a rattle.",
        ],
        "clarify": [
            [(A, "How old is the system, do you know?"), (C, "I want to say fifteen years? It came with the house.")],
            [(A, "Is it gas or electric?"), (C, "Gas I think. There's a pilot light thing.")],
            [(A, "Is the thermostat showing anything, like an error?"), (C, "It just says cool on, and the fan runs.")],
            [(A, "Have you changed the filter recently?"), (C, "Um, probably not as often as I should.")],
        ],
        "fee": [
            "Our diagnostic fee is eighty-nine dollars, and that goes toward the repair.",
            "There's a ninety-nine dollar service call, then the tech gives you options.",
            "A new system usually runs between seven and twelve thousand installed, depending on size.",
            "Replacement furnaces typically start around forty-five hundred.",
        ],
    },
    "plumbing": {
        "account": 2,
        "company": "Blue Ridge Plumbing",
        "urgent": [
            "My water heater is leaking into the garage.",
            "A pipe burst under the kitchen sink and there's water everywhere.",
            "Our basement floor drain is backing up and it smells like sewage.",
            "We've had no hot water since yesterday morning.",
            "The toilet is overflowing and I can't get it to stop.",
            "Every drain in the house is gurgling, I think the main line is clogged.",
            "There's a wet spot on the ceiling under the upstairs bathroom and it keeps growing.",
        ],
        "routine": [
            "I want to swap my old tank water heater for a tankless one.",
            "The kitchen faucet drips and I want a new one put in.",
            "Looking at repiping, the house still has the old galvanized pipes.",
            "I need a new garbage disposal installed.",
            "The toilet in the hall bath runs all night.",
            "I'd like a water softener put in.",
        ],
        "clarify": [
            [(A, "Were you able to shut the water off?"), (C, "Yeah, my neighbor helped me find the valve.")],
            [(A, "How old is the water heater?"), (C, "Twelve years maybe. It's the original one.")],
            [(A, "Is it just the one drain or more than one?"), (C, "Kitchen and the tub both, I think.")],
            [(A, "Is this a house or a condo?"), (C, "Single family, two story.")],
        ],
        "fee": [
            "Our trip charge is seventy-nine dollars and the plumber quotes the repair on site.",
            "A fifty gallon water heater starts around fourteen hundred installed.",
            "Tankless conversions usually run thirty-five hundred to five thousand.",
            "Drain cleaning starts at one sixty-nine for the main line.",
        ],
    },
    "electrical": {
        "account": 3,
        "company": "Brightline Electric",
        "urgent": [
            "Half the outlets in my house just went dead.",
            "An outlet sparked when I plugged in the vacuum and now it's all black around it.",
            "There's a burning smell coming from the electrical panel.",
            "The kitchen breaker keeps tripping every few minutes.",
            "The lights keep flickering and there's kind of a hot plastic smell.",
            "After the storm we lost power to the back half of the house.",
        ],
        "routine": [
            "We're getting an EV and need a charger installed in the garage.",
            "I was told I need a panel upgrade, we only have a hundred amp panel.",
            "I'd like some recessed lights put in the living room.",
            "Want to add a couple of outlets in the basement.",
            "I need a ceiling fan installed in the bedroom.",
            "We're thinking about a whole-house generator.",
        ],
        "clarify": [
            [(A, "Have you tried resetting the breaker?"), (C, "Yeah, twice. It flips right back.")],
            [(A, "Is it one room or the whole house?"), (C, "Mostly the kitchen and the dining room.")],
            [(A, "Do you know how old the panel is?"), (C, "No idea, the house was built in the seventies.")],
            [(A, "Is the panel inside or outside?"), (C, "It's in the garage.")],
        ],
        "fee": [
            "Our service call is one twenty-nine, and that includes the first half hour.",
            "Panel upgrades usually run between two and four thousand.",
            "A level two charger install is typically eight hundred to fifteen hundred.",
            "The diagnostic visit is ninety-nine dollars.",
        ],
    },
    "roofing": {
        "account": 4,
        "company": "Peak Roofing",
        "urgent": [
            "We've got a roof leak after last night's storm, water's coming through the bedroom ceiling.",
            "A tree limb came down on the roof and there's a hole.",
            "The wind took a bunch of shingles off and it's supposed to rain tomorrow.",
            "There's water dripping around the skylight every time it rains.",
            "Hail hit us pretty hard last week and now there's a leak in the attic.",
        ],
        "routine": [
            "I'd like an estimate for a full roof replacement, it's about twenty-five years old.",
            "The gutters are pulling away from the house.",
            "We're selling the house and the buyer wants a roof inspection.",
            "Some of the shingles look curled, I want someone to take a look.",
            "I'm interested in a metal roof and wanted some information.",
        ],
        "clarify": [
            [(A, "Is it a shingle roof?"), (C, "Yes, asphalt shingles.")],
            [(A, "Is water coming in right now?"), (C, "Not right now, it stopped when the rain stopped.")],
            [(A, "One story or two?"), (C, "Two story, pretty steep.")],
            [(A, "Do you have homeowners insurance you'd file with?"), (C, "We do, State Farm.")],
        ],
        "fee": [
            "Inspections are free, and a full replacement usually runs twelve to eighteen thousand.",
            "Emergency tarping is three fifty, then we quote the repair.",
            "Repairs like that usually run four to nine hundred.",
            "Gutter replacement is about ten dollars a foot.",
        ],
    },
}

FILLERS = ["Um, ", "Uh, ", "Yeah, ", "So, ", "Okay so ", "Well, ", "Hi, yeah, ", "Hey, um, "]

PADDING = [
    [
        [(A, "Can I get your name?"), (C, "Sure, it's Pat Hollis. H-O-L-L-I-S.")],
        [(A, "And your first and last name?"), (C, "Maria Delgado.")],
        [(A, "Who am I speaking with?"), (C, "This is Kevin, Kevin Marsh.")],
    ],
    [
        [(A, "What's the address there?"), (C, "It's 4410 Juniper Court, that's off of Elm, by the school.")],
        [(A, "And the service address?"), (C, "1822 West Ridge Drive, unit B. It's the one with the blue door.")],
        [(A, "What's the zip code?"), (C, "Eight oh two one four. Is that close to you guys?"), (A, "Yes, we're out there all the time.")],
    ],
    [
        [(A, "Is this the best number to reach you?"), (C, "Yeah this is my cell, that's the best one.")],
        [(A, "Is there a better number for a text?"), (C, "No, this one's fine.")],
    ],
    [
        [(A, "How did you hear about us?"), (C, "My neighbor used you guys last year.")],
        [(A, "How'd you find us today?"), (C, "Saw one of your trucks on the highway, honestly.")],
        [(A, "Were you referred by someone?"), (C, "Google, I think. You had good reviews.")],
    ],
    [
        [(C, "Sorry, the dog is going crazy, hold on one second."), (A, "No problem, take your time."), (C, "Okay, sorry about that.")],
        [(A, "Crazy weather we've been having."), (C, "Tell me about it. It's been all over the place this week.")],
        [(C, "It's been doing this on and off for a week and I kept hoping it would sort itself out."), (A, "That happens a lot, honestly.")],
        [(C, "My husband usually deals with this stuff but he's traveling for work."), (A, "Totally understand.")],
        [(C, "We just moved in three months ago, so I don't really know the history of anything in this house."), (A, "That's okay, the tech will look at everything.")],
    ],
    [
        [(A, "Is there a gate code or anything the tech needs?"), (C, "No gate. Just park in the driveway, the side door is easiest.")],
        [(A, "Any pets we should know about?"), (C, "Two dogs, but they're friendly, and I can put them in the back room.")],
        [(A, "Can I get an email for the confirmation?"), (C, "Sure, it's my first initial and last name at gmail. Do you need me to spell it?"), (A, "That's okay, I've got it.")],
    ],
    [
        [(C, "Last time we had somebody out, different company, they were in and out in ten minutes and nothing got fixed."), (A, "I'm sorry to hear that. Our techs take their time and explain everything.")],
        [(C, "I've been looking at videos online trying to figure it out myself but I'm not touching that."), (A, "Probably smart, honestly.")],
        [(C, "The neighbors had the same thing happen last winter, so I figured it was time to call somebody."), (A, "It's pretty common this time of year.")],
    ],
]


def greet(R, t):
    name = R.choice(AGENTS)
    return (A, R.choice([
        f"Thank you for calling {t['company']}, this is {name}, how can I help you?",
        f"{t['company']}, this is {name} speaking.",
        f"Good afternoon, {t['company']}, {name} speaking, how can I help?",
        f"Thanks for calling {t['company']}. My name is {name}. What can I do for you today?",
    ]))


def opening(R, t, kind):
    problem = R.choice(t[kind])
    return (C, R.choice(["Hi. ", "Hi there. ", "Hey. ", "Hello, yes. ", ""]) + problem)


def slot(R):
    return (A, R.choice([
        f"The first opening I have is {R.choice(DAYS)}, {R.choice(WINDOWS)}.",
        f"I can get a technician out {R.choice(DAYS)} in the {R.choice(['morning', 'afternoon'])}.",
        f"We're pretty booked up, earliest would be {R.choice(DAYS)}.",
    ]))


def fee(R, t):
    return (A, R.choice(t["fee"]))


def bye(R):
    return (A, R.choice([
        "Okay, no problem. Give us a call anytime.",
        "Sounds good. Have a good day.",
        "Alright, thanks for calling.",
        "Okay, we're here if you need us.",
    ]))


def start(R, t, kind):
    turns = [greet(R, t), opening(R, t, kind)]
    turns.extend(R.choice(t["clarify"]))
    return turns


# ---------------------------------------------------------------------------------------------
# Positive scenarios: a customer with work for us who did not book.

def availability(R, t):
    turns = start(R, t, "urgent") + [slot(R)]
    turns.append((C, R.choice([
        "That's way too late, we can't go that long like this.",
        "Is there really nothing sooner? I was hoping somebody could come today.",
        "I work during the week, I'd need an evening or a Saturday.",
        "Hmm. I can't wait that long with it like this.",
        "That's days away. What's the earliest you've got, honestly?",
        "Nobody at all today? Even late?",
        "Man, that's a long time to go without it.",
        "I'll be at work then. Do you have anything first thing in the morning, like before seven?",
    ])))
    turns.append((A, R.choice([
        "I'm sorry, that's the first one. I can put you on the cancellation list.",
        "Unfortunately we're full, but if something opens up I can call you.",
        "That's all I have right now, I'm sorry.",
    ])))
    turns.append((C, R.choice([
        "Okay, I'll keep calling around then.",
        "Let me see what else I can find. Thanks.",
        "Alright. Well, if something opens up let me know.",
        "Fine, I'll figure something out.",
    ])))
    turns.append(bye(R))
    reason = R.choice(["No availability that worked", "Scheduling", None, "Other", "Wanted sooner"])
    return dict(turns=turns, reason=reason, label=True, note="urgent need, our first slot was too late")


def price_ask(R, t):
    turns = start(R, t, R.choice(["routine", "urgent"]))
    turns.append((C, R.choice([
        "Before I book anything, how much is this going to run me?",
        "Can you give me a ballpark on what a new one costs?",
        "What do you guys charge just to come out?",
        "Okay and what's that gonna cost, roughly?",
        "Do you have a rough idea of the price?",
        "I just want to know what I'm looking at money-wise.",
        "Is there a charge for the visit? And then what would the repair be?",
        "What would something like that cost me, ballpark?",
    ])))
    turns.append(fee(R, t))
    turns.append((C, R.choice([
        "Okay. Let me think about it and call you back.",
        "Alright, I'm gonna hold off for now. I'll give you a call back.",
        "Got it. Let me check my calendar and I'll get back to you.",
        "Hm okay. I'll let you know.",
        "Okay, that's good to know. I'll call back once I figure out my schedule.",
        "Let me mull it over.",
    ])))
    turns.append(bye(R))
    reason = R.choice(["Wanted a quote only", "Price too high", "Will call back", None, "Customer declined"])
    return dict(turns=turns, reason=reason, label=True, note="asked what it costs and will decide later")


def price_objection(R, t):
    turns = start(R, t, R.choice(["routine", "urgent"])) + [fee(R, t)]
    turns.append((C, R.choice([
        "Eighty-nine dollars just to look at it? That seems like a lot.",
        "Whoa. That's way more than I was expecting.",
        "That's pretty steep for a service call.",
        "I really can't afford that right now. Do you do payment plans?",
        "Do you guys offer any kind of financing? That's a lot of money for us.",
        "Hm, the last company I used was a lot cheaper.",
        "That's kind of out of my budget, honestly.",
        "Jeez. Okay. Is there any discount for seniors?",
    ])))
    turns.append((A, R.choice([
        "I understand. We do have financing through a partner, the tech can go over it.",
        "I hear you. The fee does go toward the repair if you go ahead.",
        "We do have a membership that takes fifteen percent off.",
    ])))
    turns.append((C, R.choice([
        "Let me talk it over and get back to you.",
        "I need to think about it. Thanks though.",
        "I'll have to see. I'll call you.",
        "Okay, I'm going to wait on it for now.",
    ])))
    turns.append(bye(R))
    reason = R.choice(["Price too high", "Price too high", "Financing", None, "Other"])
    return dict(turns=turns, reason=reason, label=True, note="balked at the price; financing might save it")


def spouse(R, t):
    day = R.choice(["Friday", "tomorrow", "Monday", "tonight", "this weekend", "Thursday"])
    turns = start(R, t, R.choice(["routine", "routine", "urgent"])) + [fee(R, t)]
    turns.append((C, R.choice([
        f"I need to talk to my wife first, she handles this stuff. Can you call me back {day}?",
        "Let me run it by my husband tonight.",
        f"I'll have to check with my partner. Maybe {day}?",
        "My wife makes these decisions, I'll talk to her when she gets home.",
        "I'd want to discuss it with my husband before we spend that kind of money.",
        f"I gotta ask the boss at home, you know, my wife. I'll know more {day}.",
        "Okay, I'll talk to my husband and we'll decide.",
    ])))
    turns.append((A, R.choice([
        "Of course. Want me to pencil something in just in case?",
        f"Absolutely, I'll make a note to follow up.",
        "No problem at all.",
    ])))
    turns.append((C, R.choice(["No, not yet. Thank you.", "Let's wait. Thanks.", "I'll let you know.", "That's fine, thanks."])))
    turns.append(bye(R))
    reason = R.choice(["Needs to check with spouse", "Needs to check with spouse", "Will call back", None])
    return dict(turns=turns, reason=reason, label=True, note="decision waits on the spouse")


def shopping(R, t):
    turns = start(R, t, R.choice(["routine", "urgent"])) + [fee(R, t)]
    turns.append((C, R.choice([
        "Okay. I'm getting a couple of quotes before I decide.",
        "I've got two other companies coming to look at it this week.",
        "I'm calling around to compare prices, so I'll let you know.",
        "Somebody else quoted me a lot less. Can you match it?",
        "Alright, I'll see what the other guys say.",
        "I want a second opinion before I replace the whole thing.",
        "I'm just seeing what's out there right now.",
    ])))
    turns.append((A, R.choice([
        "Sure. We can come out and give you a written estimate.",
        "Understood. We're happy to take a look for free.",
        "That makes sense. Our estimates are free if you want one.",
    ])))
    turns.append((C, R.choice(["I'll call you if I want one.", "Not right now, thanks.", "Maybe. I'll get back to you.", "I'll think about it."])))
    turns.append(bye(R))
    reason = R.choice(["Shopping around", "Shopping around", "Price too high", None])
    return dict(turns=turns, reason=reason, label=True, note="comparing companies; callback can win it")


def think(R, t):
    turns = start(R, t, "routine") + [slot(R)]
    turns.append((C, R.choice([
        "Let me look at my schedule and I'll call you back.",
        "I'm at work right now, can I call you back later today?",
        "I'm gonna sleep on it, but I'll probably call back.",
        "Okay. I'll circle back with you guys.",
        "I'll reach out when I'm ready, I'm not quite there yet.",
        "Can you call me back tomorrow? I'm driving.",
        "Let me think it over and get back with you.",
    ])))
    turns.append(bye(R))
    reason = R.choice(["Will call back", "Will call back", None, "Customer not ready"])
    return dict(turns=turns, reason=reason, label=True, note="real job, customer wants to call back")


def spanish(R, t):
    turns = [greet(R, t)]
    turns.append((C, R.choice([
        "Hola, sí, hello. Mi aire acondicionado no funciona. No AC. Hablo poquito inglés.",
        "Hello, eh, necesito ayuda. El calentador de agua, water heater, gotea mucho. Fuga.",
        "Sí, hello, mi casa no tiene luz en la cocina. Electric. No funciona. Español?",
        "Hola. El techo, roof, tiene una gotera, water coming in. Por favor.",
    ])))
    turns.append((A, "I'm sorry, I don't speak Spanish. Can you hold while I find someone?"))
    turns.append((C, R.choice(["Sí, sí. Okay.", "Okay, gracias.", "Sí, wait, okay."])))
    turns.append((A, "I'm sorry, nobody who speaks Spanish is available right now."))
    turns.append((C, R.choice([
        "Okay. Me llaman, please, call me back. Gracias.",
        "Okay. Cuánto cuesta? How much? ... Okay, gracias, bye.",
        "No problem, mi hija speaks English, she call later. Gracias.",
    ])))
    reason = R.choice(["Language barrier", None, "Other", "Caller hung up"])
    return dict(turns=turns, reason=reason, label=True, note="Spanish speaker with a real problem; call back in Spanish")


def existing_plus_new(R, t):
    turns = [greet(R, t)]
    turns.append((C, R.choice([
        "Hi, I had a question about my invoice from last week, the tech charged me for two hours.",
        "Hey, you guys were out here last month and I got a bill I don't quite understand.",
        "I'm calling about the warranty on the part you installed in the spring.",
    ])))
    turns.append((A, "Sure, let me pull that up. Okay, I see it. I'll send that over to billing and they'll call you."))
    problem = R.choice(t["urgent"])
    turns.append((C, "Okay. Oh, and while I have you, " + problem[0].lower() + problem[1:]))
    turns.append(slot(R))
    turns.append((C, R.choice([
        "That's too far out. I'll see if I can find someone sooner.",
        "Hmm, how much would that one be?",
        "Let me check with my wife and call you back about that.",
    ])))
    turns.append(bye(R))
    reason = R.choice(["Existing customer", "Other", None, "Other"])
    return dict(turns=turns, reason=reason, label=True, note="existing customer with a new problem on top")


def renter_can(R, t):
    turns = [greet(R, t), opening(R, t, "urgent")]
    turns.append((A, "Do you own the home or rent?"))
    turns.append((C, R.choice([
        "I rent, but my landlord told me to go ahead and get someone out, he'll pay for it. I can approve it.",
        "I'm a tenant, but I handle repairs here and the owner reimburses me.",
        "We rent. The landlord lives out of state so he has us schedule everything ourselves.",
    ])))
    turns.append(slot(R))
    turns.append((C, R.choice(["Nothing sooner than that?", "Okay, let me check when I'm off work and call you back.", "How much is the visit?"])))
    turns.append(bye(R))
    return dict(turns=turns, reason=R.choice([None, "Will call back", "Other"]), label=True,
                note="renter who can authorize the work")


def landlord_calls(R, t):
    turns = [greet(R, t)]
    problem = R.choice(t["urgent"])
    turns.append((C, "Hi, I own a rental on Maple, and my tenant says " + problem[0].lower() + problem[1:]))
    turns.append((A, "Sorry to hear that. Do you want us to coordinate with the tenant?"))
    turns.append((C, "Yes. What would you charge for the visit? I'll call you back once I talk to my tenant about access."))
    turns.append(fee(R, t))
    turns.append(bye(R))
    return dict(turns=turns, reason=R.choice([None, "Will call back"]), label=True, note="owner of a rental, can decide")


def not_cheapest(R, t):
    turns = start(R, t, "urgent")
    turns.append((C, R.choice([
        "I'm not looking for the cheapest, I just want it done right. How soon can someone get here?",
        "I don't need a quote, I need someone today. Can you do today?",
    ])))
    turns.append(slot(R))
    turns.append((C, "That's too late. I'll try somewhere else, thanks."))
    return dict(turns=turns, reason=R.choice(["No availability that worked", None]), label=True,
                note="negation of price but urgent and wanted sooner")


def meta_positive(R, t):
    reason, notes = R.choice([
        ("Price too high", "Customer asked about financing options."),
        ("Will call back", "Very interested, just not today."),
        ("No availability that worked", "Wants morning appointment only."),
        ("Needs to check with spouse", "Asked us to call back after 5pm."),
        ("Shopping around", "Said they'd compare with another company."),
        (None, "No heat, elderly mother in the house. Call back ASAP."),
        ("Wanted a quote only", "Quote for water heater replacement, wants a call back."),
        ("Other", "Leak under sink, customer had to go, asked for a callback."),
    ])
    return dict(turns=[], reason=reason, notes=notes, label=True, talk=R.randint(80, 420),
                note="no transcript; reason and notes show a live job")


def abandoned_long(R, t):
    return dict(kind="abandoned", ring=R.randint(16, 95), reason=R.choice([None, None, "Caller hung up"]),
                label=True, note="waited on hold and gave up; worth one callback")


# ---------------------------------------------------------------------------------------------
# Negative scenarios: no job for us, whatever words were said.

def wrong_number(R, t):
    opener, reply = R.choice([
        ("Hi, yeah, how much is a large pepperoni for delivery?", "Sir, this is a {trade} company. I think you have the wrong number."),
        ("Is this Lucky Dragon? I want to place an order for pickup.", "No ma'am, this is {co}."),
        ("Hi, I'm trying to reach Dr. Patel's office about my prescription.", "You've reached {co}, a {trade} company."),
        ("Hi, I'm calling about the apartment for rent, how much is the rent and is it still available?", "I'm sorry, this is {co}, we don't have any rentals."),
        ("Hello? Is Tanya there?", "There's no Tanya here, this is {co}."),
        ("Yeah, what's the price on the oil change special?", "This isn't the auto shop, this is {co}."),
    ])
    turns = [greet(R, t), (C, opener), (A, reply.format(co=t["company"], trade=R.choice(["plumbing", "heating and air", "roofing", "electrical"])))]
    turns.append((C, R.choice([
        "Oh! My bad, sorry about that.",
        "Oh shoot, I must have dialed wrong. Sorry.",
        "Oh, sorry, wrong number.",
        "Really? Huh. Okay, sorry to bother you.",
    ])))
    turns.append((A, "No problem, have a good one."))
    reason = R.choice([None, "Other", "Caller hung up", "Not a customer"])
    return dict(turns=turns, reason=reason, talk=R.randint(60, 90), label=False, pad=False, note="wrong number")


def vendor(R, t):
    pitch = R.choice([
        "Hi, this is Jake with BrightPath Digital. We help home service businesses get more leads through Google. Is the owner available?",
        "Hey there, I'm calling from Apex Merchant Services, we can lower your credit card processing fees. Who handles that for you?",
        "Good afternoon, I'm a rep with Coastal Supply, we're a distributor of parts and wanted to see who handles your purchasing.",
        "Hi, I'm with FleetLine, we do GPS tracking for service vans, can I speak to the owner?",
        "Hi, I'd love to give your company a quote on your business insurance. Who's the decision maker there?",
        "Hey, quick question, are you happy with your scheduling software? We have a platform built for contractors, I can do a free demo.",
    ])
    turns = [greet(R, t), (C, pitch)]
    turns.append((A, R.choice([
        "We're not interested, thanks.",
        "The owner isn't available. You can send something to our info email.",
        "Please take us off your list.",
    ])))
    turns.append((C, R.choice([
        "Totally understand. Can I just ask what you're paying now? We could probably beat the price.",
        "No problem, I'll send over some info. What's the best email?",
        "Okay, when's a good time to call back and catch him?",
    ])))
    turns.append((A, R.choice(["We're all set. Thanks.", "info at our website. Bye now.", "Try next month. Bye."])))
    reason = R.choice([None, "Other", "Not a customer", "Sales call"])
    return dict(turns=turns, reason=reason, talk=R.choice([0, R.randint(62, 180)]), label=False, pad=False,
                note="vendor pitching us")


def robocall(R, t):
    turns = [greet(R, t), (C, R.choice([
        "This is an automated message regarding your vehicle's extended warranty. Press one to speak with a specialist.",
        "Hello, this is a courtesy call from Google listing services. Press 1 now to verify your business listing.",
        "Congratulations! You've been selected for a free cruise. Press two to claim.",
        "This is your final notice about your business listing. Do not hang up.",
    ])), (A, "Hello? ... It's a recording.")]
    return dict(turns=turns, reason=R.choice([None, "Other", "Caller hung up"]), talk=R.randint(60, 75), label=False,
                pad=False, note="robocall")


def applicant(R, t):
    turns = [greet(R, t), (C, R.choice([
        "Hi, I saw on Indeed you guys are hiring techs? I've got five years doing installs and repair.",
        "I wanted to see if you're taking applications for apprentices.",
        "I dropped off my resume last week and wanted to follow up on the service tech position.",
        "Are you all hiring? I'm a journeyman, just moved here from Ohio, looking for work.",
    ]))]
    turns.append((A, "You can apply on our website under careers, and the service manager reviews them every week."))
    turns.append((C, R.choice(["Okay, do you know if it pays hourly or commission?", "Great, is there an email I can send my resume to?", "Cool, thanks. Who's the service manager?"])))
    turns.append((A, "It's on the careers page. Good luck."))
    return dict(turns=turns, reason=R.choice([None, "Other", "Not a customer"]), talk=R.choice([0, R.randint(62, 150)]),
                label=False, pad=False, note="job applicant")


def existing_only(R, t):
    ask, answer = R.choice([
        ("Hi, I have an appointment tomorrow between eight and noon, I just wanted to confirm the tech is still coming.",
         "Yes, you're confirmed. The diagnostic fee is eighty-nine dollars and it'll be on your invoice."),
        ("Your technician was here Tuesday and I think I was charged twice on my card.",
         "Let me look. I see two charges of one forty-nine, I'll have billing refund one."),
        ("What time is the guy coming today? He was supposed to be here at ten.",
         "He's running about forty minutes behind, he's finishing up a job now."),
        ("I need to reschedule my appointment from Thursday to next week sometime.",
         "Sure, I can move you to Tuesday morning. The price stays the same."),
        ("I just wanted to pay my bill over the phone.",
         "I can take that. The balance is two eighty-nine."),
        ("I'm not looking for a quote or anything, I just need a copy of my invoice for my records.",
         "Sure, I'll email it to you right now."),
        ("No no, I don't need an estimate, your tech left his drill here yesterday.",
         "Oh, thank you! I'll let him know, he'll swing by and grab it."),
    ])
    turns = [greet(R, t), (C, ask), (A, answer)]
    turns.append((C, R.choice(["Okay great, thanks.", "Perfect, that's all I needed.", "Okay. Thank you.", "Sounds good."])))
    turns.append(bye(R))
    reason = R.choice([None, "Other", "Customer service", "Question only"])
    return dict(turns=turns, reason=reason, label=False, note="existing job, appointment or invoice; nothing new")


def cancel(R, t):
    turns = [greet(R, t), (C, R.choice([
        "I need to cancel my appointment for Friday, we decided to hold off.",
        "Yeah, I'm calling to cancel the estimate, we're selling the house.",
        "Please cancel tomorrow's visit, my son was able to fix it.",
        "I just wanted to cancel. We're not going to do the project after all.",
    ]))]
    turns.append((A, "Okay, I've cancelled that for you. Anything else?"))
    turns.append((C, "No, that's it, thanks."))
    return dict(turns=turns, reason=R.choice([None, "Cancellation", "Other"]), talk=R.randint(60, 80), label=False,
                pad=False, note="only wanted to cancel")


def out_of_area(R, t):
    turns = [greet(R, t), opening(R, t, R.choice(["urgent", "routine"]))]
    turns.append((A, "What city are you in?"))
    turns.append((C, R.choice(["We're out in Pueblo West.", "Way out past Fort Collins, in Wellington.", "We're in Sparta, about an hour south.", "Gallatin."])))
    turns.append((A, R.choice([
        "I'm sorry, that's outside our service area, we only cover the metro.",
        "Unfortunately we don't service that area. You might try someone local.",
        "Oh, we don't go out that far, I'm sorry.",
    ])))
    turns.append((C, R.choice(["Oh. Do you know anybody out here?", "Okay, thanks anyway.", "Shoot. Alright."])))
    reason = R.choice(["Out of service area", None, "Other"])
    return dict(turns=turns, reason=reason, label=False, note="outside the service area")


def booked_elsewhere(R, t):
    turns = start(R, t, R.choice(["urgent", "routine"]))
    turns.append((C, R.choice([
        "Actually I already booked with someone else, they're coming this afternoon. I just wanted to ask something.",
        "We went with another company, I just had a question about a part.",
        "Never mind, my brother-in-law fixed it last night. Thanks though.",
        "Oh, you know what, another company is coming in an hour, so I'm good.",
        "I already have someone scheduled, I was calling to see if you'd be cheaper, but it's fine, I'll keep them.",
    ])))
    turns.append(bye(R))
    reason = R.choice(["Booked elsewhere", None, "Other"])
    return dict(turns=turns, reason=reason, label=False, note="already booked with someone else")


def renter_cannot(R, t):
    turns = [greet(R, t), opening(R, t, "urgent")]
    turns.append((A, "Do you own the home or rent?"))
    turns.append((C, R.choice([
        "I'm renting. My landlord has to set up any repairs, I'm not allowed to call anyone myself. I just wanted to know the price.",
        "I'm a tenant. I can't authorize any work, the landlord handles all that. How much would it be though?",
        "We rent, and the management company has to approve it, they use their own guy. I was just curious what it costs.",
        "It's a rental. It's not my decision, the owner has to call you.",
    ])))
    turns.append((A, "Okay. If your landlord calls us we can get it scheduled."))
    turns.append((C, "Okay, I'll tell him. Thanks."))
    return dict(turns=turns, reason=R.choice([None, "Renter", "Other", "Caller not decision maker"]), label=False,
                note="renter who cannot authorize")


def negated_price(R, t):
    turns = [greet(R, t), (C, R.choice([
        "I don't need a price or anything, I just wanted to know if you sell furnace filters.",
        "I'm not looking for an estimate, I wanted to know what brand of water heater you installed for my neighbor.",
        "Not calling for a quote, I'm with the HOA and we're updating the list of contractors.",
    ]))]
    turns.append((A, R.choice(["We don't sell parts to the public, sorry.", "I'm not sure, I'd have to look.", "Okay, sure."])))
    turns.append((C, "Okay, no worries. Thanks."))
    return dict(turns=turns, reason=R.choice([None, "Question only", "Other"]), talk=R.randint(60, 100), label=False,
                pad=False, note="negated price; no job")


def short_answered(R, t):
    turns = [greet(R, t), (C, R.choice([
        "Hello? Hello? I can't hear you.",
        "Sorry, wrong button. Bye.",
        "Oh, is this the plumber? My furnace is... hold on, I'll call you back.",
        "Hi, do you guys do... sorry, I have to go.",
    ]))]
    return dict(kind="short", turns=turns, reason=R.choice([None, "Caller hung up"]), label=False, pad=False,
                note="answered but under a minute")


def abandoned_quick(R, t):
    return dict(kind="abandoned", ring=R.randint(1, 6), reason=R.choice([None, None, "Caller hung up"]),
                label=False, note="hung up within seconds, likely a misdial")


def abandoned_excused(R, t):
    reason = R.choice(["Wrong number", "Spam", "Vendor/solicitor", "Existing job"])
    return dict(kind="abandoned", ring=R.randint(10, 60), reason=reason, label=False,
                note=f"agent checked the number afterwards: {reason}")


def meta_negative(R, t):
    reason, notes = R.choice([
        ("Out of service area", "Lives two hours away."),
        ("Booked elsewhere", "Already hired another company."),
        ("Other", "Wanted to sell us SEO."),
        ("Question only", "Asked for our hours and address."),
        ("Other", "Renter; needs landlord approval. Landlord uses another company."),
        ("Wrong number", None),
        ("Existing job - invoice question", "Wanted a copy of invoice."),
        (None, "Cancel appointment for Tuesday."),
    ])
    return dict(turns=[], reason=reason, notes=notes, label=False, talk=R.randint(65, 200),
                note="no transcript; reason or notes rule it out")


def outbound(R, t):
    turns = [(A, f"Hi, this is {R.choice(AGENTS)} from {t['company']}, just following up on the estimate we sent."),
             (C, "Oh hi. Yeah, we're still thinking about it. How much was it again?"),
             fee(R, t), (C, "Okay, I'll call you back.")]
    return dict(turns=turns, direction="outbound", label=False, note="outbound: we never flag our own calls")


def booked(R, t):
    turns = start(R, t, "urgent") + [slot(R), (C, "Great, let's do it. How much is the visit?"), fee(R, t), (C, "Okay, book it.")]
    return dict(turns=turns, booked=True, label=False, note="booked on the call")


def personal(R, t):
    turns = [greet(R, t), (C, R.choice([
        "Hi, is Mike there? This is his wife, he's not answering his cell.",
        "Hey, it's Tom from the warehouse, is Rick around? Need to ask about the truck.",
    ])), (A, "He's out on a job, I'll have him call you."), (C, "Thanks.")]
    return dict(turns=turns, reason=R.choice([None, "Internal", "Other"]), talk=R.randint(60, 75), label=False, pad=False,
                note="personal or internal call")


SCENARIOS = [
    dict(name="availability", make=availability, count=16),
    dict(name="price ask", make=price_ask, count=16),
    dict(name="price objection", make=price_objection, count=13),
    dict(name="spouse check", make=spouse, count=13),
    dict(name="shopping around", make=shopping, count=12),
    dict(name="will call back", make=think, count=12),
    dict(name="spanish", make=spanish, count=6),
    dict(name="existing customer + new problem", make=existing_plus_new, count=6),
    dict(name="renter can authorize", make=renter_can, count=4),
    dict(name="landlord calling", make=landlord_calls, count=3),
    dict(name="negated price, urgent", make=not_cheapest, count=3),
    dict(name="metadata only, positive", make=meta_positive, count=10),
    dict(name="abandoned after waiting", make=abandoned_long, count=10),
    dict(name="wrong number", make=wrong_number, count=11),
    dict(name="vendor", make=vendor, count=10),
    dict(name="robocall", make=robocall, count=5),
    dict(name="job applicant", make=applicant, count=7),
    dict(name="existing job only", make=existing_only, count=13),
    dict(name="cancel", make=cancel, count=6),
    dict(name="out of area", make=out_of_area, count=7),
    dict(name="booked elsewhere", make=booked_elsewhere, count=8),
    dict(name="renter cannot authorize", make=renter_cannot, count=7),
    dict(name="negated price, no job", make=negated_price, count=5),
    dict(name="short answered", make=short_answered, count=8),
    dict(name="abandoned within seconds", make=abandoned_quick, count=5),
    dict(name="abandoned, excused", make=abandoned_excused, count=4),
    dict(name="metadata only, negative", make=meta_negative, count=8),
    dict(name="outbound", make=outbound, count=3),
    dict(name="booked", make=booked, count=3),
    dict(name="personal call", make=personal, count=3),
]
