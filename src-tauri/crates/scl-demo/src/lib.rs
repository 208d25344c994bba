//! The demo network of Second Chance, generated from a seed and loaded the way real data is.
//!
//! Owns: believable accounts, agents, customers (phones that match one, several or no customer),
//! two weeks of calls with what was said, and a few calls with a real recording and a
//! timestamped transcript, written as a native JSON Lines export; loading it ([`load`]) imports
//! that export with `scl import`'s use case, lets detection decide the leads, then has the
//! demo's agents work them (callbacks, notes, statuses, dismissals, Change customer) through the
//! app's operations at moments after each call, and imports the jobs booked since.
//! Must not: decide what is a lead, write leads itself, or read the clock: everything is
//! relative to the `now` it is given, so the same seed and `now` always give the same data.
//! (The [`generate`] fixture is the exception, for store tests only: see its module.)

mod agents;
mod conversations;
mod export;
mod fixture;
mod load;
mod names;
mod recordings;
mod rng;

use chrono::{DateTime, Utc};

pub use fixture::generate;
pub use load::{load, DemoError, DemoPaths, DemoSummary};
pub use recordings::{Recording, RECORDINGS};

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub calls: usize,
    /// How far back the calls go.
    pub days: i64,
    pub now: DateTime<Utc>,
}

impl DemoOptions {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            seed: 42,
            calls: 2_000,
            days: 14,
            now,
        }
    }
}

/// Writes the shipped demo recordings into `dir`.
pub fn write_recordings(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for r in &RECORDINGS {
        std::fs::write(dir.join(r.file_name), r.wav)?;
    }
    Ok(())
}
