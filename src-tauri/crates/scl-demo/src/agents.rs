//! What the demo's agents did with the leads detection flagged: a plan of dated actions per
//! lead (callbacks, notes, statuses, dismissals, Change customer) and the jobs customers booked
//! afterwards. The plan is carried out through the app's own operations by [`crate::load`].

use chrono::{DateTime, Duration, Utc};
use scl_domain::{LeadId, LeadRow, LeadStatus};

use crate::export::ExportedJob;
use crate::rng::Rng;

/// One thing an agent did, at a moment after the lead was flagged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Act {
    /// Call Customer (the attempt is logged; the lead becomes `Lead - call back attempted`).
    CallBack,
    Note(&'static str),
    Status(LeadStatus),
    Dismiss,
    /// Change customer to the n-th suggested match.
    ChooseCustomer(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Action {
    pub at: DateTime<Utc>,
    pub lead: LeadId,
    /// Index into the agents of the export.
    pub agent: usize,
    pub act: Act,
}

/// What the planner knows of a lead beyond its row.
pub(crate) struct LeadFacts<'a> {
    pub row: &'a LeadRow,
    /// Index into the export's accounts.
    pub account: usize,
    /// The agent who took the call, else one of the account's agents.
    pub agent: usize,
    pub cold_days: u32,
    /// Customers sharing the number (Change customer has something to choose from when > 1).
    pub sharing: usize,
    /// The first job booked on this number after the lead was flagged (a booked call's job):
    /// the job rule closes the lead then, so agents act before it.
    pub next_job: Option<DateTime<Utc>>,
}

/// The fate of a lead, from its age: fresh leads are mostly untouched, old ones mostly resolved.
fn fate(rng: &mut Rng, age_days: f64, cold_days: f64) -> LeadStatus {
    // New, call back attempted, not able to save, not following up, not a lead, by SCL, elsewhere.
    let weights: [u32; 7] = if age_days < 1.0 {
        [70, 15, 3, 2, 4, 4, 2]
    } else if age_days < cold_days {
        [40, 25, 8, 5, 8, 9, 5]
    } else {
        [22, 14, 14, 10, 14, 16, 10]
    };
    LeadStatus::ALL[rng.weighted(&weights)]
}

pub(crate) struct Plan {
    pub actions: Vec<Action>,
    /// Jobs customers booked after working with an agent or elsewhere; imported after the
    /// actions, so the job rule closes the leads they answer.
    pub jobs: Vec<ExportedJob>,
}

/// A moment in `[from, until)`, at most `share` of the way in, never before `from + 60 s`.
fn moment(
    rng: &mut Rng,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    share: f64,
) -> Option<DateTime<Utc>> {
    let room = (until - from).num_seconds();
    if room < 120 {
        return None;
    }
    let latest = ((room as f64 * share) as i64).clamp(60, room - 1);
    Some(from + Duration::seconds(rng.range(60, latest.max(60))))
}

impl Plan {
    pub(crate) fn new() -> Self {
        Self {
            actions: Vec::new(),
            jobs: Vec::new(),
        }
    }

    /// Plans one lead's follow-up, all of it before `now` and before the number's next job.
    pub(crate) fn lead(&mut self, rng: &mut Rng, facts: &LeadFacts<'_>, now: DateTime<Utc>) {
        let row = facts.row;
        let flagged = row.flagged_at;
        let until = facts.next_job.map_or(now, |j| j.min(now));
        let age_days = (now - flagged).num_minutes() as f64 / 1_440.0;
        let status = fate(rng, age_days, f64::from(facts.cold_days));
        let Some(t1) = moment(rng, flagged, until, 0.3) else {
            return; // too fresh for anyone to have looked at it
        };
        let t2 = moment(rng, t1, until, 0.5).unwrap_or(t1);
        let agent = facts.agent;
        let mut act = |at, act| {
            self.actions.push(Action {
                at,
                lead: row.id,
                agent,
                act,
            })
        };
        if facts.sharing > 1 && status != LeadStatus::New && rng.chance(0.6) {
            act(
                t1,
                Act::ChooseCustomer(rng.below(facts.sharing as u64) as usize),
            );
        }
        let noted = rng.chance(0.5);
        let mut booked_at = None;
        match status {
            LeadStatus::New => {
                if age_days > 1.0 && rng.chance(0.04) {
                    act(t1, Act::Dismiss);
                }
            }
            LeadStatus::CallBackAttempted => {
                act(t1, Act::CallBack);
                if noted {
                    act(t1, Act::Note("Left a voicemail with our direct line."));
                }
            }
            LeadStatus::NotAbleToSave => {
                act(t1, Act::CallBack);
                if noted {
                    act(t2, Act::Note("Went with another company."));
                }
                act(t2, Act::Status(status));
            }
            LeadStatus::NotFollowingUp => {
                if noted {
                    act(t1, Act::Note("Too far outside the service area."));
                }
                act(t1, Act::Status(status));
            }
            LeadStatus::NotALead => {
                if noted {
                    act(t1, Act::Note("Existing job follow-up, not a new lead."));
                }
                act(t1, Act::Status(status));
            }
            LeadStatus::JobBookedByScl => {
                act(t1, Act::CallBack);
                if noted {
                    act(
                        t1,
                        Act::Note("Booked on the callback, offered the discount."),
                    );
                }
                // The job the callback won; the job rule records it (t2 is after the call).
                booked_at = Some(if t2 > t1 {
                    t2
                } else {
                    t1 + Duration::minutes(5)
                });
            }
            LeadStatus::JobBookedElsewhere => booked_at = Some(t1),
        }
        // A number that books a job anyway (a booked call's) needs no other: that job closes the
        // lead, by SCL when an agent called back first.
        let booked_at = booked_at.filter(|at| *at < now && facts.next_job.is_none());
        if let Some(at) = booked_at {
            self.jobs.push(ExportedJob {
                job_id: format!("J-SCL-{}", row.id),
                account: facts.account,
                phone: row.phone.clone(),
                customer: None,
                location: None,
                booked_at: at,
                revenue_cents: rng.range(15_000, 1_200_000),
            });
        }
    }

    /// In the order they happened; a lead's own actions keep their planned order.
    pub(crate) fn sorted(mut self) -> Self {
        self.actions.sort_by_key(|a| (a.at, a.lead));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_fall_inside_the_window_or_nowhere() {
        let mut rng = Rng::new(1);
        let from = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(
            moment(&mut rng, from, from + Duration::seconds(90), 0.5),
            None
        );
        for _ in 0..200 {
            let until = from + Duration::seconds(rng.range(120, 400_000));
            let at = moment(&mut rng, from, until, 0.3).unwrap();
            assert!(at > from && at < until, "{at} in ({from}, {until})");
        }
    }
}
