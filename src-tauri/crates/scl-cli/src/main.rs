//! `scl`: the headless face of Second Chance. Every command goes through the same core path
//! (`scl_app`) the desktop app uses, so scripts and other tools can rely on it.
//!
//! Exit codes: 0 success; 2 the input was wrong (unknown lead or status, bad arguments, demo
//! into a non-empty database, an import file that cannot be read at all, a speech model that
//! cannot be loaded); 3 an import skipped bad records, or a recording could not be transcribed
//! (the good ones landed); 4 a permission was refused; 1 anything else (database unreachable,
//! I/O).

mod access;
mod filters;
mod output;
mod transcribe;

use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use scl_app::{paths, AppError, Leads};
use scl_domain::{
    Actor, Clock, FixedClock, LeadQuery, LeadStatus, SystemClock, Tab, TranscriptFormat,
};

#[derive(Parser)]
#[command(
    name = "scl",
    version,
    about = "Second Chance Leads from the command line"
)]
struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER:PASS@HOST:PORT/DB.
    /// Defaults to the app's own SQLite file.
    #[arg(long, global = true, env = "SCL_DATABASE_URL", hide_env_values = true)]
    db: Option<String>,

    /// Read the clock as this RFC 3339 instant instead of now (reproducible demos and tests).
    #[arg(long, global = true, value_parser = parse_instant)]
    now: Option<DateTime<Utc>>,

    /// Act as this user (their login); the password comes from SCL_PASSWORD or a prompt.
    /// Without it, scl acts as the local owner of an embedded database. A refused permission
    /// exits with code 4.
    #[arg(long, global = true, env = "SCL_USER")]
    user: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a realistic demo network (accounts, agents, calls, leads, recordings).
    Demo {
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, default_value_t = 2_000)]
        calls: usize,
        /// Do nothing (exit 0) when the database already has data.
        #[arg(long)]
        if_empty: bool,
    },
    /// The lead queue of one tab, ranked by priority.
    Leads {
        #[arg(long, default_value = "open", value_parser = parse_tab)]
        tab: Tab,
        /// Only this account (id).
        #[arg(long)]
        account: Option<i64>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filters: filters::FilterArgs,
    },
    /// Import call exports: native JSON Lines, Asterisk/FreePBX CDR CSV, Twilio calls JSON.
    Import {
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Account for formats that name none (CDR, Twilio).
        #[arg(long)]
        account: Option<String>,
        /// CDR: folder of recordings named after each call's unique id.
        #[arg(long)]
        recordings: Option<std::path::PathBuf>,
        /// CDR: a fixed offset from UTC for the PBX's local times, e.g. -06:00 (no daylight
        /// saving time; prefer --time-zone).
        #[arg(long, allow_hyphen_values = true, value_parser = parse_offset, conflicts_with = "time_zone")]
        utc_offset: Option<chrono::FixedOffset>,
        /// CDR: the IANA time zone of the PBX's local times for this import, e.g.
        /// America/Chicago (else the account's time zone, else this computer's).
        #[arg(long, value_parser = parse_zone)]
        time_zone: Option<chrono_tz::Tz>,
        /// CDR: the order of slashed dates: dmy (24/08/2017), mdy (08/24/2017) or ymd.
        #[arg(long, value_parser = parse_date_order)]
        date_order: Option<scl_app::DateOrder>,
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Evaluate every call whose After Call Work Time is over (once per call).
    Detect {
        /// Print {"evaluated", "flagged", "joined"} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// One lead.
    Lead {
        #[command(subcommand)]
        command: LeadCommand,
    },
    /// Users who sign in (Manage users and roles).
    User {
        #[command(subcommand)]
        command: access::UserCommand,
    },
    /// The audit trail (View & Edit Feature Management): CSV on standard output, or --json.
    Audit {
        /// Only actions starting with this: lead, settings, user, role, import.
        #[arg(long)]
        action: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A call's transcript (with the redactions made at import) as TXT, WebVTT or SRT, on
    /// standard output or into a file.
    Transcript {
        /// The phone system's call id (the flyout's Call ID).
        call_id: String,
        /// The account whose call it is (its name); needed when several accounts have a call
        /// with this id.
        #[arg(long)]
        account: Option<String>,
        #[arg(long, default_value = "txt", value_parser = parse_transcript_format)]
        format: TranscriptFormat,
        /// Write here instead of standard output (replaced whole or not at all).
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// Transcribe recorded calls on this computer (Whisper, offline): one call, or the queue of
    /// calls that have a recording and no transcript. Exits 3 when a recording could not be
    /// transcribed (the others are stored).
    Transcribe {
        /// The phone system's call id of one call (transcribed even if not queued; a call
        /// with words keeps them).
        #[arg(long, required_unless_present = "pending", conflicts_with = "pending")]
        call: Option<String>,
        /// The account whose call it is (its name), when several accounts have the call id.
        #[arg(long, requires = "call")]
        account: Option<String>,
        /// Work the queue, oldest call first.
        #[arg(long)]
        pending: bool,
        /// At most this many calls of the queue.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// The ggml Whisper model file. Default: models/ggml-base-q8_0.bin in the app's data
        /// folder.
        #[arg(long, env = "SCL_SPEECH_MODEL")]
        model: Option<std::path::PathBuf>,
        /// Cores Whisper may use (1 is often fastest on a busy two-core machine).
        #[arg(long, default_value_t = 1)]
        threads: u16,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum LeadCommand {
    /// Change a lead's status, recording who did it and when.
    SetStatus {
        lead_id: i64,
        /// One of the statuses, e.g. "Lead - call back attempted".
        status: String,
        /// The user making the change (default: the system).
        #[arg(long)]
        actor: Option<i64>,
    },
    /// Call Customer: hand the lead's number to the OS softphone (tel: by default) and log the
    /// attempt; with --print, print the exact URI instead and record nothing.
    Call {
        lead_id: i64,
        #[arg(long)]
        print: bool,
    },
    /// Dismiss: move the lead to Done, recorded as dismissed.
    Dismiss { lead_id: i64 },
    /// Add Notes: a Second Chance Lead note by the local owner.
    Note { lead_id: i64, text: String },
    /// Show a lead with its status history.
    Show {
        lead_id: i64,
        #[arg(long)]
        json: bool,
    },
}

fn parse_transcript_format(s: &str) -> Result<TranscriptFormat, String> {
    TranscriptFormat::from_code(s).ok_or_else(|| format!("{s:?} is not one of txt, vtt, srt"))
}

fn parse_tab(s: &str) -> Result<Tab, String> {
    s.parse()
}

fn parse_offset(s: &str) -> Result<chrono::FixedOffset, String> {
    s.parse::<chrono::FixedOffset>()
        .map_err(|e| format!("{s:?} is not a UTC offset like -06:00: {e}"))
}

fn parse_zone(s: &str) -> Result<chrono_tz::Tz, String> {
    s.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        format!("{s:?} is not an IANA time zone like America/Chicago or Europe/London")
    })
}

fn parse_date_order(s: &str) -> Result<scl_app::DateOrder, String> {
    s.parse()
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{s:?} is not an RFC 3339 time: {e}"))
}

/// An error with the exit code it deserves.
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// An exit code whose reason is already in the output.
    fn quiet(code: u8) -> Self {
        Self {
            code,
            message: String::new(),
        }
    }

    pub(crate) fn input(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        let code = match e {
            AppError::LeadNotFound(_)
            | AppError::InvalidQuery(_)
            | AppError::Conflict { .. }
            | AppError::InvalidSettings(_)
            | AppError::AccountNotFound(_)
            | AppError::InvalidWatchFolder(_)
            | AppError::CannotDial(_)
            | AppError::InvalidNote(_)
            | AppError::NotACandidate { .. }
            | AppError::CallNotFound(_)
            | AppError::CallInSeveralAccounts { .. }
            | AppError::NoRecording(_)
            | AppError::Recording(_)
            | AppError::InvalidPlayback(_)
            | AppError::SignInFailed
            | AppError::InvalidUser(_)
            | AppError::InvalidUserDraft(_) => 2,
            // A refused permission: its own code, so scripts can tell it from a typo.
            AppError::Denied(_) => 4,
            AppError::Store(_) | AppError::Internal(_) | AppError::CannotWrite { .. } => 1,
        };
        Self {
            code,
            message: e.to_string(),
        }
    }
}

impl From<scl_store::StoreError> for Failure {
    fn from(e: scl_store::StoreError) -> Self {
        let code = match e {
            scl_store::StoreError::UnsupportedUrl(_) => 2,
            _ => 1,
        };
        Self {
            code,
            message: e.to_string(),
        }
    }
}

/// The same allocator as the app and the import benchmark (see the workspace's Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SCL_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(|| scl_app::RedactingWriter(std::io::stderr()))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("scl: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("scl: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let url = cli.db.unwrap_or_else(paths::database_url_from_env);
    let clock: Arc<dyn Clock> = match cli.now {
        Some(t) => Arc::new(FixedClock::new(t)),
        None => Arc::new(SystemClock),
    };
    let store = scl_store::open(&url).await?;
    let base = Leads::new(store.clone(), clock.clone());
    let leads = match (&cli.command, cli.user.as_deref()) {
        // Loading the demo is how a database starts: nobody exists yet to act as, and the
        // local owner must not take a user id the demo's users carry.
        (Command::Demo { .. }, None) => base,
        (_, user) => access::acting(&base, &url, user).await?,
    };
    match cli.command {
        Command::Demo {
            seed,
            calls,
            if_empty,
        } => {
            // Loading a network is an administrator's act, even into an empty database.
            if let Some(who) = leads.principal() {
                who.require(scl_domain::Permission::FeatureManagement)
                    .map_err(AppError::from)?;
            }
            if !store.is_empty().await? {
                if if_empty {
                    return Ok(());
                }
                return Err(Failure::input(format!(
                    "{} already has data; the demo loads only into an empty database",
                    scl_store::redact(&url)
                )));
            }
            let opts = scl_demo::DemoOptions {
                seed,
                calls,
                ..scl_demo::DemoOptions::new(clock.now())
            };
            let dir = scl_demo::DemoPaths::beside(&paths::recordings_dir(&url));
            let loaded = scl_demo::load(store.clone(), &opts, &dir)
                .await
                .map_err(|e| Failure {
                    code: 1,
                    message: e.to_string(),
                })?;
            println!(
                "demo loaded: {} accounts, {} users, {} customers, {} calls, {} leads, {} jobs",
                loaded.accounts,
                loaded.users,
                loaded.customers,
                loaded.calls,
                loaded.leads,
                loaded.jobs
            );
            Ok(())
        }
        Command::Leads {
            tab,
            account,
            json,
            filters,
        } => {
            let rows = all_rows(&leads, tab, account, &filters).await?;
            let now = clock.now();
            let text = if json {
                output::json(&rows)
            } else {
                output::table(&rows, now)
            };
            println!("{text}");
            Ok(())
        }
        Command::Import {
            files,
            account,
            recordings,
            utc_offset,
            time_zone,
            date_order,
            json,
        } => {
            let zone = utc_offset
                .map(scl_app::LocalZone::Fixed)
                .or(time_zone.map(scl_app::LocalZone::Iana));
            let opts = scl_app::ImportOptions {
                account,
                recordings_dir: recordings,
                zone,
                date_order,
            };
            let report = leads.import(&files, &opts, &|_| {}).await?;
            println!("{}", output::import(&report, json));
            if report.files.iter().any(|f| f.error.is_some()) {
                return Err(Failure::quiet(2));
            }
            if report
                .files
                .iter()
                .any(|f| f.skipped() > 0 || f.conflicts > 0)
            {
                return Err(Failure::quiet(3));
            }
            Ok(())
        }
        Command::Detect { json } => {
            let report = leads.detect_pass().await?;
            if json {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
            } else {
                println!(
                    "evaluated {} calls, flagged {} new leads, {} calls joined an open lead",
                    report.evaluated, report.flagged, report.joined
                );
            }
            Ok(())
        }
        Command::Lead { command } => match command {
            LeadCommand::SetStatus {
                lead_id,
                status,
                actor,
            } => {
                let status: LeadStatus =
                    status.parse().map_err(|e| Failure::input(format!("{e}")))?;
                let actor = actor.map_or(Actor::System, Actor::User);
                let outcome = leads.set_status(lead_id, status, actor).await?;
                match outcome.changed {
                    true => println!("lead {lead_id}: {} ({})", status, outcome.lead.tab),
                    false => println!("lead {lead_id} is already {status}; nothing changed"),
                }
                Ok(())
            }
            LeadCommand::Call { lead_id, print } => {
                if print {
                    println!("{}", leads.dial_uri(lead_id).await?);
                    return Ok(());
                }
                let open = |uri: &str| open::that_detached(uri).map_err(|e| e.to_string());
                let placed = leads
                    .call_customer(lead_id, leads.local_owner().await?, open)
                    .await?;
                println!(
                    "lead {lead_id}: called {} ({})",
                    placed.uri, placed.detail.lead.status
                );
                Ok(())
            }
            LeadCommand::Dismiss { lead_id } => {
                let detail = leads.dismiss(lead_id, leads.local_owner().await?).await?;
                println!("lead {lead_id}: dismissed ({})", detail.lead.tab);
                Ok(())
            }
            LeadCommand::Note { lead_id, text } => {
                let detail = leads
                    .add_note(lead_id, &text, leads.local_owner().await?)
                    .await?;
                println!("lead {lead_id}: {} notes", detail.sections.notes.len());
                Ok(())
            }
            LeadCommand::Show { lead_id, json } => {
                let detail = leads.detail(lead_id).await?;
                let history = leads.history(lead_id).await?;
                println!("{}", output::detail(&detail, &history, json));
                Ok(())
            }
        },
        Command::User { command } => access::user(&leads, command).await,
        Command::Audit { action, json } => access::audit(&leads, action, json).await,
        Command::Transcribe {
            call,
            account,
            pending,
            limit,
            model,
            threads,
            json,
        } => transcribe::run(&leads, call, account, pending, limit, model, threads, json).await,
        Command::Transcript {
            call_id,
            account,
            format,
            output,
        } => {
            let text = leads
                .call_transcript(&call_id, account.as_deref(), format)
                .await?;
            match output {
                Some(path) => {
                    scl_app::write_whole(&path, text.as_bytes()).map_err(|e| Failure {
                        code: 1,
                        message: format!("cannot write {}: {e}", path.display()),
                    })?
                }
                None => print!("{text}"),
            }
            Ok(())
        }
    }
}

/// Every row of a tab, read a page at a time.
async fn all_rows(
    leads: &Leads,
    tab: Tab,
    account: Option<i64>,
    flags: &filters::FilterArgs,
) -> Result<Vec<scl_domain::LeadRow>, Failure> {
    let mut query = LeadQuery {
        account_id: account,
        page_size: scl_domain::MAX_PAGE_SIZE,
        filters: flags.filters(),
        sort: flags.sort(),
        ..LeadQuery::new(tab)
    };
    let mut rows = Vec::new();
    loop {
        let page = leads.queue_page(&query).await?;
        let done = page.rows.len() < query.page_size as usize;
        rows.extend(page.rows);
        if done {
            return Ok(rows);
        }
        query.page += 1;
    }
}
