//! Legs grouped under their parent call, and the call they make.

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use scl_domain::Direction;

use super::{Leg, Reader};
use crate::model::{RawCall, Severity, Source};
use crate::text::quote;

impl Reader<'_> {
    pub(super) fn calls(&mut self, legs: Vec<Leg>, skipped: &HashSet<String>) {
        let mut order: Vec<String> = Vec::new();
        let mut groups: FxHashMap<String, Vec<Leg>> = FxHashMap::default();
        for leg in legs {
            let key = leg.parent.clone().unwrap_or_else(|| leg.sid.clone());
            if !groups.contains_key(&key) {
                order.push(key.clone());
            }
            groups.entry(key).or_default().push(leg);
        }
        for key in order {
            let Some(mut group) = groups.remove(&key) else {
                continue;
            };
            group.sort_by_key(|l| (l.start, l.line));
            if skipped.contains(&key) {
                let message = format!(
                    "its parent call {} was skipped, so this leg is too",
                    quote(&key)
                );
                for leg in &group {
                    let (line, field) = (leg.line, leg.name.clone());
                    self.problem(Severity::Error, line, &field, message.clone());
                }
                continue;
            }
            let call = self.call(&key, &group);
            self.batch.calls.push(call);
        }
    }

    fn call(&mut self, key: &str, legs: &[Leg]) -> RawCall {
        let parent_at = legs.iter().position(|l| l.sid == key);
        if parent_at.is_none() {
            let message = format!(
                "its parent call {} is not in the file; its legs are read as one call",
                quote(key)
            );
            self.problem(Severity::Warning, legs[0].line, &legs[0].name, message);
        }
        let parent = &legs[parent_at.unwrap_or(0)];
        // A leg dialed to an agent whose parent is gone was most likely an inbound call.
        let direction = match parent_at {
            None if identity(&parent.to) => Direction::Inbound,
            _ => parent.direction,
        };
        let children: Vec<&Leg> = legs.iter().filter(|l| l.sid != parent.sid).collect();
        let answering = if children.is_empty() {
            Some(parent).filter(|p| p.by_person)
        } else {
            let answered = children.iter().copied().filter(|l| l.by_person);
            answered.min_by_key(|l| (l.answer, l.line))
        };
        let answering_agent = answering
            .filter(|l| !children.is_empty() || identity(&l.to))
            .map(|l| agent_name(&l.to));
        // Which leg names the customer, and in which field.
        let (customer_leg, customer_field, agent) = match direction {
            Direction::Inbound => (parent, "from", answering_agent),
            Direction::Outbound => match children.iter().find(|c| !identity(&c.to)) {
                Some(dialed) if identity(&parent.to) => {
                    (*dialed, "to", Some(agent_name(&parent.to)))
                }
                _ => (parent, "to", answering_agent),
            },
        };
        let customer_raw = match customer_field {
            "from" => &customer_leg.from,
            _ => &customer_leg.to,
        };
        let customer = match self.phones.normalize(customer_raw, self.region) {
            Ok(e164) => e164,
            Err(e) => {
                let field = format!("{}.{customer_field}", customer_leg.name);
                self.problem(
                    Severity::Warning,
                    customer_leg.line,
                    &field,
                    format!("{e}; kept as written"),
                );
                customer_raw.clone()
            }
        };
        let business_raw = match direction {
            Direction::Inbound => &parent.to,
            Direction::Outbound => &parent.from,
        };
        // The company's side may be a Client or SIP identity: kept as written.
        let business = self
            .phones
            .normalize(business_raw, self.region)
            .unwrap_or_else(|_| business_raw.clone());
        let (from, to) = match direction {
            Direction::Inbound => (customer, business),
            Direction::Outbound => (business, customer),
        };
        RawCall {
            call_id: key.to_string(),
            account: self.account.clone(),
            direction,
            from,
            to,
            started_at: legs.iter().map(|l| l.start).min().unwrap_or(parent.start),
            answered_at: answering.and_then(|l| l.answer),
            ended_at: legs.iter().map(|l| l.end).max().unwrap_or(parent.end),
            agent,
            booked: false,
            reason: None,
            csr_notes: None,
            recording: None,
            transcript: Vec::new(),
            redactions: 0,
            source: Source {
                file: self.shared_file.clone(),
                line: parent.line,
            },
        }
    }
}

/// A Twilio Client or SIP identity rather than a phone number.
fn identity(address: &str) -> bool {
    address.starts_with("client:") || address.starts_with("sip:")
}

/// `client:dana` → `dana`; `sip:201@acme.sip.twilio.com` → `201`; a number stays a number.
pub(super) fn agent_name(address: &str) -> String {
    let name = address
        .strip_prefix("client:")
        .or_else(|| {
            address
                .strip_prefix("sip:")
                .map(|s| s.split('@').next().unwrap_or(s))
        })
        .unwrap_or(address);
    name.to_string()
}
