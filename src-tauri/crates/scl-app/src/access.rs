//! Who acts: sign-in with a password (argon2 hashes, never the password), sessions that keep a
//! user signed in (only a hash of the token is stored), the permission and account checks every
//! operation makes, User Management, and the audit trail every change writes.

use std::sync::Arc;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::Duration;
use scl_domain::{
    AccountId, AccountScope, AuditEntry, AuditFilter, LeadId, LeadRow, Permission, Principal,
    RoleDraft, RoleId, RoleView, UserDraft, UserError, UserId, UserView,
};
use scl_store::{AuditWrite, UserWrite};
use sha2::{Digest, Sha256};

use crate::{AppError, Leads, Result};

/// How long "Stay signed in" lasts.
pub const SESSION_DAYS: i64 = 30;

/// A successful sign-in: who, and the session token when they chose to stay signed in (the
/// caller keeps it in the OS keychain; the store only has its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub principal: Principal,
    pub token: Option<String>,
}

impl Leads {
    /// The same core acting for `who`: every operation checks their permissions and accounts.
    pub fn acting_as(&self, who: Principal) -> Leads {
        Leads {
            who: Some(Arc::new(who)),
            ..self.clone()
        }
    }

    /// The same user as they are in the store now: a role or accounts changed by an admin take
    /// effect at the next operation, not the next sign-in. None when the user is gone.
    pub async fn refreshed(&self) -> Result<Option<Leads>> {
        let Some(who) = self.who.as_deref() else {
            return Ok(Some(self.clone()));
        };
        Ok(self
            .store
            .principal(who.user_id)
            .await?
            .map(|fresh| self.acting_as(fresh)))
    }

    /// Who this core acts for; None for the system itself (detection, the watched folder).
    pub fn principal(&self) -> Option<&Principal> {
        self.who.as_deref()
    }

    pub(crate) fn allow(&self, permission: Permission) -> Result<()> {
        match &self.who {
            None => Ok(()),
            Some(who) => Ok(who.require(permission)?),
        }
    }

    pub(crate) fn allow_on(&self, permission: Permission, account: AccountId) -> Result<()> {
        match &self.who {
            None => Ok(()),
            Some(who) => Ok(who.require_on(permission, account)?),
        }
    }

    /// The lead, after checking the acting user may do `permission` on its account.
    pub(crate) async fn lead_allowed(&self, permission: Permission, id: LeadId) -> Result<LeadRow> {
        self.allow(permission)?;
        let lead = self
            .store
            .lead(id, self.clock.now())
            .await?
            .ok_or(AppError::LeadNotFound(id))?;
        self.allow_on(permission, lead.account_id)?;
        Ok(lead)
    }

    /// Whether the acting user may hear of this event: a new lead in an account they see, an
    /// import if they may import. Nobody signed in hears nothing; the system hears everything.
    pub fn may_see(&self, event: &crate::CoreEvent) -> bool {
        let Some(who) = self.who.as_deref() else {
            return true;
        };
        match event {
            crate::CoreEvent::LeadFlagged { account_id, .. } => {
                who.require_on(Permission::ViewLeads, *account_id).is_ok()
            }
            crate::CoreEvent::FilesImported { .. } => who.can(Permission::FeatureManagement),
        }
    }

    /// The accounts the acting user may see, for queries (None: all).
    pub(crate) fn within(&self) -> Option<Vec<AccountId>> {
        match self.who.as_deref().map(|w| &w.accounts) {
            Some(AccountScope::Only(ids)) => Some(ids.clone()),
            _ => None,
        }
    }

    /// Records a change in the audit trail, by the acting user (or the system).
    pub(crate) async fn audit(
        &self,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<()> {
        let entry = AuditWrite {
            at: self.clock.now(),
            user_id: self.who.as_ref().map(|w| w.user_id),
            user_name: self
                .who
                .as_ref()
                .map_or_else(|| "system".to_string(), |w| w.name.clone()),
            action: action.into(),
            entity: entity.into(),
            entity_id: Some(entity_id.to_string()),
            before,
            after,
        };
        Ok(self.store.record_audit(&entry).await?)
    }

    /// The owner of an embedded database, with every permission (created on first use).
    pub async fn owner_principal(&self) -> Result<Principal> {
        let id = self.local_owner().await?;
        self.store
            .principal(id)
            .await?
            .ok_or_else(|| AppError::Internal("the local owner vanished".into()))
    }

    /// True once a user has a password: the app then asks who is there.
    pub async fn sign_in_required(&self) -> Result<bool> {
        Ok(self.store.sign_in_required().await?)
    }

    /// Checks the password; with `stay`, also opens a session whose token the caller keeps.
    #[tracing::instrument(skip_all, err(level = "warn"))]
    pub async fn sign_in(&self, login: &str, password: &str, stay: bool) -> Result<SignedIn> {
        let refused = || AppError::SignInFailed;
        let creds = self.store.credentials(login.trim()).await?;
        // Without a user, a hash is still checked, so a wrong login takes as long as a wrong
        // password and does not tell which one was wrong.
        let hash = creds
            .as_ref()
            .map_or(DUMMY_HASH, |c| c.password_hash.as_str());
        let verified = verify_password(password, hash);
        let creds = creds.filter(|_| verified).ok_or_else(refused)?;
        let principal = self
            .store
            .principal(creds.user_id)
            .await?
            .ok_or_else(refused)?;
        let token = if stay {
            let token = new_token();
            let now = self.clock.now();
            self.store
                .create_session(
                    &token_hash(&token),
                    principal.user_id,
                    now,
                    now + Duration::days(SESSION_DAYS),
                )
                .await?;
            Some(token)
        } else {
            None
        };
        tracing::info!(user = principal.user_id, stay, "signed in");
        Ok(SignedIn { principal, token })
    }

    /// The user of a kept session, if it is still valid.
    pub async fn resume(&self, token: &str) -> Result<Option<Principal>> {
        match self
            .store
            .session_user(&token_hash(token), self.clock.now())
            .await?
        {
            Some(user) => Ok(self.store.principal(user).await?),
            None => Ok(None),
        }
    }

    pub async fn end_session(&self, token: &str) -> Result<()> {
        Ok(self.store.end_session(&token_hash(token)).await?)
    }

    pub async fn users(&self) -> Result<Vec<UserView>> {
        self.allow(Permission::ManageUsers)?;
        Ok(self.store.users().await?)
    }

    pub async fn roles(&self) -> Result<Vec<RoleView>> {
        self.allow(Permission::ManageUsers)?;
        Ok(self.store.roles().await?)
    }

    /// Creates (`id` None) or changes a user; a password given is stored as an argon2 hash.
    #[tracing::instrument(skip_all, err, fields(user = ?id))]
    pub async fn save_user(&self, id: Option<UserId>, draft: UserDraft) -> Result<UserView> {
        self.allow(Permission::ManageUsers)?;
        draft.validate()?;
        if !self
            .store
            .roles()
            .await?
            .iter()
            .any(|r| r.id == draft.role_id)
        {
            return Err(AppError::InvalidUser(format!(
                "Role: no role {}",
                draft.role_id
            )));
        }
        let before = match id {
            Some(id) => Some(self.user_view(id).await?),
            None => None,
        };
        let write = UserWrite {
            name: draft.name.trim().to_string(),
            login: draft.login.map(|l| l.trim().to_string()),
            role_id: draft.role_id,
            accounts: draft.accounts,
            password_hash: draft.password.as_deref().map(hash_password).transpose()?,
        };
        let saved = self
            .store
            .save_user(id, &write)
            .await
            .map_err(|e| match e.is_unique_violation() {
                true => AppError::InvalidUser("Login: already taken by another user".into()),
                false => e.into(),
            })?
            .ok_or_else(|| AppError::InvalidUser(format!("User: no user {}", id.unwrap_or(0))))?;
        let after = self.user_view(saved).await?;
        // The audit shows what changed, never a password or its hash.
        let password = if write.password_hash.is_some() {
            ", password set"
        } else {
            ""
        };
        self.audit(
            "user.save",
            "user",
            saved,
            before.as_ref().map(user_summary),
            Some(format!("{}{password}", user_summary(&after))),
        )
        .await?;
        Ok(after)
    }

    /// Creates (`id` None) or changes a custom role.
    #[tracing::instrument(skip_all, err, fields(role = ?id))]
    pub async fn save_role(&self, id: Option<RoleId>, draft: RoleDraft) -> Result<RoleView> {
        self.allow(Permission::ManageUsers)?;
        if draft.name.trim().is_empty() {
            return Err(UserError::EmptyRoleName.into());
        }
        let roles = self.store.roles().await?;
        let before = id.and_then(|id| roles.iter().find(|r| r.id == id).cloned());
        if before.as_ref().is_some_and(|r| r.builtin) {
            return Err(AppError::InvalidUser(
                "Role: the built-in roles (Admin, Manager, CSR, Viewer) cannot be changed".into(),
            ));
        }
        let saved = self
            .store
            .save_role(id, &draft)
            .await
            .map_err(|e| match e.is_unique_violation() {
                true => AppError::InvalidUser("Role name: already used by another role".into()),
                false => e.into(),
            })?
            .ok_or_else(|| AppError::InvalidUser(format!("Role: no role {}", id.unwrap_or(0))))?;
        let after = self
            .store
            .roles()
            .await?
            .into_iter()
            .find(|r| r.id == saved)
            .ok_or_else(|| AppError::Internal("the saved role vanished".into()))?;
        self.audit(
            "role.save",
            "role",
            saved,
            before.as_ref().map(role_summary),
            Some(role_summary(&after)),
        )
        .await?;
        Ok(after)
    }

    /// The audit trail, most recent first (View & Edit Feature Management).
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.allow(Permission::FeatureManagement)?;
        Ok(self.store.audit(filter).await?)
    }

    /// The audit trail as CSV (RFC 4180): when, who, action, entity, id, before, after.
    pub async fn audit_csv(&self, filter: &AuditFilter) -> Result<String> {
        let entries = self.audit_entries(filter).await?;
        Ok(crate::audit_csv::to_csv(&entries))
    }

    async fn user_view(&self, id: UserId) -> Result<UserView> {
        self.store
            .users()
            .await?
            .into_iter()
            .find(|u| u.id == id)
            .ok_or_else(|| AppError::InvalidUser(format!("User: no user {id}")))
    }
}

/// A user as the audit trail shows them: `Dana Whitfield (CSR), login dana, accounts 1, 3`.
fn user_summary(user: &UserView) -> String {
    let accounts = match &user.accounts {
        AccountScope::All => "all accounts".to_string(),
        AccountScope::Only(ids) => {
            let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
            format!("accounts {}", ids.join(", "))
        }
    };
    format!(
        "{} ({}), login {}, {accounts}",
        user.name,
        user.role.as_deref().unwrap_or("no role"),
        user.login.as_deref().unwrap_or("none"),
    )
}

/// A role as the audit trail shows it: `Auditor: View Second Chance Leads, ...`.
fn role_summary(role: &RoleView) -> String {
    let labels: Vec<&str> = role.permissions.iter().map(|p| p.label()).collect();
    format!("{}: {}", role.name, labels.join(", "))
}

/// A valid argon2 hash of a random password, checked when the login does not exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2NsLWR1bW15LXNhbHQ$2fS6V4Yc1yPtJvQJmBwQzV5k1Cz8J3QdK3m2u0f0GJY";

pub(crate) fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("cannot hash the password: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_stored_as_salted_argon2_hashes() {
        let a = hash_password("correct horse").unwrap();
        let b = hash_password("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(!a.contains("correct"));
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("Correct horse", &a));
        assert!(!verify_password("x", "not a hash"));
        assert!(
            PasswordHash::new(DUMMY_HASH).is_ok(),
            "the dummy is a real hash, so a missing login costs a real check"
        );
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
