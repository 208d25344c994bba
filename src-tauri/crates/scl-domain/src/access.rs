//! Who may do what: the permissions of the seeds (assigned through roles in User Management),
//! the built-in roles, and the acting user ([`Principal`]) every core operation checks.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AccountId, UserId};

pub type RoleId = i64;

/// A permission, in the seeds' words ([`Permission::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    /// View Second Chance Leads: the queue, a lead's details, its recording and transcript.
    ViewLeads,
    /// Edit Second Chance Leads: statuses, Dismiss, notes, Change customer, Call Customer.
    EditLeads,
    /// View & Edit Feature Management: turning Second Chance Leads on for an account, imports,
    /// the watched folder, the audit trail.
    FeatureManagement,
    /// Edit TI, Follow Up, & Reporting Settings: After Call Work Time, Cold Leads, thresholds,
    /// click-to-call.
    TiSettings,
    /// Manage users and roles.
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 5] = [
        Self::ViewLeads,
        Self::EditLeads,
        Self::FeatureManagement,
        Self::TiSettings,
        Self::ManageUsers,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::ViewLeads => "View Second Chance Leads",
            Self::EditLeads => "Edit Second Chance Leads",
            Self::FeatureManagement => "View & Edit Feature Management",
            Self::TiSettings => "Edit TI, Follow Up, & Reporting Settings",
            Self::ManageUsers => "Manage users and roles",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::ViewLeads => "view_leads",
            Self::EditLeads => "edit_leads",
            Self::FeatureManagement => "feature_management",
            Self::TiSettings => "ti_settings",
            Self::ManageUsers => "manage_users",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The roles every network starts with; their permissions cannot be edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinRole {
    Admin,
    Manager,
    Csr,
    Viewer,
}

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 4] = [Self::Admin, Self::Manager, Self::Csr, Self::Viewer];

    /// The role's id in every store (the migrations create them with these ids).
    pub fn id(self) -> RoleId {
        match self {
            Self::Admin => 1,
            Self::Manager => 2,
            Self::Csr => 3,
            Self::Viewer => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Admin => "Admin",
            Self::Manager => "Manager",
            Self::Csr => "CSR",
            Self::Viewer => "Viewer",
        }
    }

    pub fn permissions(self) -> BTreeSet<Permission> {
        use Permission::*;
        match self {
            Self::Admin => Permission::ALL.into_iter().collect(),
            Self::Manager => [ViewLeads, EditLeads, FeatureManagement, TiSettings].into(),
            Self::Csr => [ViewLeads, EditLeads].into(),
            Self::Viewer => [ViewLeads].into(),
        }
    }

    pub fn from_id(id: RoleId) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// The role a user of a loaded dataset (the demo, agents named in calls) starts with.
impl From<crate::Role> for BuiltinRole {
    fn from(role: crate::Role) -> Self {
        match role {
            crate::Role::Agent => Self::Csr,
            crate::Role::Manager => Self::Manager,
            crate::Role::Admin => Self::Admin,
        }
    }
}

/// The accounts a user may see and work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "ids", rename_all = "snake_case")]
#[ts(export)]
pub enum AccountScope {
    All,
    Only(#[ts(type = "number[]")] Vec<AccountId>),
}

impl AccountScope {
    pub fn allows(&self, account: AccountId) -> bool {
        match self {
            Self::All => true,
            Self::Only(ids) => ids.contains(&account),
        }
    }
}

/// The user a core operation acts for, with what their role allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Principal {
    #[ts(type = "number")]
    pub user_id: UserId,
    pub name: String,
    pub role: String,
    pub permissions: BTreeSet<Permission>,
    pub accounts: AccountScope,
}

/// A refusal: who was refused, and which permission or account they lack.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("{user} ({role}) does not have the permission {permission}")]
    Permission {
        user: String,
        role: String,
        permission: Permission,
    },
    #[error("{user} ({role}) may not see account {account}")]
    Account {
        user: String,
        role: String,
        account: AccountId,
    },
}

impl Denied {
    /// The permission refused, when it is one.
    pub fn permission(&self) -> Option<Permission> {
        match self {
            Self::Permission { permission, .. } => Some(*permission),
            Self::Account { .. } => None,
        }
    }
}

impl Principal {
    /// The owner of an embedded database: everything, every account.
    pub fn owner(user_id: UserId, name: impl Into<String>) -> Self {
        Self {
            user_id,
            name: name.into(),
            role: BuiltinRole::Admin.name().into(),
            permissions: Permission::ALL.into_iter().collect(),
            accounts: AccountScope::All,
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    pub fn require(&self, permission: Permission) -> Result<(), Denied> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(Denied::Permission {
                user: self.name.clone(),
                role: self.role.clone(),
                permission,
            })
        }
    }

    /// The permission, on this account.
    pub fn require_on(&self, permission: Permission, account: AccountId) -> Result<(), Denied> {
        self.require(permission)?;
        if self.accounts.allows(account) {
            Ok(())
        } else {
            Err(Denied::Account {
                user: self.name.clone(),
                role: self.role.clone(),
                account,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_roles_nest_from_viewer_to_admin() {
        let sets: Vec<_> = BuiltinRole::ALL.map(BuiltinRole::permissions).into();
        assert_eq!(sets[0].len(), 5, "Admin has every permission");
        for pair in sets.windows(2) {
            assert!(pair[1].is_subset(&pair[0]), "{pair:?}");
            assert!(pair[1].len() < pair[0].len());
        }
        assert!(!BuiltinRole::Manager
            .permissions()
            .contains(&Permission::ManageUsers));
        assert_eq!(
            BuiltinRole::Csr.permissions(),
            [Permission::ViewLeads, Permission::EditLeads].into()
        );
    }

    #[test]
    fn a_refusal_names_the_user_role_and_missing_permission() {
        let viewer = Principal {
            user_id: 7,
            name: "Dana".into(),
            role: "Viewer".into(),
            permissions: BuiltinRole::Viewer.permissions(),
            accounts: AccountScope::Only(vec![1]),
        };
        assert!(viewer.require(Permission::ViewLeads).is_ok());
        let denied = viewer.require(Permission::EditLeads).unwrap_err();
        assert_eq!(
            denied.to_string(),
            "Dana (Viewer) does not have the permission Edit Second Chance Leads"
        );
        assert_eq!(denied.permission(), Some(Permission::EditLeads));
        assert!(viewer.require_on(Permission::ViewLeads, 1).is_ok());
        let other = viewer.require_on(Permission::ViewLeads, 2).unwrap_err();
        assert_eq!(other.to_string(), "Dana (Viewer) may not see account 2");
        assert!(Principal::owner(1, "Owner")
            .require_on(Permission::ManageUsers, 99)
            .is_ok());
    }

    #[test]
    fn permission_codes_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::from_code(p.code()), Some(p));
        }
        assert_eq!(Permission::from_code("root"), None);
    }
}
