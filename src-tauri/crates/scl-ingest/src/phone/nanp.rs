//! Validity of North American numbers from the `phonenumber` crate's own data, with the
//! patterns compiled once. The crate looks its patterns up in a locked LRU cache on every
//! match, which costs ~20 µs a number; this costs about one. Same rules, in the same order,
//! as the crate's `is_valid` for country code 1; a test holds the two together.

use std::sync::OnceLock;

use phonenumber::metadata::{Descriptor, Metadata, DATABASE};
use regex::{Regex, RegexBuilder};

/// The NANP regions in the crate's order, each compiled on first use.
struct Region {
    id: String,
    rules: OnceLock<Option<Rules>>,
}

struct Rules {
    /// When a region has leading digits, they alone decide whether a number is the region's.
    leading: Option<Regex>,
    general: Pattern,
    /// Every number type; a number matching none is "unknown", which the crate calls invalid.
    types: Vec<Pattern>,
}

struct Pattern {
    lengths: Vec<u16>,
    regex: Regex,
}

static REGIONS: OnceLock<Vec<Region>> = OnceLock::new();

/// Whether ten national digits make a valid +1 number; `None` if the data could not be read
/// this way (the caller then asks the crate).
pub(super) fn valid(national: &str) -> Option<bool> {
    let regions = REGIONS.get_or_init(|| {
        DATABASE
            .region(&1u16)
            .unwrap_or_default()
            .into_iter()
            .map(|id| Region {
                id: id.to_string(),
                rules: OnceLock::new(),
            })
            .collect()
    });
    if regions.is_empty() {
        return None;
    }
    for region in regions {
        let rules = region
            .rules
            .get_or_init(|| Rules::compile(DATABASE.by_id(&region.id)?));
        let rules = rules.as_ref()?;
        let belongs = match &rules.leading {
            Some(leading) => leading.is_match(national),
            None => rules.known(national),
        };
        if belongs {
            return Some(rules.known(national));
        }
    }
    Some(false)
}

impl Rules {
    fn compile(meta: &Metadata) -> Option<Self> {
        let d = meta.descriptors();
        let types = [
            d.premium_rate(),
            d.toll_free(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.fixed_line(),
            d.mobile(),
        ];
        Some(Self {
            leading: match meta.leading_digits() {
                Some(leading) => Some(anchored(leading.as_str())?),
                None => None,
            },
            general: Pattern::compile(d.general())?,
            types: types
                .into_iter()
                .flatten()
                .map(Pattern::compile)
                .collect::<Option<Vec<_>>>()?,
        })
    }

    fn known(&self, national: &str) -> bool {
        self.general.is_match(national) && self.types.iter().any(|t| t.is_match(national))
    }
}

impl Pattern {
    fn compile(descriptor: &Descriptor) -> Option<Self> {
        Some(Self {
            lengths: descriptor.possible_length().to_vec(),
            regex: anchored(descriptor.national_number().as_str())?,
        })
    }

    /// The crate's `Descriptor::is_match`: a possible length, and a match at the start.
    fn is_match(&self, national: &str) -> bool {
        let length_ok = self.lengths.is_empty()
            || u16::try_from(national.len()).is_ok_and(|n| self.lengths.contains(&n));
        length_ok && self.regex.is_match(national)
    }
}

/// Compiled as the crate compiles them (the data is laid out over lines, so whitespace is
/// ignored), anchored at the start: the crate accepts a match that starts at the first digit
/// (`find` at 0), not only a whole match.
fn anchored(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(&format!("^(?:{pattern})"))
        .ignore_whitespace(true)
        .build()
        .ok()
}
