//! Who is signed in to this window. The core decides (passwords, sessions, permissions); the
//! shell keeps the signed-in core and the session token in the OS keychain.

use std::sync::RwLock;

use scl_app::Leads;
use scl_domain::{SessionInfo, UserId};

use crate::error::{ErrorCode, IpcError};

/// The keychain entry that keeps a "Stay signed in" token: one per database.
pub struct Keychain {
    account: String,
    /// Why the last token could not be kept, shown where Stay signed in is offered.
    failed: RwLock<Option<String>>,
}

const SERVICE: &str = "com.secondchance.app";

impl Keychain {
    pub fn for_database(url: &str) -> Self {
        Self {
            account: format!("session:{}", scl_store::redact(url)),
            failed: RwLock::new(None),
        }
    }

    fn entry(&self) -> Result<keyring::Entry, String> {
        keyring::Entry::new(SERVICE, &self.account).map_err(|e| e.to_string())
    }

    /// Why tokens cannot be kept here (no keychain service, or the last attempt failed). Asks
    /// the keychain nothing about its items, so a locked keychain never prompts just for this.
    pub fn problem(&self) -> Option<String> {
        if let Err(e) = keyring::Entry::store_status() {
            return Some(format!("the OS keychain is not available: {e}"));
        }
        self.failed
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn token(&self) -> Option<String> {
        self.entry().ok()?.get_password().ok()
    }

    pub fn keep(&self, token: &str) -> Result<(), String> {
        let kept = self
            .entry()
            .and_then(|e| e.set_password(token).map_err(|e| e.to_string()));
        *self.failed.write().unwrap_or_else(|e| e.into_inner()) = kept
            .as_ref()
            .err()
            .map(|e| format!("the OS keychain did not keep the session: {e}"));
        kept
    }

    pub fn forget(&self) {
        if let Ok(entry) = self.entry() {
            match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => tracing::warn!(error = %e, "could not remove the kept session"),
            }
        }
    }
}

/// The window's signed-in core, if anyone is signed in.
#[derive(Default)]
pub struct Session {
    signed_in: RwLock<Option<Leads>>,
}

impl Session {
    pub fn set(&self, leads: Option<Leads>) {
        *self.signed_in.write().unwrap_or_else(|e| e.into_inner()) = leads;
    }

    /// The signed-in core as it was at sign-in (for event filtering, which cannot wait).
    pub fn cached(&self) -> Result<Leads, IpcError> {
        self.signed_in
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| not_signed_in("nobody is signed in"))
    }

    /// The signed-in core with the user's role and accounts as the store has them now, so an
    /// admin's change applies at the next command; a user who was removed is signed out.
    pub async fn acting(&self) -> Result<Leads, IpcError> {
        match self.cached()?.refreshed().await? {
            Some(fresh) => {
                self.set(Some(fresh.clone()));
                Ok(fresh)
            }
            None => {
                self.set(None);
                Err(not_signed_in("your user no longer exists; sign in again"))
            }
        }
    }

    pub async fn user_id(&self) -> Result<UserId, IpcError> {
        let leads = self.acting().await?;
        leads
            .principal()
            .map(|p| p.user_id)
            .ok_or_else(|| IpcError::internal("the signed-in core has no user"))
    }
}

fn not_signed_in(message: &str) -> IpcError {
    IpcError {
        code: ErrorCode::NotSignedIn,
        message: message.into(),
    }
}

/// Signs in by itself at start: the local owner while nobody has a password, else the user of a
/// session kept in the keychain (if still valid).
pub async fn start(base: &Leads, keychain: &Keychain) -> Result<Option<Leads>, scl_app::AppError> {
    if !base.sign_in_required().await? {
        return Ok(Some(base.acting_as(base.owner_principal().await?)));
    }
    let Some(token) = keychain.token() else {
        return Ok(None);
    };
    match base.resume(&token).await? {
        Some(principal) => Ok(Some(base.acting_as(principal))),
        None => {
            keychain.forget();
            Ok(None)
        }
    }
}

pub async fn info(
    base: &Leads,
    session: &Session,
    keychain: &Keychain,
) -> Result<SessionInfo, IpcError> {
    Ok(SessionInfo {
        principal: match session.acting().await {
            Ok(leads) => leads.principal().cloned(),
            Err(_) => None,
        },
        sign_in_required: base.sign_in_required().await?,
        keychain_problem: keychain.problem(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real OS keychain (the Secret Service that `.ci/test` starts and unlocks).
    #[test]
    fn a_kept_token_is_read_back_and_forgotten() {
        let keychain = Keychain::for_database(&format!(
            "sqlite:///tmp/keychain-test-{}.db",
            std::process::id()
        ));
        assert_eq!(keychain.problem(), None, "the keychain is reachable");
        assert_eq!(keychain.token(), None);
        keychain.keep("token-123").unwrap();
        assert_eq!(keychain.token().as_deref(), Some("token-123"));
        keychain.forget();
        assert_eq!(keychain.token(), None);
        keychain.forget();
    }

    #[test]
    fn one_entry_per_database_and_no_password_in_its_name() {
        let a = Keychain::for_database("postgres://app:secret@db.example.com/scl");
        let b = Keychain::for_database("sqlite:///home/dana/second-chance.db");
        assert_ne!(a.account, b.account);
        assert!(!a.account.contains("secret"), "{}", a.account);
    }
}
