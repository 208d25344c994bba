//! Which legs make one call, which way it went, and who took it (see the module doc of `cdr`).

use rustc_hash::FxHashMap;
use scl_domain::Direction;

use super::Leg;

pub(super) fn call_id(first: &Leg) -> String {
    if !first.linkedid.is_empty() {
        return first.linkedid.clone();
    }
    if !first.uniqueid.is_empty() {
        return first.uniqueid.clone();
    }
    // FNV-1a: stable across runs and builds, unlike the standard library's hasher.
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for b in first
        .src
        .bytes()
        .chain([b'|'])
        .chain(first.start.to_rfc3339().bytes())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("cdr-{hash:016x}")
}

/// Leg indexes ordered call by call, calls in the order of their first leg; and where each
/// call's legs begin in that order (one more entry than calls, the last being the end).
pub(super) fn groups(legs: &[Leg]) -> (Vec<usize>, Vec<usize>) {
    let mut parent: Vec<usize> = (0..legs.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // The lower index stays the root, so a call is rooted at its first leg in the file.
    let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    };
    let n = legs.len();
    let mut by_linkedid: FxHashMap<&str, usize> = FxHashMap::default();
    let mut by_uniqueid: FxHashMap<&str, usize> = FxHashMap::default();
    let mut by_caller_second: FxHashMap<(&str, i64), usize> = FxHashMap::default();
    by_uniqueid.reserve(n);
    by_caller_second.reserve(n);
    for (i, leg) in legs.iter().enumerate() {
        if !leg.linkedid.is_empty() {
            let first = *by_linkedid.entry(&leg.linkedid).or_insert(i);
            join(&mut parent, first, i);
        }
        if !leg.uniqueid.is_empty() {
            let first = *by_uniqueid.entry(&leg.uniqueid).or_insert(i);
            join(&mut parent, first, i);
        }
        if party(&leg.src) != Party::Withheld {
            let first = *by_caller_second
                .entry((&leg.src, leg.start.timestamp()))
                .or_insert(i);
            join(&mut parent, first, i);
        }
    }
    // A counting sort by call: no list per call.
    let mut call_of_root = vec![usize::MAX; legs.len()];
    let mut call_of = Vec::with_capacity(legs.len());
    let mut sizes: Vec<usize> = Vec::new();
    for i in 0..legs.len() {
        let r = root(&mut parent, i);
        if call_of_root[r] == usize::MAX {
            call_of_root[r] = sizes.len();
            sizes.push(0);
        }
        sizes[call_of_root[r]] += 1;
        call_of.push(call_of_root[r]);
    }
    let mut starts = Vec::with_capacity(sizes.len() + 1);
    let mut at = 0;
    for size in &sizes {
        starts.push(at);
        at += size;
    }
    starts.push(at);
    let mut next = starts.clone();
    let mut order = vec![0; legs.len()];
    for (i, &call) in call_of.iter().enumerate() {
        order[next[call]] = i;
        next[call] += 1;
    }
    (order, starts)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Party {
    /// 1-6 digits (or a feature code like `*97`).
    Extension,
    /// 7 or more digits: a number outside the PBX.
    Outside,
    /// Empty, "anonymous", "Restricted", …
    Withheld,
    /// Anything else: `s`, a name.
    Other,
}

pub(super) fn party(text: &str) -> Party {
    let t = text.trim();
    const WITHHELD: [&str; 6] = [
        "anonymous",
        "restricted",
        "unknown",
        "private",
        "unavailable",
        "blocked",
    ];
    if t.is_empty() || WITHHELD.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        return Party::Withheld;
    }
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    if t.bytes()
        .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#')
        && (1..=6).contains(&digits)
    {
        return Party::Extension;
    }
    if digits >= 7
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b" +-().".contains(&b))
    {
        return Party::Outside;
    }
    Party::Other
}

pub(super) fn outbound_context(context: &str) -> bool {
    let c = context.to_ascii_lowercase();
    c.starts_with("from-internal")
        || c == "outbound-allroutes"
        || c.starts_with("outrt-")
        || c.starts_with("macro-dialout")
}

/// The rule in the module doc; `None` for extension-to-extension.
pub(super) fn direction(first: &Leg) -> Option<Direction> {
    match (party(&first.src), party(&first.dst)) {
        (Party::Outside | Party::Withheld, Party::Outside) if first.outbound_context => {
            Some(Direction::Outbound)
        }
        (Party::Outside | Party::Withheld, _) => Some(Direction::Inbound),
        (_, Party::Outside) => Some(Direction::Outbound),
        _ => None,
    }
}

/// `SIP/201-00000a1f` → `201`; `Local/201@from-queue-0000001;1` → `201`.
pub(super) fn extension(channel: &str) -> Option<String> {
    let (_, rest) = channel.trim().split_once('/')?;
    let name = rest.split(['@', ';']).next().unwrap_or(rest);
    let name = match name.rsplit_once('-') {
        Some((head, tail)) if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_hexdigit()) => {
            head
        }
        _ => name,
    };
    (!name.is_empty()).then(|| name.to_string())
}

/// `"Dana Smith" <3035550123>` → `3035550123`.
pub(super) fn number_in_clid(clid: &str) -> Option<&str> {
    let (_, rest) = clid.rsplit_once('<')?;
    let (number, _) = rest.split_once('>')?;
    (party(number) == Party::Outside).then_some(number.trim())
}
