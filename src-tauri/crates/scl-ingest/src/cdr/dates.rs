//! Local date-times as PBXs and spreadsheets write them, and the rule for the order of a
//! slashed date (see the `cdr` module doc): never a guess.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::DateOrder;

/// `YYYY-MM-DD HH:MM:SS` as Asterisk writes it, read without a format string because it is on
/// every row; `None` for anything else (a slashed date goes through [`Slashed`]).
pub(super) fn iso_time(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
        && b[16] == b':'
    {
        let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
        return date.and_hms_opt(digits(11..13)?, digits(14..16)?, digits(17..19)?);
    }
    const FORMATS: [&str; 3] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

/// A date written `A/B/C` (or with `.` or `-` between, year last) and a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Slashed {
    first: u32,
    second: u32,
    /// Four digits, or 2000 plus two.
    year: i32,
    /// The year came first (`2017/08/24`): no order to choose.
    year_first: bool,
    time: NaiveTime,
}

/// What one slashed date says about the order of the file's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Proof {
    /// Only day-first can read it (its first part is over 12).
    DayFirst,
    /// Only month-first can read it (its second part is over 12).
    MonthFirst,
    /// Either order reads it (both parts 12 or under); equal parts read the same both ways.
    Either,
    /// Year first, or no order reads it.
    Nothing,
}

impl Slashed {
    pub(super) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (date, time) = match text.split_once([' ', 'T']) {
            Some((date, time)) => (date, time.trim()),
            None => (text, ""),
        };
        let separator = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
        let mut parts = date.split(separator);
        let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || [a, b, c].iter().any(|p| !all_digits(p, 1..=4)) {
            return None;
        }
        let time = time_of_day(time)?;
        let number = |p: &str| p.parse::<u32>().ok();
        if a.len() == 4 {
            if separator == '-' {
                return None; // ISO, read by iso_time
            }
            return Some(Self {
                first: number(b)?,
                second: number(c)?,
                year: i32::try_from(number(a)?).ok()?,
                year_first: true,
                time,
            });
        }
        if a.len() > 2 || b.len() > 2 || !matches!(c.len(), 2 | 4) {
            return None;
        }
        let year = i32::try_from(number(c)?).ok()?;
        Some(Self {
            first: number(a)?,
            second: number(b)?,
            year: if c.len() == 2 { 2000 + year } else { year },
            year_first: false,
            time,
        })
    }

    pub(super) fn proof(&self) -> Proof {
        let (a, b) = (self.first, self.second);
        if self.year_first || !(1..=31).contains(&a) || !(1..=31).contains(&b) {
            return Proof::Nothing;
        }
        match (a > 12, b > 12) {
            (true, false) => Proof::DayFirst,
            (false, true) => Proof::MonthFirst,
            (false, false) => Proof::Either,
            (true, true) => Proof::Nothing,
        }
    }

    /// The date-time in the given order (year-first dates ignore it).
    pub(super) fn read(&self, order: DateOrder) -> Option<NaiveDateTime> {
        let (month, day) = match (self.year_first, order) {
            (true, _) | (false, DateOrder::Mdy) => (self.first, self.second),
            (false, DateOrder::Dmy) => (self.second, self.first),
            (false, DateOrder::Ymd) => return None,
        };
        Some(NaiveDate::from_ymd_opt(self.year, month, day)?.and_time(self.time))
    }

    /// Both readings, for a message: "1 September 2017 or 9 January 2017".
    pub(super) fn both_readings(&self) -> String {
        let show = |order| {
            self.read(order)
                .map_or_else(String::new, |t| t.format("%-d %B %Y").to_string())
        };
        format!("{} or {}", show(DateOrder::Dmy), show(DateOrder::Mdy))
    }

    pub(super) fn year_first(&self) -> bool {
        self.year_first
    }
}

fn all_digits(text: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// `09:32`, `9:32:05`, `09:32:05.250`, `9:32 AM`, `9:32:05 pm`; an empty time is midnight.
fn time_of_day(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    if text.is_empty() {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    let upper = text.to_ascii_uppercase();
    let (clock, half) = match upper
        .strip_suffix("AM")
        .or_else(|| upper.strip_suffix("PM"))
    {
        Some(clock) => (clock.trim_end().to_string(), Some(upper.ends_with("PM"))),
        None => (upper.clone(), None),
    };
    let (clock, fraction) = match clock.split_once('.') {
        Some((clock, fraction)) if all_digits(fraction, 1..=9) => (clock.to_string(), fraction),
        Some(_) => return None,
        None => (clock, ""),
    };
    let mut parts = clock.split(':');
    let hour = parts
        .next()
        .filter(|p| all_digits(p, 1..=2))?
        .parse::<u32>()
        .ok()?;
    let minute = parts
        .next()
        .filter(|p| all_digits(p, 2..=2))?
        .parse::<u32>()
        .ok()?;
    let second = match parts.next() {
        Some(p) if all_digits(p, 2..=2) => p.parse::<u32>().ok()?,
        Some(_) => return None,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let hour = match half {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    let nanos = if fraction.is_empty() {
        0
    } else {
        let padded = format!("{fraction:0<9}");
        padded.parse::<u32>().ok()?
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

/// How a file's slashed dates are read: the order chosen, or the one the file proved, and where.
#[derive(Debug, Clone, Default)]
pub(super) struct OrderEvidence {
    day_first: Option<(u64, &'static str, String)>,
    month_first: Option<(u64, &'static str, String)>,
}

impl OrderEvidence {
    pub(super) fn add(&mut self, line: u64, field: &'static str, text: &str, date: &Slashed) {
        let slot = match date.proof() {
            Proof::DayFirst => &mut self.day_first,
            Proof::MonthFirst => &mut self.month_first,
            Proof::Either | Proof::Nothing => return,
        };
        if slot.is_none() {
            *slot = Some((line, field, text.trim().to_string()));
        }
    }

    /// The order the file proves, when it proves exactly one, with the proving line, field and
    /// date.
    pub(super) fn proven(&self) -> Option<(DateOrder, u64, &'static str, &str)> {
        match (&self.day_first, &self.month_first) {
            (Some((line, field, text)), None) => Some((DateOrder::Dmy, *line, field, text)),
            (None, Some((line, field, text))) => Some((DateOrder::Mdy, *line, field, text)),
            _ => None,
        }
    }

    /// Where the file contradicts itself: the first day-first and month-first dates.
    pub(super) fn contradiction(&self) -> Option<(u64, &str, u64, &str)> {
        match (&self.day_first, &self.month_first) {
            (Some((l1, _, t1)), Some((l2, _, t2))) => Some((*l1, t1, *l2, t2)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn two_digit_years_are_this_century_and_the_year_is_last() {
        let date = Slashed::parse("24/08/17 09:32").unwrap();
        assert_eq!(date.proof(), Proof::DayFirst);
        assert_eq!(date.read(DateOrder::Dmy), Some(at(2017, 8, 24, 9, 32)));
        assert_eq!(date.read(DateOrder::Mdy), None, "there is no month 24");
    }

    #[test]
    fn a_date_both_orders_read_says_so() {
        let date = Slashed::parse("1/9/2017 14:05:06").unwrap();
        assert_eq!(date.proof(), Proof::Either);
        assert_eq!(date.both_readings(), "1 September 2017 or 9 January 2017");
        assert_eq!(
            Slashed::parse("08/13/2017").unwrap().proof(),
            Proof::MonthFirst
        );
        assert_eq!(
            Slashed::parse("2017/08/24 9:32")
                .unwrap()
                .read(DateOrder::Dmy),
            Some(at(2017, 8, 24, 9, 32)),
            "year first needs no order"
        );
    }

    #[test]
    fn times_of_day_in_spreadsheet_spellings() {
        let pm = Slashed::parse("24.08.2017 9:32 PM").unwrap();
        assert_eq!(pm.read(DateOrder::Dmy), Some(at(2017, 8, 24, 21, 32)));
        let am = Slashed::parse("24-08-2017 12:05 am").unwrap();
        assert_eq!(am.read(DateOrder::Dmy), Some(at(2017, 8, 24, 0, 5)));
        assert!(Slashed::parse("24/08/2017 13:05 PM").is_none());
        assert!(Slashed::parse("24/08/2017 9:5").is_none());
        assert!(
            Slashed::parse("2017-08-24 09:32:00").is_none(),
            "ISO is not slashed"
        );
        assert!(Slashed::parse("1503567123.45").is_none());
    }

    #[test]
    fn a_file_proves_an_order_only_without_contradiction() {
        let mut evidence = OrderEvidence::default();
        let either = Slashed::parse("1/9/2017").unwrap();
        evidence.add(2, "start", "1/9/2017", &either);
        assert!(evidence.proven().is_none());
        let day_first = Slashed::parse("24/9/2017").unwrap();
        evidence.add(5, "start", "24/9/2017", &day_first);
        let (order, line, ..) = evidence.proven().unwrap();
        assert_eq!((order, line), (DateOrder::Dmy, 5));
        let month_first = Slashed::parse("9/24/2017").unwrap();
        evidence.add(9, "end", "9/24/2017", &month_first);
        assert!(evidence.proven().is_none());
        assert_eq!(
            evidence.contradiction(),
            Some((5, "24/9/2017", 9, "9/24/2017"))
        );
    }
}
