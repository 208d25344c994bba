//! A store fixture: a demo-like [`Dataset`] with leads written directly, for tests of the store
//! and of the core that need a big network quickly and without the import pipeline. Its leads
//! are NOT what detection would flag: never show them to people. The demo people see is
//! loaded by [`crate::load`].

#[path = "fixture_leads.rs"]
mod leads;

use chrono::{DateTime, Duration, Utc};
use scl_domain::{
    Account, AccountSettings, Actor, Call, CallType, CallbackAttempt, Customer, Dataset, Direction,
    Evidence, Job, Lead, LeadNote, LeadStatus, Location, Role, StatusChange, User,
};

use crate::names;
use crate::rng::Rng;
use crate::{DemoOptions, Recording, RECORDINGS};

/// Where the recording of a demo call is expected: `<recordings_dir>/<file name>`. The caller
/// writes the files with [`crate::write_recordings`].
pub fn generate(opts: &DemoOptions, recordings_dir: &str) -> Dataset {
    let mut g = Gen {
        rng: Rng::new(opts.seed),
        data: Dataset::default(),
        opts: opts.clone(),
        detector: scl_detect::Detector::default(),
    };
    g.accounts_and_users();
    let phones = g.customers();
    g.calls_and_leads(&phones, recordings_dir);
    g.data
}

struct Gen {
    rng: Rng,
    data: Dataset,
    opts: DemoOptions,
    /// Scores the calls that have a transcript the way the product does, with real evidence.
    detector: scl_detect::Detector,
}

/// Which customers a phone number reaches.
struct PhoneBook {
    /// (E.164, account, customer ids): one id = a clean match, several = ambiguous.
    known: Vec<(String, i64, Vec<i64>)>,
    next_unknown: u64,
}

const AGENT_ID_BASE: i64 = 1;
const MANAGER_ID_BASE: i64 = 100;

impl Gen {
    fn fictional_number(&mut self, n: u64) -> String {
        let area = names::AREA_CODES[(n / 100) as usize % names::AREA_CODES.len()];
        format!("+1{area}55501{:02}", n % 100)
    }

    fn accounts_and_users(&mut self) {
        for (i, name) in names::ACCOUNTS.iter().enumerate() {
            let settings = AccountSettings {
                // One account keeps leads Open longer, so settings visibly matter.
                cold_days: if i == 3 {
                    7
                } else {
                    AccountSettings::DEFAULT_COLD_DAYS
                },
                ..AccountSettings::default()
            };
            self.data.accounts.push(Account {
                id: i as i64 + 1,
                name: (*name).to_string(),
                settings,
            });
        }
        let accounts = self.data.accounts.len() as i64;
        for (i, name) in names::AGENTS.iter().enumerate() {
            self.data.users.push(User {
                id: AGENT_ID_BASE + i as i64,
                name: (*name).to_string(),
                email: email(name),
                role: Role::Agent,
                home_account: Some(i as i64 % accounts + 1),
            });
        }
        for (i, (name, role)) in [
            ("Morgan Reyes", Role::Manager),
            ("Casey Lindgren", Role::Manager),
            ("Jordan Avery", Role::Admin),
        ]
        .into_iter()
        .enumerate()
        {
            self.data.users.push(User {
                id: MANAGER_ID_BASE + i as i64,
                name: name.to_string(),
                email: email(name),
                role,
                home_account: None,
            });
        }
    }

    fn customers(&mut self) -> PhoneBook {
        let per_account = (self.opts.calls / 10).clamp(10, 20_000);
        let mut book = PhoneBook {
            known: Vec::new(),
            next_unknown: 0,
        };
        let mut number = 0u64;
        let mut location_id = 0i64;
        for account in 1..=self.data.accounts.len() as i64 {
            for _ in 0..per_account {
                let id = self.data.customers.len() as i64 + 1;
                let name = format!(
                    "{} {}",
                    self.rng.pick(&names::FIRST),
                    self.rng.pick(&names::LAST)
                );
                // About one number in twelve is shared: a household or a landlord's line.
                let shared = !book.known.is_empty() && self.rng.chance(0.08);
                let phone = if shared {
                    let idx = self.rng.below(book.known.len() as u64) as usize;
                    let entry = &mut book.known[idx];
                    if entry.1 == account {
                        entry.2.push(id);
                        entry.0.clone()
                    } else {
                        number += 1;
                        let p = self.fictional_number(number);
                        book.known.push((p.clone(), account, vec![id]));
                        p
                    }
                } else {
                    number += 1;
                    let p = self.fictional_number(number);
                    book.known.push((p.clone(), account, vec![id]));
                    p
                };
                location_id += 1;
                self.data.locations.push(Location {
                    id: location_id,
                    customer_id: id,
                    address: format!(
                        "{} {}",
                        self.rng.range(100, 9899),
                        self.rng.pick(&names::STREETS)
                    ),
                    zone: Some((*self.rng.pick(&names::ZONES)).to_string()),
                    notes: String::new(),
                });
                self.data.customers.push(Customer {
                    id,
                    account_id: account,
                    name,
                    phones: vec![phone],
                    notes: String::new(),
                });
            }
        }
        // Unknown callers use the numbers after the customers' block.
        book.next_unknown = number + 1;
        book
    }

    fn calls_and_leads(&mut self, book: &PhoneBook, recordings_dir: &str) {
        let span_s = self.opts.days * 86_400;
        let mut starts: Vec<i64> = (0..self.opts.calls)
            .map(|_| self.rng.range(600, span_s))
            .collect();
        starts.sort_unstable_by(|a, b| b.cmp(a)); // oldest call first
        let mut recordings = RECORDINGS.iter();
        let mut unknown = book.next_unknown;
        for (i, seconds_ago) in starts.into_iter().enumerate() {
            let key = i as i64 + 1;
            let started_at = self.opts.now - Duration::seconds(seconds_ago);
            // The recorded calls are recent leads, so a first look at Open shows their evidence.
            let recording = if (3 * 3_600..2 * 86_400).contains(&seconds_ago) && i % 29 == 5 {
                recordings.next()
            } else {
                None
            };
            let call = self.call(
                key,
                started_at,
                book,
                &mut unknown,
                recording,
                recordings_dir,
            );
            let lead = self.lead_for(&call, recording.is_some());
            self.data.calls.push(call);
            if let Some(lead) = lead {
                self.data.leads.push(lead);
            }
        }
    }

    fn call(
        &mut self,
        key: i64,
        started_at: DateTime<Utc>,
        book: &PhoneBook,
        unknown: &mut u64,
        recording: Option<&Recording>,
        recordings_dir: &str,
    ) -> Call {
        let (phone, account, customer_id) = if self.rng.chance(0.75) {
            let (p, account, ids) = self.rng.pick(&book.known);
            let customer = (ids.len() == 1).then_some(ids[0]);
            (p.clone(), *account, customer)
        } else {
            *unknown += 1;
            let account = self.rng.range(1, self.data.accounts.len() as i64);
            (self.fictional_number(*unknown), account, None)
        };
        let account = match recording {
            Some(r) => r.trade as i64 + 1,
            None => account,
        };
        let call_type = if recording.is_some() {
            CallType::Unbooked
        } else {
            CallType::ALL[self.rng.weighted(&[45, 27, 14, 9, 5])]
        };
        let answered = call_type != CallType::Abandoned;
        let talk_s = match (answered, recording) {
            (_, Some(_)) => 45,
            (true, None) => self.rng.range(60, 900),
            (false, None) => self.rng.range(5, 60),
        };
        let ring_s = self.rng.range(3, 40);
        let reason = match (call_type, recording) {
            (_, Some(r)) => Some(r.reason.to_string()),
            (CallType::Booked, None) => None,
            (CallType::Abandoned, None) => Some("Caller hung up".into()),
            _ => Some((*self.rng.pick(&names::REASONS)).to_string()),
        };
        let csr_notes = (answered && self.rng.chance(0.55))
            .then(|| (*self.rng.pick(&names::CSR_NOTES)).to_string());
        let agent_id = answered.then(|| AGENT_ID_BASE + self.rng.below(20) as i64);
        let location_id = customer_id; // one location per customer, same id
        let to_number = self.fictional_number(1_999 - account as u64);
        Call {
            id: key,
            call_id: format!("CA{:08}", 10_000_000 + key * 7 + self.rng.below(7) as i64),
            account_id: account,
            direction: Direction::Inbound,
            from_number: phone,
            to_number,
            started_at,
            answered_at: answered.then(|| started_at + Duration::seconds(ring_s)),
            ended_at: started_at + Duration::seconds(ring_s + talk_s),
            agent_id,
            call_type,
            reason,
            csr_notes,
            booked: call_type == CallType::Booked,
            recording: recording.map(|r| format!("{recordings_dir}/{}", r.file_name)),
            customer_id,
            location_id,
            transcript: recording.map(Recording::transcript).unwrap_or_default(),
        }
    }
}

fn email(name: &str) -> String {
    format!("{}@example.com", name.to_lowercase().replace(' ', "."))
}
