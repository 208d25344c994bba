//! Running the real `scl` binary on a real database, for the CLI test files.

use std::process::{Command, Output};

pub const NOW: &str = "2026-11-21T12:00:00Z";

/// `scl --db DB --now NOW ARGS...`, ignoring any SCL_DATABASE_URL of the environment.
pub fn scl(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scl"))
        .args(["--db", db, "--now", NOW])
        .args(args)
        .env_remove("SCL_DATABASE_URL")
        .output()
        .expect("run scl")
}

/// The standard output of a run that must succeed.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "scl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}
