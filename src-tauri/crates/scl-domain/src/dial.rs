//! Click-to-call: the URI handed to the OS for a customer's number (RFC 3966 `tel:` by default).
//! Only an E.164 number ever becomes a URI; anything else is refused with the reason.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which softphone scheme the OS should open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum DialScheme {
    #[default]
    Tel,
    Callto,
    Sip,
}

/// How this machine's softphone is reached (a setting of the machine, not of an account).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DialSettings {
    pub scheme: DialScheme,
    /// The SIP domain for `sip:` URIs, e.g. `pbx.example.com`.
    pub sip_domain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DialError {
    #[error("{0:?} is not an E.164 phone number (+ and 8 to 15 digits)")]
    NotE164(String),
    #[error("sip: needs a SIP domain in the click-to-call settings")]
    NoSipDomain,
    #[error("{0:?} is not a valid SIP domain")]
    BadSipDomain(String),
}

impl DialSettings {
    pub fn validate(&self) -> Result<(), DialError> {
        match (&self.scheme, self.sip_domain.as_deref()) {
            (DialScheme::Sip, None) => Err(DialError::NoSipDomain),
            (_, Some(d)) if !is_domain(d) => Err(DialError::BadSipDomain(d.to_string())),
            _ => Ok(()),
        }
    }
}

/// The URI for `e164` under `settings`: `tel:+15125550123`, `callto:+15125550123` or
/// `sip:+15125550123@pbx.example.com;user=phone` (RFC 3261 19.1.6).
pub fn dial_uri(e164: &str, settings: &DialSettings) -> Result<String, DialError> {
    if !is_e164(e164) {
        return Err(DialError::NotE164(e164.to_string()));
    }
    Ok(match settings.scheme {
        DialScheme::Tel => format!("tel:{e164}"),
        DialScheme::Callto => format!("callto:{e164}"),
        DialScheme::Sip => {
            settings.validate()?;
            let domain = settings
                .sip_domain
                .as_deref()
                .ok_or(DialError::NoSipDomain)?;
            format!("sip:{e164}@{domain};user=phone")
        }
    })
}

/// `+`, a first digit 1-9, then digits: 8 to 15 digits in all (ITU-T E.164).
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

fn is_domain(d: &str) -> bool {
    !d.is_empty()
        && d.len() <= 253
        && d.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_makes_its_uri() {
        let mut s = DialSettings::default();
        assert_eq!(dial_uri("+15125550123", &s).unwrap(), "tel:+15125550123");
        s.scheme = DialScheme::Callto;
        assert_eq!(dial_uri("+15125550123", &s).unwrap(), "callto:+15125550123");
        s.scheme = DialScheme::Sip;
        assert_eq!(dial_uri("+15125550123", &s), Err(DialError::NoSipDomain));
        s.sip_domain = Some("pbx.example.com".into());
        assert_eq!(
            dial_uri("+15125550123", &s).unwrap(),
            "sip:+15125550123@pbx.example.com;user=phone"
        );
    }

    #[test]
    fn only_e164_numbers_become_uris() {
        let s = DialSettings::default();
        for bad in [
            "",
            "5125550123",
            "+",
            "+0125550123",
            "+1512555012a",
            "+1234567",
            "+1234567890123456",
            "+1 512 555 0123",
            "+15125550123;ext=1",
            "+15125550123@evil",
            "javascript:alert(1)",
            "tel:+15125550123",
        ] {
            assert!(
                matches!(dial_uri(bad, &s), Err(DialError::NotE164(_))),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn a_sip_domain_cannot_smuggle_uri_parts() {
        for bad in [
            "pbx.example.com;x=1",
            "a b",
            "-pbx.com",
            "pbx..com",
            "pbx.com/x",
            "@x",
        ] {
            let s = DialSettings {
                scheme: DialScheme::Sip,
                sip_domain: Some(bad.into()),
            };
            assert_eq!(
                dial_uri("+15125550123", &s),
                Err(DialError::BadSipDomain(bad.into()))
            );
        }
    }
}
