//! Acting as a user (`--user NAME`, password from `SCL_PASSWORD` or a prompt) and the
//! administration commands: `user add`, `user list`, `audit`.

use clap::Subcommand;
use scl_app::Leads;
use scl_domain::{AccountScope, AuditFilter, UserDraft};

use crate::Failure;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user who signs in (Manage users and roles). The password comes from
    /// SCL_NEW_PASSWORD or a prompt.
    Add {
        /// The person's name, as shown in the app.
        name: String,
        #[arg(long)]
        login: String,
        /// A role by name: Admin, Manager, CSR, Viewer or a custom one.
        #[arg(long)]
        role: String,
        /// Only these account ids (comma separated); every account when left out.
        #[arg(long, value_delimiter = ',')]
        accounts: Option<Vec<i64>>,
    },
    /// Every user with their role and accounts, as JSON.
    List,
}

/// The core acting for whoever runs `scl`: `--user` after its password is checked; without it,
/// the local owner of an embedded database (or of any database where nobody has a password yet).
pub async fn acting(base: &Leads, url: &str, user: Option<&str>) -> Result<Leads, Failure> {
    match user {
        Some(login) => {
            let password = password("SCL_PASSWORD", &format!("Password for {login}: "))?;
            let signed = base.sign_in(login, &password, false).await?;
            Ok(base.acting_as(signed.principal))
        }
        None if url.starts_with("sqlite:") || !base.sign_in_required().await? => {
            Ok(base.acting_as(base.owner_principal().await?))
        }
        None => Err(Failure::input(
            "this shared database needs --user NAME (the password from SCL_PASSWORD or a prompt)",
        )),
    }
}

fn password(env: &str, prompt: &str) -> Result<String, Failure> {
    if let Ok(p) = std::env::var(env) {
        return Ok(p);
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| Failure::input(format!("no password: set {env} or run in a terminal ({e})")))
}

pub async fn user(leads: &Leads, command: UserCommand) -> Result<(), Failure> {
    match command {
        UserCommand::Add {
            name,
            login,
            role,
            accounts,
        } => {
            let roles = leads.roles().await?;
            let role = roles
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(&role))
                .ok_or_else(|| {
                    let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
                    Failure::input(format!("no role {role:?}; roles: {}", names.join(", ")))
                })?;
            let password = password("SCL_NEW_PASSWORD", &format!("New password for {login}: "))?;
            let draft = UserDraft {
                name,
                login: Some(login),
                role_id: role.id,
                accounts: accounts.map_or(AccountScope::All, AccountScope::Only),
                password: Some(password),
            };
            let saved = leads.save_user(None, draft).await?;
            println!("user {}: {} ({})", saved.id, saved.name, role.name);
            Ok(())
        }
        UserCommand::List => {
            let users = leads.users().await?;
            println!(
                "{}",
                serde_json::to_string_pretty(&users).unwrap_or_default()
            );
            Ok(())
        }
    }
}

/// The audit trail (View & Edit Feature Management): CSV (RFC 4180) or JSON, most recent first.
pub async fn audit(leads: &Leads, action: Option<String>, json: bool) -> Result<(), Failure> {
    let filter = AuditFilter {
        action,
        ..AuditFilter::default()
    };
    if json {
        let entries = leads.audit_entries(&filter).await?;
        println!(
            "{}",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        );
    } else {
        print!("{}", leads.audit_csv(&filter).await?);
    }
    Ok(())
}
