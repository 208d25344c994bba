//! User Management and the audit trail as the app and `scl` see them: users with their role and
//! accounts, roles with their permissions, and who changed what, when, before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AccountScope, Permission, RoleId, UserId};

/// Longest login name and shortest password accepted.
pub const MAX_LOGIN_CHARS: usize = 64;
pub const MIN_PASSWORD_CHARS: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoleView {
    #[ts(type = "number")]
    pub id: RoleId,
    pub name: String,
    /// Admin, Manager, CSR and Viewer: their permissions are fixed.
    pub builtin: bool,
    pub permissions: Vec<Permission>,
}

/// A user as User Management lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UserView {
    #[ts(type = "number")]
    pub id: UserId,
    pub name: String,
    /// What they sign in with; None for people who never sign in (agents known from calls).
    pub login: Option<String>,
    #[ts(type = "number | null")]
    pub role_id: Option<RoleId>,
    pub role: Option<String>,
    pub accounts: AccountScope,
    pub can_sign_in: bool,
}

/// Who is signed in to this window, and whether anyone must sign in at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionInfo {
    /// The signed-in user; None shows the sign-in screen.
    pub principal: Option<crate::Principal>,
    /// False until some user has a password: the local owner is signed in by itself.
    pub sign_in_required: bool,
    /// Why "Stay signed in" is not offered (no OS keychain), when it is not.
    pub keychain_problem: Option<String>,
}

/// A change to a user from User Management (Save Changes). `password` sets a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UserDraft {
    pub name: String,
    pub login: Option<String>,
    #[ts(type = "number")]
    pub role_id: RoleId,
    pub accounts: AccountScope,
    pub password: Option<String>,
}

/// A custom role to create or change (built-in roles cannot be changed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoleDraft {
    pub name: String,
    pub permissions: Vec<Permission>,
}

/// One change in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    #[ts(type = "number | null")]
    pub user_id: Option<UserId>,
    pub user_name: String,
    /// What was done, e.g. `lead.status`, `lead.note`, `settings.account`, `user.save`, `import`.
    pub action: String,
    /// What it was done to: `lead`, `account`, `user`, `role`, `file`, ...
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which audit entries to show; every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditFilter {
    #[ts(type = "number | null")]
    pub user_id: Option<UserId>,
    /// Entries whose action starts with this (`lead` matches `lead.status` and `lead.note`).
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Most recent first, at most this many (default and cap 10,000).
    pub limit: Option<u32>,
}

impl AuditFilter {
    pub const MAX_LIMIT: u32 = 10_000;

    pub fn limit(&self) -> u32 {
        self.limit
            .unwrap_or(Self::MAX_LIMIT)
            .clamp(1, Self::MAX_LIMIT)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("Name: must not be empty")]
    EmptyName,
    #[error("Login: use 1 to {MAX_LOGIN_CHARS} letters, digits, '.', '-', '_' or '@'")]
    BadLogin,
    #[error("Password: must be at least {MIN_PASSWORD_CHARS} characters")]
    ShortPassword,
    #[error("Password: a user who signs in needs a login")]
    PasswordWithoutLogin,
    #[error("Role name: must not be empty")]
    EmptyRoleName,
}

impl UserDraft {
    pub fn validate(&self) -> Result<(), UserError> {
        if self.name.trim().is_empty() {
            return Err(UserError::EmptyName);
        }
        if let Some(login) = &self.login {
            let ok = (1..=MAX_LOGIN_CHARS).contains(&login.chars().count())
                && login
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
            if !ok {
                return Err(UserError::BadLogin);
            }
        }
        if let Some(password) = &self.password {
            if password.chars().count() < MIN_PASSWORD_CHARS {
                return Err(UserError::ShortPassword);
            }
            if self.login.is_none() {
                return Err(UserError::PasswordWithoutLogin);
            }
        }
        Ok(())
    }
}

/// Codes as the store keeps a role's permissions: `view_leads,edit_leads`.
pub fn permissions_to_codes(permissions: &[Permission]) -> String {
    let mut codes: Vec<&str> = permissions.iter().map(|p| p.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes.join(",")
}

/// Unknown codes (a newer version's permissions) are ignored rather than granted.
pub fn permissions_from_codes(codes: &str) -> Vec<Permission> {
    let mut permissions: Vec<Permission> = codes
        .split(',')
        .filter_map(|c| Permission::from_code(c.trim()))
        .collect();
    permissions.sort();
    permissions.dedup();
    permissions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> UserDraft {
        UserDraft {
            name: "Dana Whitfield".into(),
            login: Some("dana".into()),
            role_id: 3,
            accounts: AccountScope::All,
            password: Some("correct horse".into()),
        }
    }

    #[test]
    fn drafts_are_refused_naming_the_field() {
        assert_eq!(draft().validate(), Ok(()));
        let e = UserDraft {
            name: " ".into(),
            ..draft()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("Name:"));
        let e = UserDraft {
            login: Some("da na".into()),
            ..draft()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("Login:"));
        let e = UserDraft {
            password: Some("short".into()),
            ..draft()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("Password:"));
        let e = UserDraft {
            login: None,
            ..draft()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e, UserError::PasswordWithoutLogin);
    }

    #[test]
    fn permission_codes_are_sorted_unique_and_unknown_ones_ignored() {
        let codes = permissions_to_codes(&[
            Permission::EditLeads,
            Permission::ViewLeads,
            Permission::EditLeads,
        ]);
        assert_eq!(codes, "edit_leads,view_leads");
        assert_eq!(
            permissions_from_codes("view_leads, superuser,edit_leads"),
            vec![Permission::ViewLeads, Permission::EditLeads]
        );
    }
}
