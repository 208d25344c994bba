//! The demo's phone-system export: accounts' customers, two weeks of calls with what was said,
//! and the jobs booked on those calls, written as the native JSON Lines format
//! (`scl-ingest/FORMATS.md`). Nothing here decides what is a lead: detection does, on import.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use scl_domain::{Speaker, TranscriptSegment};
use serde_json::{json, Value};

use crate::conversations::Scene;
use crate::names;
use crate::rng::Rng;
use crate::{DemoOptions, Recording, RECORDINGS};

/// One agent of the network and the account that employs them (an index into the accounts).
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    pub name: &'static str,
    pub account: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Customer {
    pub external_id: String,
    pub account: usize,
    pub name: String,
    pub phone: String,
    pub location_id: String,
    pub address: String,
    pub zone: &'static str,
}

#[derive(Clone)]
pub(crate) struct ExportedCall {
    pub call_id: String,
    pub account: usize,
    pub outbound: bool,
    /// The customer's number (the caller, or whom the company called).
    pub phone: String,
    pub company_number: String,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: DateTime<Utc>,
    /// Index into the agents.
    pub agent: Option<usize>,
    pub booked: bool,
    pub reason: Option<String>,
    pub csr_notes: Option<String>,
    pub recording: Option<&'static Recording>,
    pub transcript: Vec<TranscriptSegment>,
}

#[derive(Debug, Clone)]
pub(crate) struct ExportedJob {
    pub job_id: String,
    pub account: usize,
    pub phone: String,
    pub customer: Option<String>,
    pub location: Option<String>,
    pub booked_at: DateTime<Utc>,
    pub revenue_cents: i64,
}

/// Everything the demo's phone system and job system exported.
#[derive(Clone)]
pub(crate) struct Export {
    pub agents: Vec<Agent>,
    pub customers: Vec<Customer>,
    pub calls: Vec<ExportedCall>,
    /// Jobs booked on the calls that booked.
    pub jobs: Vec<ExportedJob>,
}

/// A number in the 555-01XX block (fiction), spread over area codes.
pub(crate) fn fictional_number(n: u64) -> String {
    let area = names::AREA_CODES[(n / 100) as usize % names::AREA_CODES.len()];
    format!("+1{area}55501{:02}", n % 100)
}

/// Who a number reaches: (number, account, customers sharing it).
struct Line {
    phone: String,
    account: usize,
    customers: Vec<usize>,
}

impl Export {
    pub(crate) fn generate(opts: &DemoOptions, rng: &mut Rng) -> Export {
        let agents = names::AGENTS
            .iter()
            .enumerate()
            .map(|(i, name)| Agent {
                name,
                account: i % names::ACCOUNTS.len(),
            })
            .collect();
        let mut export = Export {
            agents,
            customers: Vec::new(),
            calls: Vec::new(),
            jobs: Vec::new(),
        };
        let (lines, next_unknown) = export.customers(opts, rng);
        export.calls(opts, rng, &lines, next_unknown);
        export
    }

    fn customers(&mut self, opts: &DemoOptions, rng: &mut Rng) -> (Vec<Line>, u64) {
        let per_account = (opts.calls / 10).clamp(10, 20_000);
        let mut lines: Vec<Line> = Vec::new();
        let mut number = 0u64;
        for account in 0..names::ACCOUNTS.len() {
            for _ in 0..per_account {
                let index = self.customers.len();
                // About one number in twelve is shared: a household or a landlord's line.
                let shared = (!lines.is_empty() && rng.chance(0.08))
                    .then(|| rng.below(lines.len() as u64) as usize)
                    .filter(|&l| lines[l].account == account);
                let phone = match shared {
                    Some(l) => {
                        lines[l].customers.push(index);
                        lines[l].phone.clone()
                    }
                    None => {
                        number += 1;
                        let phone = fictional_number(number);
                        lines.push(Line {
                            phone: phone.clone(),
                            account,
                            customers: vec![index],
                        });
                        phone
                    }
                };
                self.customers.push(Customer {
                    external_id: format!("C-{:05}", index + 1),
                    account,
                    name: format!("{} {}", rng.pick(&names::FIRST), rng.pick(&names::LAST)),
                    phone,
                    location_id: format!("L-{:05}", index + 1),
                    address: format!("{} {}", rng.range(100, 9899), rng.pick(&names::STREETS)),
                    zone: names::ZONES[rng.below(names::ZONES.len() as u64) as usize],
                });
            }
        }
        (lines, number + 1)
    }

    fn calls(&mut self, opts: &DemoOptions, rng: &mut Rng, lines: &[Line], mut unknown: u64) {
        let span_s = opts.days * 86_400;
        let mut starts: Vec<i64> = (0..opts.calls).map(|_| rng.range(900, span_s)).collect();
        starts.sort_unstable_by(|a, b| b.cmp(a)); // oldest call first
        let mut recordings = RECORDINGS.iter();
        for (i, seconds_ago) in starts.into_iter().enumerate() {
            // The recorded calls are recent, so a first look at Open shows their evidence.
            let recording = if (3 * 3_600..2 * 86_400).contains(&seconds_ago) && i % 29 == 5 {
                recordings.next()
            } else {
                None
            };
            let started_at = opts.now - Duration::seconds(seconds_ago);
            let call = match recording {
                Some(r) => {
                    unknown += 1;
                    self.recorded_call(i, started_at, r, fictional_number(unknown), rng)
                }
                None => {
                    let (phone, account, customer) = if rng.chance(0.75) {
                        let line = rng.pick(lines);
                        let customer = (line.customers.len() == 1).then(|| line.customers[0]);
                        (line.phone.clone(), line.account, customer)
                    } else {
                        unknown += 1;
                        let account = rng.below(names::ACCOUNTS.len() as u64) as usize;
                        (fictional_number(unknown), account, None)
                    };
                    self.call(i, started_at, phone, account, customer, rng)
                }
            };
            self.calls.push(call);
        }
    }

    fn call(
        &mut self,
        index: usize,
        started_at: DateTime<Utc>,
        phone: String,
        account: usize,
        customer: Option<usize>,
        rng: &mut Rng,
    ) -> ExportedCall {
        let scene = Scene::pick(rng);
        let ring_s = scene.ring_seconds(rng);
        let talk_s = scene.talk_seconds(rng);
        let answered_at = scene
            .answered()
            .then(|| started_at + Duration::seconds(ring_s));
        let ended_at = started_at + Duration::seconds(ring_s + talk_s);
        let agent = scene.answered().then(|| self.agent_of(account, rng));
        let issue = rng.pick(names::ISSUES[account % names::ISSUES.len()]);
        let transcript = scene.transcript(
            rng,
            talk_s,
            names::ACCOUNTS[account],
            agent.map(|a| self.agents[a].name),
            issue,
        );
        let call_id = format!("CA{:08}", 10_000_000 + index * 7 + rng.below(7) as usize);
        if scene == Scene::Booked {
            self.jobs.push(ExportedJob {
                job_id: format!("J-{call_id}"),
                account,
                phone: phone.clone(),
                customer: customer.map(|c| self.customers[c].external_id.clone()),
                location: customer.map(|c| self.customers[c].location_id.clone()),
                booked_at: ended_at,
                revenue_cents: rng.range(15_000, 1_200_000),
            });
        }
        ExportedCall {
            call_id,
            account,
            outbound: scene == Scene::Outbound,
            phone,
            company_number: company_number(account),
            started_at,
            answered_at,
            ended_at,
            agent,
            booked: scene == Scene::Booked,
            reason: scene.reason(rng),
            csr_notes: scene.csr_notes(rng),
            recording: None,
            transcript,
        }
    }

    /// A call whose real recording ships with the demo, with its transcript.
    fn recorded_call(
        &self,
        index: usize,
        started_at: DateTime<Utc>,
        r: &'static Recording,
        phone: String,
        rng: &mut Rng,
    ) -> ExportedCall {
        let transcript = r.transcript();
        // The recording is the heart of the call; greetings and hold time make it a full one.
        let spoken = transcript.last().map_or(0.0, |s| s.end_s).ceil() as i64;
        let talk_s = spoken.max(60) + rng.range(5, 40);
        let answered_at = started_at + Duration::seconds(rng.range(3, 15));
        ExportedCall {
            call_id: format!("CA{:08}", 10_000_000 + index * 7),
            account: r.trade,
            outbound: false,
            phone,
            company_number: company_number(r.trade),
            started_at,
            answered_at: Some(answered_at),
            ended_at: answered_at + Duration::seconds(talk_s),
            // The agent who answers in the recording (Dana, Marcus, Alicia).
            agent: Some(r.trade),
            booked: false,
            reason: Some(r.reason.to_string()),
            csr_notes: None,
            recording: Some(r),
            transcript,
        }
    }

    /// One of the agents employed by the account.
    fn agent_of(&self, account: usize, rng: &mut Rng) -> usize {
        let theirs: Vec<usize> = (0..self.agents.len())
            .filter(|&a| self.agents[a].account == account)
            .collect();
        *rng.pick(&theirs)
    }

    /// Writes the customers, the calls and the jobs as three JSON Lines files in `dir`, in the
    /// order a first import reads them. Recordings are named by their path in `recordings_dir`.
    pub(crate) fn write(&self, dir: &Path, recordings_dir: &Path) -> std::io::Result<ExportFiles> {
        std::fs::create_dir_all(dir)?;
        let files = ExportFiles {
            customers: dir.join("customers.jsonl"),
            calls: dir.join("calls.jsonl"),
        };
        write_lines(&files.customers, self.customers.iter().map(customer_line))?;
        write_lines(
            &files.calls,
            self.calls.iter().map(|c| self.call_line(c, recordings_dir)),
        )?;
        Ok(files)
    }

    fn call_line(&self, c: &ExportedCall, recordings_dir: &Path) -> Value {
        let (from, to) = match c.outbound {
            true => (&c.company_number, &c.phone),
            false => (&c.phone, &c.company_number),
        };
        let transcript: Vec<Value> = c
            .transcript
            .iter()
            .map(|s| {
                json!({
                    "start": s.start_s,
                    "end": s.end_s,
                    "speaker": match s.speaker { Speaker::Agent => "agent", Speaker::Customer => "customer" },
                    "text": s.text,
                })
            })
            .collect();
        json!({
            "kind": "call",
            "call_id": c.call_id,
            "account": names::ACCOUNTS[c.account],
            "direction": if c.outbound { "outbound" } else { "inbound" },
            "from": from,
            "to": to,
            "started_at": time(c.started_at),
            "answered_at": c.answered_at.map(time),
            "ended_at": time(c.ended_at),
            "agent": c.agent.map(|a| self.agents[a].name),
            "booked": c.booked,
            "reason": c.reason,
            "csr_notes": c.csr_notes,
            "recording": c.recording.map(|r| recordings_dir.join(r.file_name).display().to_string()),
            "transcript": (!transcript.is_empty()).then_some(transcript),
        })
    }
}

/// The files of a written export.
#[derive(Debug, Clone)]
pub(crate) struct ExportFiles {
    pub customers: std::path::PathBuf,
    pub calls: std::path::PathBuf,
}

fn customer_line(c: &Customer) -> Value {
    json!({
        "kind": "customer",
        "customer_id": c.external_id,
        "account": names::ACCOUNTS[c.account],
        "name": c.name,
        "phones": [c.phone],
        "locations": [{
            "location_id": c.location_id,
            "address": c.address,
            "zone": c.zone,
        }],
    })
}

pub(crate) fn job_line(j: &ExportedJob) -> Value {
    json!({
        "kind": "job",
        "job_id": j.job_id,
        "account": names::ACCOUNTS[j.account],
        "phone": j.phone,
        "customer_id": j.customer,
        "location_id": j.location,
        "booked_at": time(j.booked_at),
        "revenue": j.revenue_cents as f64 / 100.0,
    })
}

pub(crate) fn write_lines(path: &Path, lines: impl Iterator<Item = Value>) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for line in lines {
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The number customers call at an account.
fn company_number(account: usize) -> String {
    fictional_number(1_999 - account as u64)
}
