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
    /// The number to leave on a customer's voicemail (E.164), shown while calling.
    #[serde(default)]
    pub callback_number: Option<String>,
    /// A short voicemail script (plain text), shown while calling.
    #[serde(default)]
    pub voicemail_script: Option<String>,
}

/// Longest voicemail script accepted, in characters: about thirty seconds spoken.
pub const MAX_VOICEMAIL_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DialError {
    #[error("{0:?} is not an E.164 phone number (+ and 8 to 15 digits)")]
    NotE164(String),
    #[error("sip: needs a SIP domain in the click-to-call settings")]
    NoSipDomain,
    #[error("{0:?} is not a valid SIP domain")]
    BadSipDomain(String),
    #[error("Callback number: {0:?} is not a phone number in E.164 form (e.g. +15125550100)")]
    BadCallbackNumber(String),
    #[error("Voicemail script: at most {max} characters; this one has {0}", max = MAX_VOICEMAIL_CHARS)]
    VoicemailTooLong(usize),
    #[error("Voicemail script: plain text only (no control characters)")]
    VoicemailNotPlainText,
}

impl DialSettings {
    pub fn validate(&self) -> Result<(), DialError> {
        match (&self.scheme, self.sip_domain.as_deref()) {
            (DialScheme::Sip, None) => return Err(DialError::NoSipDomain),
            (_, Some(d)) if !is_domain(d) => return Err(DialError::BadSipDomain(d.to_string())),
            _ => {}
        }
        if let Some(n) = self.callback_number.as_deref() {
            if !is_e164(n) {
                return Err(DialError::BadCallbackNumber(n.to_string()));
            }
        }
        if let Some(script) = self.voicemail_script.as_deref() {
            let chars = script.chars().count();
            if chars > MAX_VOICEMAIL_CHARS {
                return Err(DialError::VoicemailTooLong(chars));
            }
            if script.chars().any(|c| c.is_control() && c != '\n') {
                return Err(DialError::VoicemailNotPlainText);
            }
        }
        Ok(())
    }

    /// Blank texts become `None` and surrounding space is trimmed, so an emptied field clears
    /// the setting instead of storing spaces.
    pub fn tidied(mut self) -> Self {
        fn tidy(v: Option<String>) -> Option<String> {
            v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
        }
        self.sip_domain = tidy(self.sip_domain);
        self.callback_number = tidy(self.callback_number);
        self.voicemail_script = tidy(self.voicemail_script).map(|s| s.replace("\r\n", "\n"));
        self
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
                ..DialSettings::default()
            };
            assert_eq!(
                dial_uri("+15125550123", &s),
                Err(DialError::BadSipDomain(bad.into()))
            );
        }
    }

    #[test]
    fn the_callback_number_must_be_e164_and_names_its_field() {
        let mut s = DialSettings {
            callback_number: Some("+15125550100".into()),
            ..DialSettings::default()
        };
        assert_eq!(s.validate(), Ok(()));
        for bad in ["5125550100", "+1 512 555 0100", "call me", "+0125550100"] {
            s.callback_number = Some(bad.into());
            let e = s.validate().expect_err(bad);
            assert_eq!(e, DialError::BadCallbackNumber(bad.into()));
            assert!(e.to_string().starts_with("Callback number:"), "{e}");
        }
    }

    #[test]
    fn the_voicemail_script_is_short_plain_text() {
        let mut s = DialSettings {
            voicemail_script: Some(
                "Hi, this is Dana from Blue Ridge.\nPlease call us back.".into(),
            ),
            ..DialSettings::default()
        };
        assert_eq!(s.validate(), Ok(()), "line breaks are fine");
        s.voicemail_script = Some("x".repeat(MAX_VOICEMAIL_CHARS));
        assert_eq!(s.validate(), Ok(()), "the limit itself is accepted");
        s.voicemail_script = Some("x".repeat(MAX_VOICEMAIL_CHARS + 1));
        let e = s.validate().unwrap_err();
        assert_eq!(e, DialError::VoicemailTooLong(MAX_VOICEMAIL_CHARS + 1));
        assert!(e.to_string().starts_with("Voicemail script:"), "{e}");
        s.voicemail_script = Some("ring\u{7}bell".into());
        assert_eq!(s.validate(), Err(DialError::VoicemailNotPlainText));
    }

    #[test]
    fn blank_fields_clear_the_setting() {
        let s = DialSettings {
            scheme: DialScheme::Tel,
            sip_domain: Some("  ".into()),
            callback_number: Some(" +15125550100 ".into()),
            voicemail_script: Some("\n  \n".into()),
        }
        .tidied();
        assert_eq!(s.sip_domain, None);
        assert_eq!(s.callback_number.as_deref(), Some("+15125550100"));
        assert_eq!(s.voicemail_script, None);
    }
}
