//! What the demo's callers and agents said: one scene per call, with the agent's disposition
//! (reason, CSR notes, booked) and the words of a transcript. Detection reads these like any
//! phone system's export and decides which calls are leads; the scenes only make the mix of
//! calls a contact center really gets (mostly booked or never a lead, some worth a callback).

use scl_domain::{Speaker, TranscriptSegment};

use crate::names;
use crate::rng::Rng;

/// What a call was, as the caller and the agent lived it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scene {
    Booked,
    Price,
    QuoteOnly,
    CallBack,
    Spouse,
    Shopping,
    Availability,
    OutOfArea,
    WentElsewhere,
    Renter,
    ExistingJob,
    /// The agent picked an excuse (warranty, invoice) but the customer asked for new work.
    MisTagged,
    WrongNumber,
    Vendor,
    Applicant,
    /// Answered, a question settled in under a minute.
    Quick,
    /// Nobody answered; the caller waited before hanging up.
    AbandonedWaited,
    /// Nobody answered; hung up within seconds.
    AbandonedQuick,
    /// The company called out (a confirmation): never a lead.
    Outbound,
}

/// Scenes and their weights out of 100 calls: a realistic week at a home-services call center.
const MIX: [(Scene, u32); 19] = [
    (Scene::Booked, 28),
    (Scene::Price, 8),
    (Scene::QuoteOnly, 4),
    (Scene::CallBack, 6),
    (Scene::Spouse, 4),
    (Scene::Shopping, 4),
    (Scene::Availability, 4),
    (Scene::OutOfArea, 3),
    (Scene::WentElsewhere, 2),
    (Scene::Renter, 2),
    (Scene::ExistingJob, 6),
    (Scene::MisTagged, 2),
    (Scene::WrongNumber, 3),
    (Scene::Vendor, 3),
    (Scene::Applicant, 1),
    (Scene::Quick, 5),
    (Scene::AbandonedWaited, 7),
    (Scene::AbandonedQuick, 4),
    (Scene::Outbound, 4),
];

impl Scene {
    pub(crate) fn pick(rng: &mut Rng) -> Scene {
        let weights: Vec<u32> = MIX.iter().map(|(_, w)| *w).collect();
        MIX[rng.weighted(&weights)].0
    }

    pub(crate) fn answered(self) -> bool {
        !matches!(self, Scene::AbandonedWaited | Scene::AbandonedQuick)
    }

    /// Seconds of ringing before an answer (or before the caller gave up).
    pub(crate) fn ring_seconds(self, rng: &mut Rng) -> i64 {
        match self {
            Scene::AbandonedWaited => rng.range(25, 150),
            Scene::AbandonedQuick => rng.range(2, 6),
            Scene::Outbound => rng.range(4, 15),
            _ => rng.range(3, 35),
        }
    }

    /// Seconds of talk once answered (0 when nobody answered).
    pub(crate) fn talk_seconds(self, rng: &mut Rng) -> i64 {
        match self {
            Scene::AbandonedWaited | Scene::AbandonedQuick => 0,
            Scene::Quick => rng.range(15, 50),
            Scene::WrongNumber | Scene::Vendor | Scene::Applicant => rng.range(30, 120),
            Scene::Outbound => rng.range(40, 180),
            _ => rng.range(90, 720),
        }
    }

    /// The disposition the agent picked, in their words.
    pub(crate) fn reason(self, rng: &mut Rng) -> Option<String> {
        let options: &[&str] = match self {
            Scene::Booked | Scene::AbandonedWaited | Scene::AbandonedQuick => return None,
            Scene::Price => &["Price too high", "Fee too expensive"],
            Scene::QuoteOnly => &["Wanted a quote only", "Estimate only"],
            Scene::CallBack => &["Will call back", "Wants to think about it"],
            Scene::Spouse => &["Needs to check with spouse", "Decision maker not home"],
            Scene::Shopping => &["Shopping around", "Comparing other quotes"],
            Scene::Availability => &["No availability that worked", "Wanted sooner scheduling"],
            Scene::OutOfArea => &["Out of service area"],
            Scene::WentElsewhere => &["Already booked elsewhere"],
            Scene::Renter => &["Renter - landlord decides"],
            Scene::ExistingJob => &[
                "Existing job - invoice question",
                "Existing appointment - ETA",
                "Warranty question",
            ],
            Scene::MisTagged => &["Warranty question", "Existing job - invoice question"],
            Scene::WrongNumber => &["Wrong number"],
            Scene::Vendor => &["Vendor / solicitor", "Sales call"],
            Scene::Applicant => &["Job applicant"],
            Scene::Quick => &["Asked for our hours", "General question"],
            Scene::Outbound => &["Appointment confirmation"],
        };
        Some((*rng.pick(options)).to_string())
    }

    /// What the agent typed about the call, when they typed anything.
    pub(crate) fn csr_notes(self, rng: &mut Rng) -> Option<String> {
        let options: &[&str] = match self {
            Scene::Price | Scene::QuoteOnly => &[
                "Customer asked about financing options.",
                "Left before I could offer the membership discount.",
                "Customer said <b>ASAP</b> & \"urgent\" - check the flyout escapes this.",
            ],
            Scene::CallBack | Scene::Availability => &[
                "Very interested, just not today.",
                "Asked us to call back after 5pm.",
                "Wants morning appointment only.",
            ],
            Scene::Spouse => &["Will talk it over with her husband tonight."],
            Scene::Shopping => &["Said they'd compare with another company."],
            Scene::Renter => &["Renter; needs landlord approval."],
            Scene::OutOfArea => &["Lives outside service area."],
            Scene::ExistingJob => &["Existing job, gave the tech's ETA."],
            _ => return None,
        };
        rng.chance(0.55).then(|| (*rng.pick(options)).to_string())
    }

    /// The conversation, or None when this phone system recorded no transcript of it.
    pub(crate) fn transcript(
        self,
        rng: &mut Rng,
        talk_s: i64,
        account: &str,
        agent: Option<&str>,
        issue: &str,
    ) -> Vec<TranscriptSegment> {
        if !self.answered() || rng.chance(0.2) {
            return Vec::new();
        }
        let agent_first = agent.and_then(|a| a.split(' ').next()).unwrap_or("Sam");
        let opening = match self {
            Scene::Outbound => format!(
                "Hi, this is {agent_first} from {account}, calling to confirm your appointment."
            ),
            _ => format!("Thanks for calling {account}, this is {agent_first}. How can I help?"),
        };
        let mut lines: Vec<(Speaker, String)> = vec![(Speaker::Agent, opening)];
        let about = format!("Hi, I'm calling about {issue}.");
        let said = |options: &[&str], rng: &mut Rng| (*rng.pick(options)).to_string();
        use Speaker::{Agent, Customer};
        match self {
            Scene::Booked => {
                lines.push((Customer, about));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((Customer, "That works, let's book it.".into()));
                lines.push((
                    Agent,
                    "You're all set, you'll get a text confirmation.".into(),
                ));
            }
            Scene::Price | Scene::QuoteOnly => {
                lines.push((Customer, about));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((Customer, said(&names::PRICE_LINES, rng)));
                lines.push((Agent, "I understand. I can hold that spot for you.".into()));
                lines.push((Customer, "Let me think about it and call you back.".into()));
            }
            Scene::CallBack => {
                lines.push((Customer, about));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((Customer, said(&names::CALL_BACK_LINES, rng)));
            }
            Scene::Spouse => {
                lines.push((Customer, about));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((Customer, said(&names::SPOUSE_LINES, rng)));
            }
            Scene::Shopping => {
                lines.push((Customer, about));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((Customer, said(&names::SHOPPING_LINES, rng)));
            }
            Scene::Availability => {
                lines.push((Customer, about));
                lines.push((Agent, "Our first opening is Thursday morning.".into()));
                lines.push((Customer, said(&names::AVAILABILITY_LINES, rng)));
            }
            Scene::OutOfArea => {
                lines.push((Customer, about));
                lines.push((Agent, "What's the address there?".into()));
                lines.push((
                    Customer,
                    "We're about forty miles north, past the lake.".into(),
                ));
                lines.push((Agent, "I'm sorry, that's outside our service area.".into()));
            }
            Scene::WentElsewhere => {
                lines.push((Customer, about));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((
                    Customer,
                    "Actually we already hired someone, they're coming tomorrow.".into(),
                ));
            }
            Scene::Renter => {
                lines.push((Customer, about));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((
                    Customer,
                    "I'm renting, the landlord has to approve it. I can't authorize anything."
                        .into(),
                ));
            }
            Scene::ExistingJob => {
                lines.push((Customer, said(&names::EXISTING_JOB_LINES, rng)));
                lines.push((Agent, "Let me pull that up for you.".into()));
            }
            Scene::MisTagged => {
                lines.push((Customer, said(&names::EXISTING_JOB_LINES, rng)));
                lines.push((
                    Agent,
                    "Let me pull that up for you. Yes, you're covered.".into(),
                ));
                lines.push((Customer, said(&names::NEW_WORK_LINES, rng)));
                lines.push((Agent, said(&names::OFFERS, rng)));
                lines.push((
                    Customer,
                    "Let me look at my calendar and call you back.".into(),
                ));
            }
            Scene::WrongNumber => {
                lines.push((
                    Customer,
                    "Sorry, wrong number, I thought this was the pharmacy.".into(),
                ));
            }
            Scene::Vendor => {
                lines.push((
                    Customer,
                    "I'd like to speak to the owner about getting you more leads from Google."
                        .into(),
                ));
                lines.push((Agent, "We're not interested, thank you.".into()));
            }
            Scene::Applicant => {
                lines.push((
                    Customer,
                    "Are you hiring? I'm looking for a technician position.".into(),
                ));
                lines.push((Agent, "You can apply on our website.".into()));
            }
            Scene::Quick => {
                lines.push((Customer, "What time do you close today?".into()));
                lines.push((Agent, "We're open until six.".into()));
            }
            Scene::Outbound => {
                lines.push((
                    Customer,
                    "Yes, we'll be home. Thanks for the reminder.".into(),
                ));
            }
            Scene::AbandonedWaited | Scene::AbandonedQuick => {}
        }
        timed(lines, talk_s)
    }
}

/// Spreads the lines over the talk time, each in proportion to its length.
fn timed(lines: Vec<(Speaker, String)>, talk_s: i64) -> Vec<TranscriptSegment> {
    let chars: usize = lines.iter().map(|(_, t)| t.len() + 20).sum();
    let per_char = talk_s as f64 / chars.max(1) as f64;
    let mut at = 0.0;
    lines
        .into_iter()
        .map(|(speaker, text)| {
            let length = (text.len() + 20) as f64 * per_char;
            let segment = TranscriptSegment {
                start_s: round_tenth(at),
                end_s: round_tenth(at + length * 0.9),
                speaker,
                text,
            };
            at += length;
            segment
        })
        .collect()
}

fn round_tenth(s: f64) -> f64 {
    (s * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_adds_up_to_a_hundred_and_covers_every_scene_once() {
        assert_eq!(MIX.iter().map(|(_, w)| w).sum::<u32>(), 100);
        for (i, (a, _)) in MIX.iter().enumerate() {
            assert!(MIX[i + 1..].iter().all(|(b, _)| b != a), "{a:?} twice");
        }
    }

    #[test]
    fn transcripts_fit_the_talk_time_in_order() {
        let mut rng = Rng::new(3);
        for (scene, _) in MIX {
            for _ in 0..20 {
                let talk = scene.talk_seconds(&mut rng);
                let t = scene.transcript(&mut rng, talk, "Acme", Some("Dana Smith"), "a leak");
                assert!(
                    t.windows(2).all(|w| w[0].end_s <= w[1].start_s),
                    "{scene:?}"
                );
                assert!(
                    t.last().is_none_or(|s| s.end_s <= talk as f64 + 0.1),
                    "{scene:?}"
                );
                if !scene.answered() {
                    assert!(t.is_empty());
                }
            }
        }
    }
}
