//! The FFI: a connection handle lent by sqlx and the statements prepared on it.

use std::ffi::{c_char, c_int, CStr};
use std::marker::PhantomData;
use std::ptr::NonNull;

use libsqlite3_sys as ffi;
use sqlx::sqlite::LockedSqliteHandle;

use crate::{Error, Value};

/// The database handle, lent by sqlx for as long as `'h`.
pub struct Connection<'h> {
    db: NonNull<ffi::sqlite3>,
    _lock: PhantomData<&'h mut ()>,
}

impl<'h> Connection<'h> {
    pub fn new(lock: &'h mut LockedSqliteHandle<'_>) -> Self {
        Self {
            db: lock.as_raw_handle(),
            _lock: PhantomData,
        }
    }

    /// Prepares one SQL statement (parameters `?1`, `?2`, ...), kept until it is dropped.
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>, Error> {
        let len = c_int::try_from(sql.len()).map_err(|_| self.misuse(sql, "SQL too long"))?;
        let mut stmt = std::ptr::null_mut();
        let mut tail: *const c_char = std::ptr::null();
        // SAFETY: `db` is a live handle that sqlx has locked out of its worker for `'h`, and
        // `self` borrows that lock. `sql` is valid for `len` bytes (SQLite reads no further,
        // so no NUL terminator is needed); the out-pointers point at locals.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                self.db.as_ptr(),
                sql.as_ptr().cast(),
                len,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                &mut tail,
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(rc, sql));
        }
        let Some(stmt) = NonNull::new(stmt) else {
            return Err(self.misuse(sql, "no statement in the SQL"));
        };
        let mut statement = Statement {
            stmt,
            db: self.db,
            sql: sql.to_string(),
            params: 0,
            _conn: PhantomData,
        };
        // SAFETY: `tail` points into `sql` (at or before its end), as sqlite3_prepare_v3 sets it.
        let used = unsafe { tail.cast::<u8>().offset_from(sql.as_ptr()) };
        let rest = usize::try_from(used).map_or("", |used| &sql[used.min(sql.len())..]);
        if !rest.trim().is_empty() {
            return Err(self.misuse(sql, "more than one statement"));
        }
        // SAFETY: `stmt` was just prepared on this connection and is not finalized yet.
        let params = unsafe { ffi::sqlite3_bind_parameter_count(statement.stmt.as_ptr()) };
        statement.params = usize::try_from(params).unwrap_or(0);
        Ok(statement)
    }

    /// The rowid of the last row inserted on this connection.
    pub fn last_insert_rowid(&self) -> i64 {
        // SAFETY: the handle is live and locked for us (see `prepare`).
        unsafe { ffi::sqlite3_last_insert_rowid(self.db.as_ptr()) }
    }

    fn error(&self, rc: c_int, sql: &str) -> Error {
        error_of(self.db, rc, sql)
    }

    fn misuse(&self, sql: &str, message: &str) -> Error {
        Error {
            code: ffi::SQLITE_MISUSE,
            message: message.to_string(),
            sql: sql.to_string(),
        }
    }
}

/// A prepared statement, run once per row with [`Statement::execute`] or
/// [`Statement::query_i64`]; finalized when dropped.
pub struct Statement<'c> {
    stmt: NonNull<ffi::sqlite3_stmt>,
    db: NonNull<ffi::sqlite3>,
    sql: String,
    params: usize,
    _conn: PhantomData<&'c Connection<'c>>,
}

impl Statement<'_> {
    /// Runs the statement with `values` for its parameters, to its end; the rows it changed.
    pub fn execute(&mut self, values: &[Value<'_>]) -> Result<u64, Error> {
        self.bind(values)?;
        let outcome = loop {
            match self.step() {
                ffi::SQLITE_ROW => continue,
                ffi::SQLITE_DONE => {
                    // SAFETY: the handle is live and locked for us (see `Connection::prepare`).
                    let changed = unsafe { ffi::sqlite3_changes64(self.db.as_ptr()) };
                    break Ok(u64::try_from(changed).unwrap_or(0));
                }
                rc => break Err(error_of(self.db, rc, &self.sql)),
            }
        };
        self.reset();
        outcome
    }

    /// Runs the statement with `values` and returns the first column of its first row as an
    /// integer (`None`: no row, or a NULL).
    pub fn query_i64(&mut self, values: &[Value<'_>]) -> Result<Option<i64>, Error> {
        self.bind(values)?;
        let outcome = match self.step() {
            // SAFETY: the statement has a current row (SQLITE_ROW), and column 0 exists when
            // the statement returns rows at all (a SELECT of at least one column).
            ffi::SQLITE_ROW => Ok(unsafe {
                (ffi::sqlite3_column_type(self.stmt.as_ptr(), 0) != ffi::SQLITE_NULL)
                    .then(|| ffi::sqlite3_column_int64(self.stmt.as_ptr(), 0))
            }),
            ffi::SQLITE_DONE => Ok(None),
            rc => Err(error_of(self.db, rc, &self.sql)),
        };
        self.reset();
        outcome
    }

    fn bind(&mut self, values: &[Value<'_>]) -> Result<(), Error> {
        if values.len() != self.params {
            return Err(Error {
                code: ffi::SQLITE_RANGE,
                message: format!("{} values for {} parameters", values.len(), self.params),
                sql: self.sql.clone(),
            });
        }
        for (index, value) in values.iter().enumerate() {
            // Parameters are numbered from 1; `index < params`, which fits in a c_int.
            let at = c_int::try_from(index + 1).unwrap_or(c_int::MAX);
            let stmt = self.stmt.as_ptr();
            // SAFETY: `stmt` is prepared and not finalized; `at` is within its parameters. Text
            // is bound SQLITE_STATIC: SQLite reads it in place and never frees it, and the
            // borrow of `values` outlasts every step that reads it, because `reset` clears the
            // bindings before this call returns.
            let rc = unsafe {
                match *value {
                    Value::Null => ffi::sqlite3_bind_null(stmt, at),
                    Value::Int(v) => ffi::sqlite3_bind_int64(stmt, at, v),
                    Value::Real(v) => ffi::sqlite3_bind_double(stmt, at, v),
                    Value::Text(v) => ffi::sqlite3_bind_text64(
                        stmt,
                        at,
                        v.as_ptr().cast(),
                        v.len() as u64,
                        ffi::SQLITE_STATIC(),
                        ffi::SQLITE_UTF8 as u8,
                    ),
                }
            };
            if rc != ffi::SQLITE_OK {
                let error = error_of(self.db, rc, &self.sql);
                self.reset();
                return Err(error);
            }
        }
        Ok(())
    }

    fn step(&mut self) -> c_int {
        // SAFETY: `stmt` is prepared, not finalized, and every parameter is bound.
        unsafe { ffi::sqlite3_step(self.stmt.as_ptr()) }
    }

    /// Makes the statement ready for the next row and forgets the borrowed values.
    fn reset(&mut self) {
        // SAFETY: `stmt` is prepared and not finalized. The result codes repeat the last
        // step's error, already reported by the caller.
        unsafe {
            ffi::sqlite3_reset(self.stmt.as_ptr());
            ffi::sqlite3_clear_bindings(self.stmt.as_ptr());
        }
    }
}

impl Drop for Statement<'_> {
    fn drop(&mut self) {
        // SAFETY: `stmt` was prepared on this connection, which the lock still holds for us
        // (the statement borrows it), and is finalized exactly once, here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

fn error_of(db: NonNull<ffi::sqlite3>, rc: c_int, sql: &str) -> Error {
    // SAFETY: the handle is live and locked for the caller; sqlite3_errmsg returns a
    // NUL-terminated string that stays valid until the next call on the handle, and it is
    // copied before that.
    let (code, message) = unsafe {
        let code = ffi::sqlite3_extended_errcode(db.as_ptr());
        let text = ffi::sqlite3_errmsg(db.as_ptr());
        let message = if text.is_null() {
            String::new()
        } else {
            CStr::from_ptr(text).to_string_lossy().into_owned()
        };
        (code, message)
    };
    Error {
        // The step's own code when the handle's was overwritten meanwhile.
        code: if code == ffi::SQLITE_OK { rc } else { code },
        message,
        sql: sql.to_string(),
    }
}
