//! `"kind": "job"` and `"kind": "customer"` records.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{value, Env, Fields, Record};
use crate::model::{RawCustomer, RawJob, RawLocation};
use crate::redact::redact_opt;
use crate::text::quote;

/// Dollars beyond this are a typo or a unit mix-up, not a home-services job.
const MAX_REVENUE_DOLLARS: f64 = 1e9;

pub(super) fn job(rec: &mut Record<'_>, f: &Fields<'_>, env: &mut Env<'_>) -> Option<RawJob> {
    let job_id = rec.id("job_id", f.job_id, true);
    let account = rec.account(f.account, env.opts);
    let region = env.region(account.as_deref());
    let phone = rec.optional_text("phone", f.phone).map(|raw| {
        env.phones.normalize(&raw, region).unwrap_or_else(|e| {
            rec.warn("phone", format!("{e}; kept as written"));
            raw
        })
    });
    let customer_id = rec.id("customer_id", f.customer_id, false);
    let location_id = rec.id("location_id", f.location_id, false);
    let booked_at = rec.required_time("booked_at", f.booked_at);
    let revenue_cents = f.revenue.and_then(|raw| {
        let dollars = rec.check("revenue", value::number(raw))?;
        if dollars.abs() > MAX_REVENUE_DOLLARS {
            rec.error("revenue", format!("{dollars} dollars is out of range"));
            return None;
        }
        if dollars < 0.0 {
            rec.warn("revenue", format!("negative ({dollars} dollars)"));
        }
        Some((dollars * 100.0).round() as i64)
    });
    Some(RawJob {
        job_id: job_id?,
        account: account?,
        phone,
        customer_id,
        location_id,
        booked_at: booked_at?,
        revenue_cents,
        source: env.source(rec.line),
    })
}

pub(super) fn customer(
    rec: &mut Record<'_>,
    f: &Fields<'_>,
    env: &mut Env<'_>,
) -> Option<RawCustomer> {
    let customer_id = rec.id("customer_id", f.customer_id, true);
    let account = rec.account(f.account, env.opts);
    let name = rec.required_text("name", f.name);
    let mut redactions = 0;
    let notes = redact_opt(rec.optional_text("notes", f.notes), &mut redactions);
    let region = env.region(account.as_deref());
    let mut phones: Vec<String> = Vec::new();
    for (k, raw) in list(rec, "phones", f.phones).into_iter().enumerate() {
        let field = format!("phones[{k}]");
        let number = value::text(raw)
            .and_then(|t| env.phones.normalize(&t, region).map_err(|e| e.to_string()));
        match number {
            Ok(e164) if !phones.contains(&e164) => phones.push(e164),
            Ok(_) => {}
            Err(message) => rec.warn(&field, format!("{message}; number dropped")),
        }
    }
    let mut locations: Vec<RawLocation> = Vec::new();
    for (k, raw) in list(rec, "locations", f.locations).into_iter().enumerate() {
        if let Some(location) = location(rec, k, raw, &mut redactions) {
            if locations
                .iter()
                .any(|l| l.location_id == location.location_id)
            {
                let message = format!(
                    "{} is listed twice; the second is dropped",
                    quote(&location.location_id)
                );
                rec.warn(&format!("locations[{k}].location_id"), message);
            } else {
                locations.push(location);
            }
        }
    }
    Some(RawCustomer {
        customer_id: customer_id?,
        account: account?,
        name: name?,
        phones,
        notes,
        locations,
        redactions,
        source: env.source(rec.line),
    })
}

/// The items of an optional list field; anything but a list is a warning and reads as empty.
fn list<'a>(rec: &mut Record<'_>, field: &str, raw: Option<&'a RawValue>) -> Vec<&'a RawValue> {
    match raw.map(value::list) {
        None => Vec::new(),
        Some(Ok(items)) => items,
        Some(Err(message)) => {
            rec.warn(field, format!("{message}; read as empty"));
            Vec::new()
        }
    }
}

#[derive(Deserialize)]
struct LocationFields<'a> {
    #[serde(borrow)]
    location_id: Option<&'a RawValue>,
    #[serde(borrow)]
    address: Option<&'a RawValue>,
    #[serde(borrow)]
    zone: Option<&'a RawValue>,
    #[serde(borrow)]
    notes: Option<&'a RawValue>,
}

/// A location with a problem is dropped with a warning; the customer is kept.
fn location(
    rec: &mut Record<'_>,
    k: usize,
    raw: &RawValue,
    redactions: &mut u32,
) -> Option<RawLocation> {
    let at = |name: &str| format!("locations[{k}]{name}");
    let fields: LocationFields<'_> = match raw.get().starts_with('{') {
        true => serde_json::from_str(raw.get()).map_err(|e| e.to_string()),
        false => Err(format!(
            "expected a location object, found {}",
            value::kind_of(raw)
        )),
    }
    .map_err(|message| rec.warn(&at(""), format!("{message}; location dropped")))
    .ok()?;
    let mut text =
        |name: &str, raw: Option<&RawValue>, required: bool| -> Result<Option<String>, ()> {
            let read = match raw {
                None if required => Err("required (missing or null)".to_string()),
                None => Ok(None),
                Some(raw) if name == ".location_id" => value::id(raw).map(Some),
                Some(raw) => value::text(raw).map(|t| Some(t.trim().to_string())),
            };
            let read = read.and_then(|t| match t {
                Some(t) if t.is_empty() && required => Err("must not be empty".to_string()),
                Some(t) if t.is_empty() => Ok(None),
                other => Ok(other),
            });
            read.map_err(|message| rec.warn(&at(name), format!("{message}; location dropped")))
        };
    let location_id = text(".location_id", fields.location_id, true).ok()??;
    let address = text(".address", fields.address, true).ok()??;
    let zone = text(".zone", fields.zone, false).ok()?;
    let notes = text(".notes", fields.notes, false).ok()?;
    Some(RawLocation {
        location_id,
        address,
        zone,
        notes: redact_opt(notes, redactions),
    })
}

#[cfg(test)]
#[path = "records_tests.rs"]
mod tests;
