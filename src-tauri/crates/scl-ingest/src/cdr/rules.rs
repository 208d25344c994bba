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

/// What a `dcontext` says about where a call came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ContextKind {
    /// Where calls from the outside enter: `from-trunk`, `from-pstn`, `from-did…`, `ext-did…`.
    FromOutside,
    /// Where the company's own phones and originates dial from: `from-internal…`,
    /// `originate…`.
    FromInside,
    /// An outbound route: `outbound-allroutes`, `outrt-…`, `macro-dialout…`.
    DialOut,
    /// Anything else: queues, ring groups, IVRs, voicemail; they say nothing of the direction.
    Other,
}

pub(super) fn context_kind(context: &str) -> ContextKind {
    let c = context.to_ascii_lowercase();
    const OUTSIDE: [&str; 8] = [
        "from-trunk",
        "from-pstn",
        "from-did",
        "ext-did",
        "from-sip-external",
        "from-dahdi",
        "from-zaptel",
        "from-external",
    ];
    const DIAL_OUT: [&str; 3] = ["outbound-allroutes", "outrt-", "macro-dialout"];
    if OUTSIDE.iter().any(|p| c.starts_with(p)) {
        ContextKind::FromOutside
    } else if DIAL_OUT.iter().any(|p| c.starts_with(p)) {
        ContextKind::DialOut
    } else if c.starts_with("from-internal") || c.starts_with("originate") {
        ContextKind::FromInside
    } else {
        ContextKind::Other
    }
}

/// What a channel is connected to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChannelKind {
    /// A line to the outside: `DAHDI/…`, or a SIP/PJSIP/IAX2 peer that is not an extension
    /// (`PJSIP/twilio_trunk-00000012`).
    Trunk,
    /// An extension's own phone: the peer is 1-6 digits (`PJSIP/201-0000001a`).
    Device,
    /// An Asterisk `Local/` channel: originate, click-to-call, queue members, follow-me.
    Local,
    /// No channel, or a technology that says nothing.
    Unknown,
}

pub(super) fn channel_kind(channel: &str) -> ChannelKind {
    let Some((tech, _)) = channel.trim().split_once('/') else {
        return ChannelKind::Unknown;
    };
    let tech = tech.to_ascii_uppercase();
    match tech.as_str() {
        "LOCAL" => ChannelKind::Local,
        "DAHDI" | "ZAP" | "DGV" | "KHOMP" => ChannelKind::Trunk,
        "SIP" | "PJSIP" | "IAX2" | "IAX" | "H323" | "OOH323" | "MOTIF" => {
            match extension(channel) {
                Some(peer) if party(&peer) == Party::Extension => ChannelKind::Device,
                Some(_) => ChannelKind::Trunk,
                None => ChannelKind::Unknown,
            }
        }
        _ => ChannelKind::Unknown,
    }
}

/// Whether an ANSWERED leg was answered by a person: it was bridged to a channel that is not
/// voicemail or an IVR, and its last application was not one that answers by itself.
pub(super) fn person_answered(dstchannel: &str, lastapp: &str) -> bool {
    const MACHINE_APPS: [&str; 16] = [
        "voicemail",
        "voicemailmain",
        "vm",
        "background",
        "playback",
        "waitexten",
        "read",
        "answer",
        "hangup",
        "echo",
        "musiconhold",
        "wait",
        "record",
        "saydigits",
        "saynumber",
        "congestion",
    ];
    let dstchannel = dstchannel.trim();
    let app = lastapp.trim().to_ascii_lowercase();
    if dstchannel.is_empty() || MACHINE_APPS.contains(&app.as_str()) {
        return false;
    }
    // FreePBX reaches voicemail and IVRs through Local channels: `Local/vmu201@from-internal`,
    // `Local/s@ivr-3`.
    let lower = dstchannel.to_ascii_lowercase();
    let target = lower
        .strip_prefix("local/")
        .map(|rest| rest.split(';').next().unwrap_or(rest));
    !target.is_some_and(|t| {
        let (exten, context) = t.split_once('@').unwrap_or((t, ""));
        exten.starts_with("vm")
            || exten.starts_with("*97")
            || context.contains("voicemail")
            || context.starts_with("ivr")
            || context.starts_with("app-announcement")
    })
}

/// The rule in the module doc; `None` for extension-to-extension.
pub(super) fn direction(first: &Leg) -> Option<Direction> {
    let (src, dst) = (party(&first.src), party(&first.dst));
    let from_outside = first.context == ContextKind::FromOutside
        || (first.channel == ChannelKind::Trunk && src != Party::Extension);
    if from_outside {
        return Some(Direction::Inbound);
    }
    let placed_inside = matches!(first.channel, ChannelKind::Device | ChannelKind::Local)
        || matches!(
            first.context,
            ContextKind::FromInside | ContextKind::DialOut
        );
    if placed_inside {
        let went_outside =
            dst == Party::Outside || first.dst_trunk || first.context == ContextKind::DialOut;
        return went_outside.then_some(Direction::Outbound);
    }
    match (src, dst) {
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
