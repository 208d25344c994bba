//! Loading the demo through the real pipeline: the export is imported with `scl import`'s use
//! case, detection decides the leads, then the demo's agents work them through the app's own
//! operations, each at a moment after the call (the core's clock is set to that moment), and
//! the jobs booked since are imported last, so the job rule closes the leads they answer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use scl_app::{AppError, ImportOptions, ImportProgress, Leads};
use scl_domain::{AccountScope, FixedClock, LeadQuery, LeadRow, Tab, UserDraft, UserId};
use scl_store::Store;

use crate::agents::{Act, LeadFacts, Plan};
use crate::export::{job_line, write_lines, Export};
use crate::rng::Rng;
use crate::{names, write_recordings, DemoOptions};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    App(#[from] AppError),
    /// The demo's own export did not import cleanly: a bug of the generator, never hidden.
    #[error("the demo export {file} did not import cleanly: {problem}")]
    Import { file: String, problem: String },
    #[error("the demo's {0} is missing after its import")]
    Missing(String),
}

/// What the demo loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub accounts: usize,
    pub users: usize,
    pub customers: u32,
    pub calls: u32,
    pub leads: usize,
    pub jobs: u32,
    /// Leads the jobs closed by the job rule.
    pub closed_by_jobs: u32,
    /// The agents' operations carried out.
    pub actions: usize,
}

/// Where the demo writes its files: the shipped recordings, and the export it imports (kept, so
/// the JSON Lines a demo came from can be read and imported elsewhere).
#[derive(Debug, Clone)]
pub struct DemoPaths {
    pub recordings: PathBuf,
    pub export: PathBuf,
}

impl DemoPaths {
    /// Recordings in `recordings`, the export in `demo-export` beside it.
    pub fn beside(recordings: &Path) -> Self {
        Self {
            recordings: recordings.to_path_buf(),
            export: recordings.with_file_name("demo-export"),
        }
    }
}

/// Loads the demo network into `store` (which should be empty) through import, detection and
/// the agents' operations. Same seed and `now`, same data.
pub async fn load(
    store: Arc<dyn Store>,
    opts: &DemoOptions,
    paths: &DemoPaths,
) -> Result<DemoSummary, DemoError> {
    write_recordings(&paths.recordings).map_err(write_error(&paths.recordings))?;
    // Absolute, so the export names the recordings wherever it is read from.
    let recordings =
        std::path::absolute(&paths.recordings).map_err(write_error(&paths.recordings))?;
    let mut rng = Rng::new(opts.seed);
    let export = Export::generate(opts, &mut rng);
    let files = export
        .write(&paths.export, &recordings)
        .map_err(write_error(&paths.export))?;

    // The network was set up the day before its first call.
    let setup = opts.now - Duration::days(opts.days + 1);
    let clock = Arc::new(FixedClock::new(setup));
    let system = Leads::new(store.clone(), clock.clone());
    let customers = import(&system, &files.customers).await?;
    let accounts = accounts_by_index(&system).await?;
    let peak = accounts[3];
    let mut settings = store
        .accounts()
        .await
        .map_err(AppError::from)?
        .into_iter()
        .find(|a| a.id == peak)
        .ok_or_else(|| DemoError::Missing(names::ACCOUNTS[3].into()))?
        .settings;
    // One account keeps leads Open longer, so settings visibly matter.
    settings.cold_days = 7;
    system.save_settings(peak, settings).await?;

    clock.set(opts.now);
    let calls = import(&system, &files.calls).await?;
    system.detect_pass().await?;

    clock.set(setup);
    let agents = staff(&system, &export, &accounts).await?;

    clock.set(opts.now);
    let leads = every_lead(&system).await?;
    let plan = plan(&mut rng, &export, &leads, &accounts, &system, opts.now).await?;
    let actions = plan.actions.len();
    act(&system, &clock, &plan, &agents).await?;

    clock.set(opts.now);
    let jobs_file = paths.export.join("jobs.jsonl");
    let mut jobs = export.jobs.clone();
    jobs.extend(plan.jobs);
    jobs.sort_by_key(|j| j.booked_at);
    write_lines(&jobs_file, jobs.iter().map(job_line)).map_err(write_error(&jobs_file))?;
    let booked = import(&system, &jobs_file).await?;

    Ok(DemoSummary {
        accounts: accounts.len(),
        users: system.users().await?.len(),
        customers: customers.customers,
        calls: calls.calls_inserted,
        leads: leads.len(),
        jobs: booked.jobs_inserted,
        closed_by_jobs: booked.leads_closed_by_jobs,
        actions,
    })
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> DemoError {
    let path = path.to_path_buf();
    move |source| DemoError::Write { path, source }
}

/// Imports one file of the export with `scl import`'s use case; any problem is a bug here.
async fn import(system: &Leads, file: &Path) -> Result<scl_app::FileReport, DemoError> {
    let report = system
        .import(
            &[file.to_path_buf()],
            &ImportOptions::default(),
            &|_: ImportProgress| {},
        )
        .await?;
    let file_report = report
        .files
        .into_iter()
        .next()
        .ok_or_else(|| DemoError::Missing(format!("report of {}", file.display())))?;
    let problem = file_report
        .error
        .clone()
        .or_else(|| file_report.problems.first().map(ToString::to_string));
    match problem {
        Some(problem) => Err(DemoError::Import {
            file: file.display().to_string(),
            problem,
        }),
        None => Ok(file_report),
    }
}

/// The store's ids of the demo's accounts, in the order of [`names::ACCOUNTS`].
async fn accounts_by_index(system: &Leads) -> Result<Vec<i64>, DemoError> {
    let stored = system.store().accounts().await.map_err(AppError::from)?;
    names::ACCOUNTS
        .iter()
        .map(|name| {
            stored
                .iter()
                .find(|a| a.name == *name)
                .map(|a| a.id)
                .ok_or_else(|| DemoError::Missing(format!("account {name}")))
        })
        .collect()
}

/// User Management as the network's admin did it: each agent (known from the calls) works in
/// their own account; two managers and an admin see every account. Returns the agents' ids.
async fn staff(
    system: &Leads,
    export: &Export,
    accounts: &[i64],
) -> Result<Vec<UserId>, DemoError> {
    let roles = system.roles().await?;
    let role = |name: &str| {
        roles
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.id)
            .ok_or_else(|| DemoError::Missing(format!("role {name}")))
    };
    let users = system.users().await?;
    let mut ids = Vec::with_capacity(export.agents.len());
    for agent in &export.agents {
        let id = users
            .iter()
            .find(|u| u.name == agent.name)
            .map(|u| u.id)
            .ok_or_else(|| DemoError::Missing(format!("agent {}", agent.name)))?;
        let draft = UserDraft {
            name: agent.name.to_string(),
            login: None,
            role_id: role("CSR")?,
            accounts: AccountScope::Only(vec![accounts[agent.account]]),
            password: None,
        };
        system.save_user(Some(id), draft).await?;
        ids.push(id);
    }
    for (name, role_name) in names::STAFF {
        let draft = UserDraft {
            name: name.to_string(),
            login: None,
            role_id: role(role_name)?,
            accounts: AccountScope::All,
            password: None,
        };
        system.save_user(None, draft).await?;
    }
    Ok(ids)
}

/// Every lead detection flagged (all still Open or Cold), oldest first.
async fn every_lead(system: &Leads) -> Result<Vec<LeadRow>, DemoError> {
    let mut rows = Vec::new();
    for tab in [Tab::Open, Tab::Cold] {
        let mut query = LeadQuery::new(tab);
        query.page_size = scl_domain::MAX_PAGE_SIZE;
        loop {
            let page = system.queue_page(&query).await?;
            let last = page.rows.len() < query.page_size as usize;
            rows.extend(page.rows);
            if last {
                break;
            }
            query.page += 1;
        }
    }
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

async fn plan(
    rng: &mut Rng,
    export: &Export,
    leads: &[LeadRow],
    accounts: &[i64],
    system: &Leads,
    now: DateTime<Utc>,
) -> Result<Plan, DemoError> {
    let stored = system.store().accounts().await.map_err(AppError::from)?;
    let mut sharing: HashMap<(usize, &str), usize> = HashMap::new();
    for c in &export.customers {
        *sharing.entry((c.account, c.phone.as_str())).or_default() += 1;
    }
    // The recorded calls stay New and Open: the first thing a newcomer should see.
    let showcase: Vec<&str> = export
        .calls
        .iter()
        .filter(|c| c.recording.is_some())
        .map(|c| c.call_id.as_str())
        .collect();
    let mut plan = Plan::new();
    for row in leads
        .iter()
        .filter(|r| !showcase.contains(&r.call_id.as_str()))
    {
        let Some(account) = accounts.iter().position(|&a| a == row.account_id) else {
            continue;
        };
        let agent = row
            .agent
            .as_deref()
            .and_then(|name| export.agents.iter().position(|a| a.name == name))
            .unwrap_or_else(|| {
                let theirs: Vec<usize> = (0..export.agents.len())
                    .filter(|&a| export.agents[a].account == account)
                    .collect();
                *rng.pick(&theirs)
            });
        let next_job = export
            .jobs
            .iter()
            .filter(|j| j.account == account && j.phone == row.phone)
            .map(|j| j.booked_at)
            .filter(|at| *at >= row.flagged_at)
            .min();
        let cold_days = stored
            .iter()
            .find(|a| a.id == row.account_id)
            .map_or(3, |a| a.settings.cold_days);
        let facts = LeadFacts {
            row,
            account,
            agent,
            cold_days,
            sharing: sharing
                .get(&(account, row.phone.as_str()))
                .copied()
                .unwrap_or(0),
            next_job,
        };
        plan.lead(rng, &facts, now);
    }
    Ok(plan.sorted())
}

/// Carries out the plan as the agents, with the core's clock at each action's moment.
async fn act(
    system: &Leads,
    clock: &FixedClock,
    plan: &Plan,
    agents: &[UserId],
) -> Result<(), DemoError> {
    let mut acting: HashMap<UserId, Leads> = HashMap::new();
    for action in &plan.actions {
        let id = agents[action.agent];
        let agent = match acting.entry(id) {
            std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::hash_map::Entry::Vacant(new) => {
                let who = system
                    .store()
                    .principal(id)
                    .await
                    .map_err(AppError::from)?
                    .ok_or_else(|| DemoError::Missing(format!("user {id}")))?;
                new.insert(system.acting_as(who))
            }
        };
        clock.set(action.at);
        let lead = action.lead;
        match &action.act {
            Act::CallBack => {
                // The demo's agents dial from their own phones: nothing is handed to the OS.
                agent.call_customer(lead, id, |_| Ok(())).await?;
            }
            Act::Note(text) => {
                agent.add_note(lead, text, id).await?;
            }
            Act::Status(status) => {
                agent
                    .set_status(lead, *status, scl_domain::Actor::User(id))
                    .await?;
            }
            Act::Dismiss => {
                agent.dismiss(lead, id).await?;
            }
            Act::ChooseCustomer(n) => {
                let detail = agent.detail(lead).await?;
                let candidates = &detail.sections.customer.candidates;
                if let Some(c) = candidates.get(n % candidates.len().max(1)) {
                    agent.change_customer(lead, c.id).await?;
                }
            }
        }
    }
    Ok(())
}
