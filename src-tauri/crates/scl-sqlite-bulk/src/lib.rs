//! Bulk writes to SQLite: a statement prepared once and run per row, on the connection handle
//! that sqlx lends (`SqliteConnection::lock_handle`). sqlx's own way, a multi-row statement,
//! boxes every value and hands it to sqlx's worker thread, and most of a million-call import
//! went there (BENCHMARKS.md). This crate owns that one fast path and nothing else; it is the
//! workspace's only unsafe code, each block with the reason it holds.
//!
//! The borrow checker carries the rules: a [`Statement`] borrows its [`Connection`], which
//! borrows the lock, so no statement outlives the lock and sqlx cannot touch the handle while
//! one is in use. Neither type is `Send`, so neither is held across an `.await` of a spawned task.

use libsqlite3_sys as ffi;

#[allow(unsafe_code)]
mod statement;

pub use statement::{Connection, Statement};

/// A statement SQLite refused to prepare or run.
#[derive(Debug, thiserror::Error)]
#[error("SQLite error {code} ({message}) in {sql:?}")]
pub struct Error {
    /// SQLite's extended result code.
    pub code: i32,
    pub message: String,
    pub sql: String,
}

impl Error {
    /// A UNIQUE, PRIMARY KEY, FOREIGN KEY, CHECK or NOT NULL constraint refused the row.
    pub fn is_constraint(&self) -> bool {
        self.code & 0xff == ffi::SQLITE_CONSTRAINT
    }
}

/// One value bound to a parameter (`?1`, `?2`, ...), borrowed for the run of one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<i32> for Value<'_> {
    fn from(v: i32) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<u32> for Value<'_> {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(v)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(v: &'a String) -> Self {
        Value::Text(v)
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod tests;
