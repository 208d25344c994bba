//! Users, roles, sign-in sessions and the audit trail, the same on both backends.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use scl_domain::{
    AccountId, AccountScope, AuditEntry, AuditFilter, Principal, RoleDraft, RoleId, RoleView,
    UserId, UserView,
};

use crate::Result;

/// A user to create or change, with the password already hashed (never the password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserWrite {
    pub name: String,
    pub login: Option<String>,
    pub role_id: RoleId,
    pub accounts: AccountScope,
    /// `Some` sets a new password hash; `None` keeps the current one.
    pub password_hash: Option<String>,
}

/// What sign-in needs of a user: who, and the hash to check the password against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user_id: UserId,
    pub password_hash: String,
}

/// A change to write to the audit trail (the store numbers it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditWrite {
    pub at: DateTime<Utc>,
    pub user_id: Option<UserId>,
    pub user_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[async_trait]
pub trait Access: Send + Sync {
    async fn roles(&self) -> Result<Vec<RoleView>>;
    /// Creates a custom role (`id` None) or changes one; built-in roles are left as they are
    /// (false).
    async fn save_role(&self, id: Option<RoleId>, role: &RoleDraft) -> Result<Option<RoleId>>;
    /// Every user with a role, by name.
    async fn users(&self) -> Result<Vec<UserView>>;
    /// Creates (`id` None) or changes a user; false when `id` names no user.
    async fn save_user(&self, id: Option<UserId>, user: &UserWrite) -> Result<Option<UserId>>;
    async fn credentials(&self, login: &str) -> Result<Option<Credentials>>;
    /// The user with what their role allows, None when there is no such user.
    async fn principal(&self, id: UserId) -> Result<Option<Principal>>;
    /// True once any user can sign in with a password (sign-in is then required).
    async fn sign_in_required(&self) -> Result<bool>;
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        created: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<()>;
    /// The user of a session still valid at `now`.
    async fn session_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<UserId>>;
    async fn end_session(&self, token_hash: &str) -> Result<()>;
    async fn record_audit(&self, entry: &AuditWrite) -> Result<()>;
    /// Most recent first.
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct RoleRow {
    pub id: i64,
    pub name: String,
    pub builtin: i64,
    pub permissions: String,
}

impl RoleRow {
    pub(crate) fn into_role(self) -> RoleView {
        RoleView {
            id: self.id,
            name: self.name,
            builtin: self.builtin != 0,
            permissions: scl_domain::permissions_from_codes(&self.permissions),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub name: String,
    pub login: Option<String>,
    pub role_id: Option<i64>,
    pub role: Option<String>,
    pub all_accounts: i64,
    pub can_sign_in: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub user_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditRow {
    pub(crate) fn into_entry(self) -> Result<AuditEntry> {
        Ok(AuditEntry {
            at: crate::records::from_ms("audit_log", self.id, self.at)?,
            id: self.id,
            user_id: self.user_id,
            user_name: self.user_name,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            before: self.before,
            after: self.after,
        })
    }
}

pub(crate) fn scope(all: i64, ids: Vec<AccountId>) -> AccountScope {
    if all != 0 {
        AccountScope::All
    } else {
        AccountScope::Only(ids)
    }
}

macro_rules! access_methods {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::Access for $store {
            #[tracing::instrument(skip_all, err)]
            async fn roles(&self) -> $crate::Result<Vec<scl_domain::RoleView>> {
                let rows: Vec<$crate::access::RoleRow> = sqlx::query_as(
                    "SELECT id, name, builtin, permissions FROM roles ORDER BY builtin DESC, id",
                )
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map($crate::access::RoleRow::into_role).collect())
            }

            #[tracing::instrument(skip_all, err)]
            async fn save_role(
                &self,
                id: Option<scl_domain::RoleId>,
                role: &scl_domain::RoleDraft,
            ) -> $crate::Result<Option<scl_domain::RoleId>> {
                let codes = scl_domain::permissions_to_codes(&role.permissions);
                match id {
                    None => Ok(Some(
                        sqlx::query_scalar(
                            "INSERT INTO roles (name, builtin, permissions) VALUES ($1, 0, $2) \
                             RETURNING id",
                        )
                        .bind(role.name.trim())
                        .bind(codes)
                        .fetch_one(&self.pool)
                        .await?,
                    )),
                    Some(id) => {
                        let done = sqlx::query(
                            "UPDATE roles SET name = $1, permissions = $2 \
                             WHERE id = $3 AND builtin = 0",
                        )
                        .bind(role.name.trim())
                        .bind(codes)
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                        Ok((done.rows_affected() == 1).then_some(id))
                    }
                }
            }

            #[tracing::instrument(skip_all, err)]
            async fn users(&self) -> $crate::Result<Vec<scl_domain::UserView>> {
                let rows: Vec<$crate::access::UserRow> = sqlx::query_as(
                    "SELECT u.id, u.name, u.login, u.role_id, r.name AS role, u.all_accounts, \
                     CAST(CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS can_sign_in \
                     FROM users u LEFT JOIN roles r ON r.id = u.role_id ORDER BY u.name, u.id",
                )
                .fetch_all(&self.pool)
                .await?;
                let pairs: Vec<(i64, i64)> =
                    sqlx::query_as("SELECT user_id, account_id FROM user_accounts")
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows
                    .into_iter()
                    .map(|u| {
                        let ids = pairs
                            .iter()
                            .filter(|(user, _)| *user == u.id)
                            .map(|(_, account)| *account)
                            .collect();
                        scl_domain::UserView {
                            accounts: $crate::access::scope(u.all_accounts, ids),
                            id: u.id,
                            name: u.name,
                            login: u.login,
                            role_id: u.role_id,
                            role: u.role,
                            can_sign_in: u.can_sign_in != 0,
                        }
                    })
                    .collect())
            }

            #[tracing::instrument(skip_all, err)]
            async fn save_user(
                &self,
                id: Option<scl_domain::UserId>,
                user: &$crate::UserWrite,
            ) -> $crate::Result<Option<scl_domain::UserId>> {
                let all = i64::from(user.accounts == scl_domain::AccountScope::All);
                let mut tx = self.pool.begin().await?;
                let id = match id {
                    None => {
                        // Users who sign in need no email; a unique placeholder keeps the
                        // column's constraint for those imported from calls.
                        let email = format!(
                            "{}@users.local.invalid",
                            user.login.as_deref().unwrap_or(&user.name)
                        );
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO users (name, email, role, role_id, login, password_hash, \
                             all_accounts) VALUES ($1, $2, 'agent', $3, $4, $5, $6) RETURNING id",
                        )
                        .bind(user.name.trim())
                        .bind(email)
                        .bind(user.role_id)
                        .bind(&user.login)
                        .bind(&user.password_hash)
                        .bind(all)
                        .fetch_one(&mut *tx)
                        .await?;
                        id
                    }
                    Some(id) => {
                        let done = sqlx::query(
                            "UPDATE users SET name = $1, role_id = $2, login = $3, \
                             password_hash = COALESCE($4, password_hash), all_accounts = $5 \
                             WHERE id = $6",
                        )
                        .bind(user.name.trim())
                        .bind(user.role_id)
                        .bind(&user.login)
                        .bind(&user.password_hash)
                        .bind(all)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                        if done.rows_affected() == 0 {
                            return Ok(None);
                        }
                        id
                    }
                };
                sqlx::query("DELETE FROM user_accounts WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if let scl_domain::AccountScope::Only(ids) = &user.accounts {
                    for account in ids {
                        sqlx::query(
                            "INSERT INTO user_accounts (user_id, account_id) VALUES ($1, $2) \
                             ON CONFLICT DO NOTHING",
                        )
                        .bind(id)
                        .bind(account)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                tx.commit().await?;
                Ok(Some(id))
            }

            #[tracing::instrument(skip_all, err)]
            async fn credentials(&self, login: &str) -> $crate::Result<Option<$crate::Credentials>> {
                let row: Option<(i64, Option<String>)> = sqlx::query_as(
                    "SELECT id, password_hash FROM users WHERE LOWER(login) = LOWER($1)",
                )
                .bind(login)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.and_then(|(user_id, hash)| {
                    hash.map(|password_hash| $crate::Credentials {
                        user_id,
                        password_hash,
                    })
                }))
            }

            #[tracing::instrument(skip_all, err, fields(user = id))]
            async fn principal(
                &self,
                id: scl_domain::UserId,
            ) -> $crate::Result<Option<scl_domain::Principal>> {
                let row: Option<(String, Option<String>, Option<String>, i64)> = sqlx::query_as(
                    "SELECT u.name, r.name, r.permissions, u.all_accounts \
                     FROM users u LEFT JOIN roles r ON r.id = u.role_id WHERE u.id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                let Some((name, role, codes, all)) = row else {
                    return Ok(None);
                };
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT account_id FROM user_accounts WHERE user_id = $1 ORDER BY account_id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some(scl_domain::Principal {
                    user_id: id,
                    name,
                    // A user without a role may do nothing.
                    role: role.unwrap_or_else(|| "no role".into()),
                    permissions: scl_domain::permissions_from_codes(codes.as_deref().unwrap_or(""))
                        .into_iter()
                        .collect(),
                    accounts: $crate::access::scope(all, ids),
                }))
            }

            async fn sign_in_required(&self) -> $crate::Result<bool> {
                let n: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL")
                        .fetch_one(&self.pool)
                        .await?;
                Ok(n > 0)
            }

            #[tracing::instrument(skip_all, err)]
            async fn create_session(
                &self,
                token_hash: &str,
                user: scl_domain::UserId,
                created: chrono::DateTime<chrono::Utc>,
                expires: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(token_hash)
                .bind(user)
                .bind($crate::records::to_ms(created))
                .bind($crate::records::to_ms(expires))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, err)]
            async fn session_user(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Option<scl_domain::UserId>> {
                Ok(sqlx::query_scalar(
                    "SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                )
                .bind(token_hash)
                .bind($crate::records::to_ms(now))
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn end_session(&self, token_hash: &str) -> $crate::Result<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, err, fields(action = %entry.action))]
            async fn record_audit(&self, entry: &$crate::AuditWrite) -> $crate::Result<()> {
                sqlx::query(
                    "INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, \
                     before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind($crate::records::to_ms(entry.at))
                .bind(entry.user_id)
                .bind(&entry.user_name)
                .bind(&entry.action)
                .bind(&entry.entity)
                .bind(&entry.entity_id)
                .bind(&entry.before)
                .bind(&entry.after)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, err)]
            async fn audit(
                &self,
                filter: &scl_domain::AuditFilter,
            ) -> $crate::Result<Vec<scl_domain::AuditEntry>> {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT id, at, user_id, user_name, action, entity, entity_id, before, after \
                     FROM audit_log WHERE 1 = 1",
                );
                if let Some(user) = filter.user_id {
                    q.push(" AND user_id = ").push_bind(user);
                }
                if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
                    q.push(" AND (action = ")
                        .push_bind(action.to_string())
                        .push(" OR action LIKE ")
                        .push_bind(format!("{}.%", action.replace(['%', '_'], "")))
                        .push(")");
                }
                if let Some(from) = filter.from {
                    q.push(" AND at >= ").push_bind($crate::records::to_ms(from));
                }
                if let Some(to) = filter.to {
                    q.push(" AND at <= ").push_bind($crate::records::to_ms(to));
                }
                q.push(" ORDER BY at DESC, id DESC LIMIT ")
                    .push_bind(i64::from(filter.limit()));
                let rows: Vec<$crate::access::AuditRow> =
                    q.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter().map($crate::access::AuditRow::into_entry).collect()
            }
        }
    };
}

pub(crate) use access_methods;
