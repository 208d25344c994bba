//! Word lists for believable demo data. Phone numbers use the 555-01XX block, which North
//! American numbering reserves for fiction, so a demo callback never rings a real person.

pub const ACCOUNTS: [&str; 4] = [
    "Summit Heating & Air",
    "Blue Ridge Plumbing",
    "Brightline Electric",
    "Peak Roofing Co.",
];

pub const AREA_CODES: [&str; 20] = [
    "303", "720", "970", "719", "512", "737", "602", "480", "615", "629", "214", "469", "972",
    "404", "678", "770", "312", "773", "206", "425",
];

pub const FIRST: [&str; 40] = [
    "James",
    "Maria",
    "Robert",
    "Linda",
    "Michael",
    "Patricia",
    "David",
    "Jennifer",
    "William",
    "Elizabeth",
    "Carlos",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Karen",
    "Matthew",
    "Nancy",
    "Anthony",
    "Lisa",
    "Mark",
    "Betty",
    "Kevin",
    "Sandra",
    "Brian",
    "Ashley",
    "Jorge",
    "Emily",
    "Kenji",
    "Priya",
    "Olu",
    "Fatima",
    "Liam",
    "Sofia",
    "Noah",
    "Mia",
    "Ethan",
    "Chloe",
];

pub const LAST: [&str; 40] = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Nguyen",
    "Okafor",
    "Patel",
    "O'Brien",
    "Kowalski",
];

pub const AGENTS: [&str; 20] = [
    "Dana Whitfield",
    "Marcus Bell",
    "Alicia Romero",
    "Trevor Huang",
    "Keisha Grant",
    "Owen Fitzgerald",
    "Priya Raman",
    "Luis Castillo",
    "Hannah Cole",
    "Jamal Carter",
    "Megan Doyle",
    "Victor Alvarez",
    "Tasha Monroe",
    "Ryan Kessler",
    "Nora Lindqvist",
    "Andre Dubois",
    "Grace Park",
    "Eli Navarro",
    "Brooke Sutton",
    "Samir Haddad",
];

pub const STREETS: [&str; 12] = [
    "Maple Ave",
    "Oak St",
    "Cedar Ln",
    "Pine Ridge Dr",
    "Elm St",
    "Sunset Blvd",
    "Lakeview Rd",
    "Highland Ave",
    "Willow Way",
    "Aspen Ct",
    "Juniper Trl",
    "Mesa Dr",
];

pub const ZONES: [&str; 6] = ["North", "South", "East", "West", "Downtown", "Foothills"];

/// Per trade: (issue the caller raised, why it did not book).
pub const ISSUES: [&[&str]; 4] = [
    &[
        "no heat from the furnace",
        "AC blowing warm air",
        "a noisy blower motor",
        "a furnace tune-up",
        "a thermostat that will not hold temperature",
        "a quote for a new heat pump",
    ],
    &[
        "a leaking water heater",
        "a clogged main drain",
        "a running toilet",
        "low water pressure",
        "a burst pipe under the sink",
        "a quote to repipe the house",
    ],
    &[
        "a panel upgrade for an EV charger",
        "flickering lights",
        "a tripping breaker",
        "outlets not working in the kitchen",
        "a generator install quote",
        "a burning smell from an outlet",
    ],
    &[
        "a roof leak after the storm",
        "missing shingles",
        "a full roof replacement quote",
        "gutter damage",
        "hail damage inspection",
        "a skylight leak",
    ],
];

pub const REASONS: [&str; 8] = [
    "Price too high",
    "Wanted a quote only",
    "No availability that worked",
    "Will call back",
    "Needs to check with spouse",
    "Shopping around",
    "Out of service area",
    "Caller hung up",
];

pub const CSR_NOTES: [&str; 8] = [
    "Customer asked about financing options.",
    "Said they'd compare with another company.",
    "Wants morning appointment only.",
    "Renter; needs landlord approval.",
    "Left before I could offer the membership discount.",
    "Very interested, just not today.",
    "Asked us to call back after 5pm.",
    "Customer said <b>ASAP</b> & \"urgent\" - check the flyout escapes this.",
];

/// What an agent offers once the caller said what they need.
pub const OFFERS: [&str; 4] = [
    "We can have a technician out tomorrow afternoon. The diagnostic fee is eighty nine dollars.",
    "I can get someone there Thursday morning between eight and ten.",
    "We have an opening Friday. The service call is ninety nine dollars.",
    "A new unit like that usually runs between four and six thousand installed.",
];

/// A caller balking at the price.
pub const PRICE_LINES: [&str; 4] = [
    "How much is that going to cost me in total? That's a lot just to come out.",
    "Ninety nine just to look at it? That seems too expensive.",
    "Do you have any financing or a payment plan? That's a lot of money.",
    "Is there any discount? I'm on a fixed income.",
];

/// A caller who wants to think it over.
pub const CALL_BACK_LINES: [&str; 3] = [
    "Let me check my schedule and I'll call you back.",
    "I need to think it over. I'll get back to you tomorrow.",
    "Okay, let me sleep on it and give you a call.",
];

/// A caller who needs someone else's say.
pub const SPOUSE_LINES: [&str; 3] = [
    "I need to check with my wife first. Can you call me back tonight?",
    "Let me talk to my husband and I'll let you know.",
    "I have to run it by my partner before we book anything.",
];

/// A caller getting other quotes.
pub const SHOPPING_LINES: [&str; 3] = [
    "I'm getting a couple of quotes, I'll compare and call you back.",
    "Another company quoted me less, so I'm shopping around.",
    "I'm calling around for prices today, what would it cost?",
];

/// A caller who needed a sooner time.
pub const AVAILABILITY_LINES: [&str; 3] = [
    "Thursday is too long, I need someone today if possible.",
    "Is there anything sooner? I work during the week.",
    "That doesn't work for me, do you have anything this weekend?",
];

/// A customer calling about work already done or booked.
pub const EXISTING_JOB_LINES: [&str; 3] = [
    "I have a question about my invoice from last week.",
    "What time is the tech coming for my appointment tomorrow?",
    "The unit you installed last year is still under warranty, right?",
];

/// New work a customer brings up on a call about something else.
pub const NEW_WORK_LINES: [&str; 3] = [
    "While I have you, how much would a new water heater run? Ours is twenty years old.",
    "Oh, and since I've got you, what would it cost to add a ceiling fan in the bedroom?",
    "One more thing, the upstairs is never cool. Can someone come out and give me a price?",
];

/// The network's managers and admin: (name, built-in role).
pub const STAFF: [(&str, &str); 3] = [
    ("Morgan Reyes", "Manager"),
    ("Casey Lindgren", "Manager"),
    ("Jordan Avery", "Admin"),
];
