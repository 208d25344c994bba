//! Which demo calls became leads, and what happened to them since.

use chrono::{Duration, Utc};

use super::*;
use crate::names;

impl Gen {
    /// Unbooked answered calls usually are leads; excused and abandoned ones sometimes.
    pub(crate) fn lead_for(&mut self, call: &Call, has_recording: bool) -> Option<Lead> {
        let p = match call.call_type {
            _ if has_recording => 1.0,
            CallType::Unbooked => 0.8,
            CallType::Excused => 0.35,
            CallType::Abandoned => 0.35,
            CallType::Booked | CallType::NotALead => 0.0,
        };
        if !self.rng.chance(p) {
            return None;
        }
        let settings = self.data.accounts[(call.account_id - 1) as usize]
            .settings
            .clone();
        let flagged_at = call.ended_at + Duration::minutes(i64::from(settings.acw_minutes));
        if flagged_at > self.opts.now {
            return None; // still inside After Call Work Time
        }
        let trade = (call.account_id - 1) as usize % names::ISSUES.len();
        let issue = match has_recording {
            true => RECORDINGS
                .iter()
                .find(|r| {
                    call.recording
                        .as_deref()
                        .is_some_and(|p| p.ends_with(r.file_name))
                })
                .map_or("service", |r| r.issue),
            false => self.rng.pick(names::ISSUES[trade]),
        };
        let (mut score, mut reasons) = self.score(call, issue);
        let who = match call.customer_id {
            Some(id) => self.data.customers[(id - 1) as usize].name.clone(),
            None => "A caller".to_string(),
        };
        let outcome = match call.reason.as_deref() {
            Some("Caller hung up") => "hung up before an appointment was offered".to_string(),
            Some(r) => format!("did not book ({})", r.to_lowercase()),
            None => "did not book".to_string(),
        };
        let mut summary = format!("{who} called about {issue} and {outcome}.");
        if !call.transcript.is_empty() {
            let verdict = self.detector.evaluate(call, call.call_type);
            score = i32::from(verdict.score);
            reasons = verdict.reasons;
            summary = verdict.summary;
        }
        let age_days = (self.opts.now - flagged_at).num_hours() as f64 / 24.0;
        let cold_days = f64::from(settings.cold_days);
        let status = match has_recording {
            true => LeadStatus::New,
            false => self.status_for(age_days, cold_days),
        };
        let dismissed = status == LeadStatus::New && age_days > 1.0 && self.rng.chance(0.04);
        let mut lead = Lead {
            id: self.data.leads.len() as i64 + 1,
            call: call.id,
            account_id: call.account_id,
            status,
            score,
            reasons,
            summary,
            flagged_at,
            dismissed_at: None,
            history: vec![StatusChange {
                from: None,
                to: LeadStatus::New,
                actor: Actor::System,
                at: flagged_at,
            }],
            notes: Vec::new(),
            callbacks: Vec::new(),
        };
        self.follow_up(&mut lead, call);
        if dismissed {
            lead.dismissed_at = Some(self.later(flagged_at, 0.5));
        }
        Some(lead)
    }

    fn status_for(&mut self, age_days: f64, cold_days: f64) -> LeadStatus {
        use LeadStatus::*;
        // New, call back attempted, not able to save, not following up, not a lead, by SCL,
        // elsewhere: fresh leads are mostly untouched, old ones mostly resolved.
        let weights: [u32; 7] = if age_days < 1.0 {
            [70, 15, 3, 2, 4, 4, 2]
        } else if age_days < cold_days {
            [40, 25, 8, 5, 8, 9, 5]
        } else {
            [22, 14, 14, 10, 14, 16, 10]
        };
        [
            New,
            CallBackAttempted,
            NotAbleToSave,
            NotFollowingUp,
            NotALead,
            JobBookedByScl,
            JobBookedElsewhere,
        ][self.rng.weighted(&weights)]
    }

    /// A time between `from` and now, `share` of the way at most.
    fn later(&mut self, from: chrono::DateTime<Utc>, share: f64) -> chrono::DateTime<Utc> {
        let room = ((self.opts.now - from).num_seconds() as f64 * share).max(60.0) as i64;
        (from + Duration::seconds(self.rng.range(60, room.max(61)))).min(self.opts.now)
    }

    /// The history that leads from New to the lead's status: a callback, notes, a job.
    fn follow_up(&mut self, lead: &mut Lead, call: &Call) {
        if lead.status == LeadStatus::New {
            return;
        }
        let agent = AGENT_ID_BASE + self.rng.below(20) as i64;
        let mut at = self.later(lead.flagged_at, 0.3);
        let called_back = !matches!(
            lead.status,
            LeadStatus::NotALead | LeadStatus::NotFollowingUp | LeadStatus::JobBookedElsewhere
        );
        let mut from = LeadStatus::New;
        if called_back {
            lead.callbacks.push(CallbackAttempt {
                agent_id: agent,
                at,
                phone: call.from_number.clone(),
                outcome: Some(
                    match lead.status {
                        LeadStatus::JobBookedByScl => "Booked",
                        LeadStatus::NotAbleToSave => "Declined",
                        _ => "Left voicemail",
                    }
                    .to_string(),
                ),
            });
            lead.history.push(StatusChange {
                from: Some(from),
                to: LeadStatus::CallBackAttempted,
                actor: Actor::User(agent),
                at,
            });
            from = LeadStatus::CallBackAttempted;
            at = self.later(at, 0.5);
        }
        if lead.status != from {
            let actor = match lead.status {
                LeadStatus::JobBookedElsewhere => Actor::System,
                _ => Actor::User(agent),
            };
            lead.history.push(StatusChange {
                from: Some(from),
                to: lead.status,
                actor,
                at,
            });
        }
        if self.rng.chance(0.5) {
            lead.notes.push(LeadNote {
                author_id: agent,
                at,
                text: match lead.status {
                    LeadStatus::JobBookedByScl => "Booked on the callback, offered the discount.",
                    LeadStatus::NotAbleToSave => "Went with another company.",
                    LeadStatus::NotALead => "Existing job follow-up, not a new lead.",
                    LeadStatus::NotFollowingUp => "Too far outside the service area.",
                    _ => "Left a voicemail with our direct line.",
                }
                .to_string(),
            });
        }
        if matches!(
            lead.status,
            LeadStatus::JobBookedByScl | LeadStatus::JobBookedElsewhere
        ) {
            self.data.jobs.push(Job {
                id: self.data.jobs.len() as i64 + 1,
                account_id: call.account_id,
                customer_id: call.customer_id,
                location_id: call.location_id,
                phone: Some(call.from_number.clone()),
                booked_at: at,
                revenue_cents: self.rng.range(15_000, 1_200_000),
            });
        }
    }

    /// A believable score with the reasons behind it (the detection engine replaces this).
    fn score(&mut self, call: &Call, issue: &str) -> (i32, Vec<Evidence>) {
        let mut score = 40 + self.rng.range(0, 20) as i32;
        let mut reasons = Vec::new();
        let urgent = ["no heat", "leak", "burst", "burning", "clogged", "warm air"];
        if urgent.iter().any(|u| issue.contains(u)) {
            score += 20;
            reasons.push(Evidence::plain(format!("Urgent problem: {issue}")));
        }
        match call.reason.as_deref() {
            Some("Price too high" | "Wanted a quote only" | "Shopping around") => {
                score += 12;
                reasons.push(Evidence::plain("Asked for a price and did not book"));
            }
            Some("Will call back" | "Needs to check with spouse") => {
                score += 8;
                reasons.push(Evidence::plain("Said they would call back"));
            }
            Some("Out of service area") => {
                score -= 25;
                reasons.push(Evidence::plain("Possibly outside the service area"));
            }
            _ => {}
        }
        if call.customer_id.is_some() {
            score += 6;
            reasons.push(Evidence::plain("Existing customer"));
        }
        if call.call_type == CallType::Abandoned {
            reasons.push(Evidence::plain("Hung up before an agent answered"));
        }
        (score.clamp(1, 99), reasons)
    }
}
