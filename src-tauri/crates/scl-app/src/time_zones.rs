//! The IANA time zones an account's setting may name, and this computer's own zone: what
//! CDR imports read local times in when the account has no zone set.

use serde::Serialize;
use ts_rs::TS;

/// What the Settings screen offers for an account's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TimeZones {
    /// Every zone name the setting accepts, alphabetical.
    pub zones: Vec<String>,
    /// This computer's IANA zone, when the OS names one the setting accepts.
    pub computer: Option<String>,
}

/// This computer's IANA time zone (e.g. "America/Chicago"): the `TZ` environment variable when
/// it names an IANA zone (as the C library and chrono read it, `:` prefix allowed), else the
/// zone the OS is set to (iana-time-zone: /etc/localtime on Linux, the registry on Windows,
/// the system settings on macOS). None when neither names a zone chrono-tz knows.
pub fn computer_time_zone() -> Option<String> {
    let tz = std::env::var("TZ").ok();
    pick_zone(tz.as_deref(), || iana_time_zone::get_timezone().ok())
}

fn pick_zone(tz_var: Option<&str>, os_zone: impl FnOnce() -> Option<String>) -> Option<String> {
    let known = |name: &str| {
        name.parse::<chrono_tz::Tz>()
            .ok()
            .map(|tz| tz.name().to_string())
    };
    tz_var
        .map(|v| v.strip_prefix(':').unwrap_or(v))
        .and_then(known)
        .or_else(|| os_zone().as_deref().and_then(known))
}

pub fn time_zones() -> TimeZones {
    TimeZones {
        zones: scl_domain::AccountSettings::time_zone_names()
            .into_iter()
            .map(str::to_string)
            .collect(),
        computer: computer_time_zone(),
    }
}

#[cfg(test)]
mod tests {
    use super::pick_zone;

    #[test]
    fn the_tz_variable_wins_when_it_names_a_zone_else_the_os_zone() {
        let os = || Some("Europe/Berlin".to_string());
        let pick = |tz| pick_zone(tz, os);
        assert_eq!(
            pick(Some("America/Chicago")).as_deref(),
            Some("America/Chicago")
        );
        assert_eq!(
            pick(Some(":America/Denver")).as_deref(),
            Some("America/Denver")
        );
        // A POSIX rule is not a zone name the setting could hold.
        assert_eq!(
            pick(Some("CST6CDT,M3.2.0,M11.1.0")).as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(pick(None).as_deref(), Some("Europe/Berlin"));
        assert_eq!(pick_zone(None, || Some("Not/AZone".into())), None);
        assert_eq!(pick_zone(None, || None), None);
    }

    #[test]
    fn the_computer_zone_is_one_of_the_zones_offered() {
        let offered = super::time_zones();
        assert!(offered.zones.iter().any(|z| z == "America/Chicago"));
        if let Some(computer) = &offered.computer {
            assert!(offered.zones.contains(computer), "{computer}");
        }
    }
}
