//! Phone numbers to E.164, with libphonenumber's data (the `phonenumber` crate).
//!
//! The crate costs ~20 µs a number (and ~90 ms to load its data the first time), so a file is
//! read through one [`PhoneCache`]. North American numbers take a shorter road: NANP numbers
//! are assigned in blocks of a thousand (NPA-NXX-X), and no NANP pattern in the data looks past
//! the seventh digit, so one verdict per block holds for the block, and that verdict comes from
//! the crate's patterns compiled once ([`nanp`]). A test checks that road against the crate,
//! digit by digit where the data is finest (area codes 246 and 876).

mod nanp;

use std::panic::{catch_unwind, AssertUnwindSafe};

use phonenumber::{country, Mode};
use rustc_hash::FxHashMap;

use crate::text::quote;

/// Input longer than this is not a phone number, and is not handed to the parser.
const MAX_PHONE_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("no number")]
    Empty,
    #[error("not a phone number: {}", quote(.0))]
    NotANumber(String),
    #[error("{} is not a valid phone number in region {}", quote(.0), .1)]
    Invalid(String, String),
    #[error("unknown phone region {0:?} (expected an ISO 3166 code such as \"US\")")]
    UnknownRegion(String),
}

/// E.164 form of `raw`, reading numbers without a country code as numbers of `region`.
pub fn normalize_phone(raw: &str, region: &str) -> Result<String, PhoneError> {
    PhoneCache::new().normalize(raw, region)
}

/// Normalizes many numbers, remembering what it has seen. One per file read.
#[derive(Debug, Default)]
pub struct PhoneCache {
    /// A file uses a region or two: a list is quicker to search than a map.
    regions: Vec<(String, Region)>,
    /// NANP thousand-block (first 7 national digits) → whether its numbers are valid.
    blocks: FxHashMap<u32, bool>,
}

#[derive(Debug)]
struct Region {
    /// The crate's id and whether the region dials with country code 1.
    id: Option<(country::Id, bool)>,
    /// Answers of the crate itself (the block road needs no memory of single numbers).
    numbers: FxHashMap<String, Result<String, PhoneError>>,
}

impl PhoneCache {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn normalize(&mut self, raw: &str, region: &str) -> Result<String, PhoneError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(PhoneError::Empty);
        }
        let at = match self.regions.iter().position(|(name, _)| name == region) {
            Some(at) => at,
            None => {
                self.regions
                    .push((region.to_string(), Region::resolve(region)));
                self.regions.len() - 1
            }
        };
        let entry = &mut self.regions[at].1;
        let nanp_region = entry.id.is_some_and(|(_, nanp)| nanp);
        if let Some(national) = nanp_national(raw, nanp_region) {
            let e164 = e164_nanp(&national);
            let valid = *self.blocks.entry(block_of(&national)).or_insert_with(|| {
                let digits = &e164[2..];
                nanp::valid(digits).unwrap_or_else(|| by_crate(&e164, None).is_ok())
            });
            return if valid {
                Ok(e164)
            } else {
                Err(PhoneError::Invalid(raw.to_string(), region.to_string()))
            };
        }
        if let Some(hit) = entry.numbers.get(raw) {
            return hit.clone();
        }
        let answer = match entry.id {
            Some((id, _)) => by_crate(raw, Some(id)),
            None if raw.starts_with('+') => by_crate(raw, None),
            None => Err(PhoneError::UnknownRegion(region.to_string())),
        }
        .map_err(|e| match e {
            PhoneError::Invalid(text, _) => PhoneError::Invalid(text, region.to_string()),
            other => other,
        });
        entry.numbers.insert(raw.to_string(), answer.clone());
        answer
    }
}

impl Region {
    fn resolve(region: &str) -> Self {
        let code = region.trim().to_ascii_uppercase();
        let id = code.parse::<country::Id>().ok().and_then(|id| {
            phonenumber::metadata::DATABASE
                .by_id(code.as_str())
                .map(|meta| (id, meta.country_code() == 1))
        });
        Self {
            id,
            numbers: FxHashMap::default(),
        }
    }
}

/// The crate's answer. Its parser has panicked on odd input before, so only text that could be
/// a phone number reaches it, and a panic still reads as "not a number".
fn by_crate(raw: &str, region: Option<country::Id>) -> Result<String, PhoneError> {
    let not_a_number = || PhoneError::NotANumber(raw.to_string());
    let plausible = raw.chars().count() <= MAX_PHONE_CHARS
        && raw.bytes().filter(u8::is_ascii_digit).count() >= 3
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " +-.()/".contains(c));
    if !plausible {
        return Err(not_a_number());
    }
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        phonenumber::parse(region, raw).ok().map(|n| {
            (
                phonenumber::is_valid(&n),
                n.format().mode(Mode::E164).to_string(),
            )
        })
    }));
    match parsed {
        Ok(Some((true, e164))) => Ok(e164),
        Ok(Some((false, _))) => Err(PhoneError::Invalid(raw.to_string(), String::new())),
        Ok(None) | Err(_) => Err(not_a_number()),
    }
}

/// The ten national digits of a number that is plainly North American: `+1` and ten digits, or,
/// in a NANP region, ten digits with an optional leading 1; separated by spaces, dashes, dots or
/// one pair of parentheses. Anything less plain goes to the crate.
fn nanp_national(raw: &str, nanp_region: bool) -> Option<[u8; 10]> {
    let bytes = raw.as_bytes();
    let (plus, body) = match bytes.split_first() {
        Some((b'+', rest)) => (true, rest),
        _ => (false, bytes),
    };
    if !body
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'(')
        || !body.last().is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let mut digits = [0u8; 11];
    let mut count = 0;
    let mut parens = 0;
    let mut previous_was_separator = false;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                *digits.get_mut(count)? = b;
                count += 1;
                previous_was_separator = false;
            }
            b' ' | b'-' | b'.' => {
                if previous_was_separator {
                    return None;
                }
                previous_was_separator = true;
            }
            b'(' if parens == 0 => parens = 1,
            b')' if parens == 1 => parens = 2,
            _ => return None,
        }
    }
    if parens == 1 {
        return None;
    }
    let national: &[u8] = match (plus, count) {
        (true, 11) if digits[0] == b'1' => &digits[1..],
        (false, 10) if nanp_region => &digits[..10],
        (false, 11) if nanp_region && digits[0] == b'1' => &digits[1..],
        _ => return None,
    };
    if !(b'2'..=b'9').contains(&national[0]) {
        return None;
    }
    national.try_into().ok()
}

fn e164_nanp(national: &[u8; 10]) -> String {
    let mut out = String::with_capacity(12);
    out.push_str("+1");
    out.extend(national.iter().map(|&b| b as char));
    out
}

fn block_of(national: &[u8; 10]) -> u32 {
    national[..7]
        .iter()
        .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_us_spellings() {
        for raw in [
            "+1 303 555 0123",
            "(303) 555-0123",
            "303.555.0123",
            "1-303-555-0123",
            "3035550123",
            " +13035550123 ",
        ] {
            assert_eq!(
                normalize_phone(raw, "US").as_deref(),
                Ok("+13035550123"),
                "{raw}"
            );
        }
    }

    #[test]
    fn other_regions_and_explicit_country_codes() {
        assert_eq!(
            normalize_phone("020 7946 0018", "GB").as_deref(),
            Ok("+442079460018")
        );
        assert_eq!(
            normalize_phone("+44 20 7946 0018", "US").as_deref(),
            Ok("+442079460018"),
            "a + number ignores the region"
        );
        assert_eq!(
            normalize_phone("+44 20 7946 0018", "XX").as_deref(),
            Ok("+442079460018"),
            "even an unknown one"
        );
        assert_eq!(
            normalize_phone("(416) 555-0199", "ca").as_deref(),
            Ok("+14165550199"),
            "region codes are read in any case"
        );
    }

    #[test]
    fn rejects_what_is_not_a_valid_number() {
        assert_eq!(
            normalize_phone("anonymous", "US"),
            Err(PhoneError::NotANumber("anonymous".into()))
        );
        assert_eq!(
            normalize_phone("Restricted", "US"),
            Err(PhoneError::NotANumber("Restricted".into()))
        );
        assert!(matches!(
            normalize_phone("123", "US"),
            Err(PhoneError::NotANumber(_) | PhoneError::Invalid(..))
        ));
        assert_eq!(
            normalize_phone("(555) 123-4567", "US"),
            Err(PhoneError::Invalid("(555) 123-4567".into(), "US".into())),
            "parses, but 555 is no area code"
        );
        assert_eq!(normalize_phone("   ", "US"), Err(PhoneError::Empty));
        assert_eq!(
            normalize_phone("303 555 0123", "Narnia"),
            Err(PhoneError::UnknownRegion("Narnia".into()))
        );
        let message = normalize_phone("(555) 123-4567", "US")
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "\"(555) 123-4567\" is not a valid phone number in region US"
        );
    }

    #[test]
    fn garbage_never_panics() {
        for raw in [
            "  2 22#:",
            "+",
            "++1",
            "()",
            "1(((((2",
            "+1 (((303)))",
            "x",
            "ext 5",
            "0000000000000000000000000000000000000000000",
            "+٣٠٣٥٥٥٠١٢٣",
            "\u{0}\u{1}",
        ] {
            let _ = normalize_phone(raw, "US");
        }
    }

    #[test]
    fn compiled_nanp_rules_agree_with_the_crate() {
        let mut state = 0x9e37_79b9u64;
        for _ in 0..3000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let national = format!("{:010}", (state >> 20) % 10_000_000_000);
            let crate_says = by_crate(&format!("+1{national}"), None).is_ok();
            assert_eq!(nanp::valid(&national), Some(crate_says), "+1 {national}");
        }
        for national in [
            "3035550123",
            "2042345678",
            "2465211234",
            "8766060123",
            "5551234567",
            "8005550100",
        ] {
            let crate_says = by_crate(&format!("+1{national}"), None).is_ok();
            assert_eq!(nanp::valid(national), Some(crate_says), "+1 {national}");
        }
    }

    /// Plain NANP numbers skip the crate; this holds them to the crate's answer. Every block of
    /// the two area codes whose data goes down to the seventh digit, and a spread of the rest.
    #[test]
    fn the_nanp_road_agrees_with_the_crate() {
        let mut cache = PhoneCache::new();
        let mut checked = 0;
        let mut check = |raw: String, region: &str| {
            let fast = cache.normalize(&raw, region);
            let slow = by_crate(raw.trim(), region.parse().ok()).map_err(|e| match e {
                PhoneError::Invalid(t, _) => PhoneError::Invalid(t, region.to_string()),
                other => other,
            });
            assert_eq!(fast, slow, "{raw} in {region}");
            checked += 1;
        };
        for npa in ["246", "876"] {
            for nxx in 200..1000 {
                for x in [0, 3, 5, 9] {
                    check(format!("+1{npa}{nxx}{x}{:03}", (nxx * 7) % 1000), "US");
                    check(format!("+1{npa}{nxx}{x}{:03}", (nxx * 13) % 1000), "US");
                }
            }
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..4000 {
            let npa = 200 + next(800);
            let nxx = next(1000);
            let line = next(10_000);
            let (raw, region) = match next(6) {
                0 => (format!("+1{npa}{nxx:03}{line:04}"), "US"),
                1 => (format!("({npa}) {nxx:03}-{line:04}"), "US"),
                2 => (format!("1-{npa}-{nxx:03}-{line:04}"), "CA"),
                3 => (format!("{npa}.{nxx:03}.{line:04}"), "JM"),
                4 => (format!("+1 {npa} {nxx:03} {line:04}"), "GB"),
                _ => (format!("{npa}{nxx:03}{line:04}"), "US"),
            };
            check(raw, region);
        }
        assert_eq!(checked, 2 * 800 * 4 * 2 + 4000);
    }
}
