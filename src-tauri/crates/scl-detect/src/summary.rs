//! The one-to-three sentence summary an agent reads before calling back: what the customer
//! needed, why it did not book, what to do next. Built only from the call's own words and
//! fixed templates, so it never states a fact the call does not contain.

use std::borrow::Cow;
use std::fmt::Write as _;

use scl_domain::{Call, CallType};

use crate::classify::ring_seconds;
use crate::features::FeatureId;
use crate::matcher::{normalize_into, original_offset, Scan};

/// Shorter quotes in the summary than in the reasons: it has to read at a glance.
const SUMMARY_QUOTE_CHARS: usize = 110;

/// The transcript signals that explain why a call did not book, most telling first. The
/// summary names the first one the call shows, not the one with the largest weight: weights
/// are learned for predicting a lead, and "call me back Friday" predicts well while the wife's
/// decision is what actually stands between the customer and a booking.
const OBJECTIONS: [FeatureId; 7] = [
    FeatureId::AvailabilityObjection,
    FeatureId::PriceObjection,
    FeatureId::CheckWithOther,
    FeatureId::WillCallBack,
    FeatureId::ShoppingAround,
    FeatureId::AskedPrice,
    FeatureId::SpanishSpeaker,
];

pub(crate) fn write(
    call: &Call,
    call_type: CallType,
    flag: bool,
    contributions: &[(FeatureId, f64)],
    scan: Option<&Scan>,
    buf: &mut String,
) -> String {
    let mut out = String::with_capacity(240);
    let hit_quote = |f: FeatureId, buf: &mut String| {
        let hit = scan?.hit(f)?;
        let seg = &call.transcript[hit.segment];
        normalize_into(&seg.text, buf);
        Some(quote(&seg.text, buf, hit.start, SUMMARY_QUOTE_CHARS))
    };

    // 1. What they needed.
    let need =
        hit_quote(FeatureId::UrgentProblem, buf).or_else(|| hit_quote(FeatureId::ServiceNeed, buf));
    match (&need, call.csr_notes.as_deref().map(str::trim)) {
        (Some(q), _) => add(&mut out, format_args!("Needed: \u{201c}{q}\u{201d}")),
        (None, Some(notes)) if !notes.is_empty() => {
            add(
                &mut out,
                format_args!(
                    "CSR notes: {}",
                    end_sentence(&clip(notes, SUMMARY_QUOTE_CHARS))
                ),
            );
        }
        _ if call_type == CallType::Abandoned => add(
            &mut out,
            format_args!(
                "Hung up after {:.0} s of ringing, before anyone answered.",
                ring_seconds(call)
            ),
        ),
        _ => {}
    }

    // 2. Why it did not book (or, unflagged, why it is not a lead).
    let reason = call
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let top_positive = contributions
        .iter()
        .filter(|(f, c)| {
            *c > 0.0 && OBJECTIONS.contains(f) && scan.and_then(|s| s.hit(*f)).is_some()
        })
        .map(|&(f, _)| f)
        .min_by_key(|&f| rank(f));
    if flag {
        match (top_positive, reason) {
            (Some(f), _) => {
                let q = hit_quote(f, buf).unwrap_or_default();
                if need.as_deref() == Some(q.as_str()) {
                    add(
                        &mut out,
                        format_args!("Not booked: {}.", lower_first(f.text())),
                    );
                } else {
                    add(
                        &mut out,
                        format_args!(
                            "Not booked: {} \u{2014} \u{201c}{q}\u{201d}",
                            lower_first(f.text())
                        ),
                    );
                }
            }
            (None, Some(r)) => add(
                &mut out,
                format_args!("Not booked: agent's reason \u{201c}{r}\u{201d}."),
            ),
            (None, None) => {}
        }
    } else if let Some(&(f, _)) = contributions.first().filter(|(_, c)| *c < 0.0) {
        match hit_quote(f, buf) {
            Some(q) => add(
                &mut out,
                format_args!(
                    "Likely not a lead: {} \u{2014} \u{201c}{q}\u{201d}",
                    lower_first(f.text())
                ),
            ),
            None => add(
                &mut out,
                format_args!(
                    "Likely not a lead: {}.",
                    lower_first(&reason_text(f, reason))
                ),
            ),
        }
    }

    // 3. What to do next.
    let step = next_step(call, flag, contributions, top_positive, scan, buf);
    add(&mut out, format_args!("{step}"));
    out
}

/// Appends one sentence, space-separated, without an intermediate String.
fn add(out: &mut String, sentence: std::fmt::Arguments) {
    if !out.is_empty() {
        out.push(' ');
    }
    let _ = out.write_fmt(sentence);
}

fn rank(f: FeatureId) -> usize {
    OBJECTIONS
        .iter()
        .position(|&o| o == f)
        .unwrap_or(OBJECTIONS.len())
}

fn reason_text(f: FeatureId, reason: Option<&str>) -> String {
    match (f.name().starts_with("reason_"), reason) {
        (true, Some(r)) => format!("agent's reason \u{201c}{r}\u{201d}"),
        _ => f.text().to_string(),
    }
}

fn next_step(
    call: &Call,
    flag: bool,
    contributions: &[(FeatureId, f64)],
    top_objection: Option<FeatureId>,
    scan: Option<&Scan>,
    buf: &mut String,
) -> Cow<'static, str> {
    use FeatureId as F;
    if !flag {
        return Cow::Borrowed("No callback needed.");
    }
    if scan.and_then(|s| s.hit(F::SpanishSpeaker)).is_some()
        && contributions.iter().any(|(f, _)| *f == F::SpanishSpeaker)
    {
        return Cow::Borrowed("Call back with a Spanish-speaking agent.");
    }
    // Where the customer named a time or a person, the step uses their words.
    let segment_text = |f: FeatureId, buf: &mut String| {
        let hit = scan?.hit(f)?;
        normalize_into(&call.transcript[hit.segment].text, buf);
        Some(())
    };
    // The objection first, then what the signals say, the general ones (notes show interest,
    // described work) last: "offer financing" helps the agent more than "read the notes".
    let mut positives: Vec<FeatureId> = top_objection
        .into_iter()
        .chain(
            contributions
                .iter()
                .filter(|(_, c)| *c > 0.0)
                .map(|&(f, _)| f),
        )
        .collect();
    positives.sort_by_key(|f| matches!(f, F::NotesInterest | F::ServiceNeed));
    for f in positives {
        let step = match f {
            F::AvailabilityObjection | F::ReasonAvailability => {
                Cow::Borrowed("Call back with the earliest slot and the cancellation list.")
            }
            F::PriceObjection | F::ReasonPrice => {
                Cow::Borrowed("Offer financing and explain the fee.")
            }
            F::AskedPrice => {
                Cow::Borrowed("Call back with a price range and offer an estimate visit.")
            }
            F::CheckWithOther | F::ReasonDecisionMaker => {
                let (when, who) = match segment_text(F::CheckWithOther, buf) {
                    Some(()) => (day_in(buf), who_in(buf)),
                    None => (None, "decision maker"),
                };
                Cow::Owned(format!(
                    "Call back{}; ask for the {who}'s decision.",
                    when.map(|d| format!(" {d}")).unwrap_or_default()
                ))
            }
            F::WillCallBack | F::ReasonCallBack => {
                let when = segment_text(F::WillCallBack, buf).and_then(|()| day_in(buf));
                Cow::Owned(format!(
                    "Call back{} before they call someone else.",
                    when.map(|d| format!(" {d}")).unwrap_or_default()
                ))
            }
            F::ShoppingAround | F::ReasonShopping => {
                Cow::Borrowed("Call back before they choose; offer a firm quote.")
            }
            F::UrgentProblem | F::NotesUrgent => {
                Cow::Borrowed("Call back now with the first available technician.")
            }
            F::LongRing | F::TypeAbandoned | F::ReasonHungUp => {
                Cow::Borrowed("Call back: they hung up before anyone answered.")
            }
            F::ServiceNeed => Cow::Borrowed("Call back to book the visit."),
            F::NotesInterest => Cow::Borrowed("Call back and follow up on the CSR notes."),
            _ => continue,
        };
        return step;
    }
    Cow::Borrowed("Call back to find out what they need.")
}

const DAYS: [(&str, &str); 14] = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
    ("tomorrow", "tomorrow"),
    ("tonight", "tonight"),
    ("this evening", "this evening"),
    ("next week", "next week"),
    ("the weekend", "after the weekend"),
    ("after work", "after work"),
    ("after five", "after five"),
];

/// The first time the customer named, in their words.
fn day_in(normalized: &str) -> Option<&'static str> {
    DAYS.iter()
        .filter_map(|(k, v)| normalized.find(k).map(|i| (i, *v)))
        .min_by_key(|(i, _)| *i)
        .map(|(_, v)| v)
}

fn who_in(normalized: &str) -> &'static str {
    let has = |w: &[&str]| w.iter().any(|w| normalized.contains(w));
    if has(&["wife", "husband", "spouse", "partner", "esposo", "esposa"]) {
        "spouse"
    } else if has(&["landlord", "property manager"]) {
        "landlord"
    } else if has(&["owner"]) {
        "owner"
    } else {
        "decision maker"
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn end_sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?', '\u{2026}']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// The sentence of `original` around byte `pos` of its normalized form, cut to about `max`
/// characters around the match with an ellipsis where cut.
pub(crate) fn quote(original: &str, normalized: &str, pos: usize, max: usize) -> String {
    let is_end = |b: &u8| matches!(b, b'.' | b'?' | b'!');
    let bytes = normalized.as_bytes();
    let start = bytes[..pos].iter().rposition(is_end).map_or(0, |i| i + 1);
    let end = bytes[pos..]
        .iter()
        .position(is_end)
        .map_or(bytes.len(), |i| pos + i + 1);
    let (s, e) = (
        original_offset(original, normalized, start),
        original_offset(original, normalized, end),
    );
    let p = original_offset(original, normalized, pos);
    let sentence = &original[s..e];
    let lead = sentence.len() - sentence.trim_start().len();
    window(sentence.trim(), p.saturating_sub(s + lead), max)
}

/// `text` cut to about `max` characters, keeping whole words.
pub(crate) fn clip(text: &str, max: usize) -> String {
    window(text.trim(), 0, max)
}

fn window(text: &str, focus: usize, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    // Start a little before the match, at a word start.
    let mut from = focus.saturating_sub(40).min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    if from > 0 {
        from = text[from..].find(' ').map_or(from, |i| from + i + 1);
    }
    let rest = &text[from..];
    let mut to = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
    if to < rest.len() {
        to = rest[..to].rfind(' ').unwrap_or(to);
    }
    let mut out = String::with_capacity(to + 8);
    if from > 0 {
        out.push('\u{2026}');
    }
    out.push_str(rest[..to].trim_end_matches([',', ' ']));
    if to < rest.len() {
        out.push('\u{2026}');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detector::QUOTE_CHARS;
    use crate::matcher::normalize;

    #[test]
    fn quote_is_the_sentence_around_the_match() {
        let text = "Hi there. My furnace stopped working last night! Can you come?";
        let norm = normalize(text);
        let pos = norm.find("furnace").unwrap();
        assert_eq!(
            quote(text, &norm, pos, QUOTE_CHARS),
            "My furnace stopped working last night!"
        );
    }

    #[test]
    fn long_quotes_are_cut_at_words_around_the_match() {
        let text = format!(
            "{} how much would it be {}",
            "word ".repeat(60),
            "more ".repeat(60)
        );
        let norm = normalize(&text);
        let q = quote(&text, &norm, norm.find("how much").unwrap(), QUOTE_CHARS);
        assert!(q.contains("how much would it be"), "{q}");
        assert!(q.starts_with('\u{2026}') && q.ends_with('\u{2026}'), "{q}");
        assert!(
            q.chars().count() <= QUOTE_CHARS + 2,
            "{}",
            q.chars().count()
        );
    }

    #[test]
    fn days_and_people_come_from_the_customers_words() {
        assert_eq!(
            day_in("i'll talk to my wife, call me friday"),
            Some("Friday")
        );
        assert_eq!(day_in("call me later"), None);
        assert_eq!(who_in("let me ask my husband"), "spouse");
        assert_eq!(who_in("check with the landlord"), "landlord");
    }
}
