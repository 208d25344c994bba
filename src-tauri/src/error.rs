//! The one error shape that crosses IPC: `{code, message}`. A code exists only where the UI
//! branches on it; everything else is `internal` with a message a person can act on.

use scl_app::AppError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The lead is gone: the UI closes the flyout and refreshes the queue.
    NotFound,
    /// The request was wrong: the UI shows the message next to the control.
    InvalidInput,
    /// The signed-in user lacks the permission (or the account): the UI says so and leaves
    /// what they may not change read-only.
    Forbidden,
    /// Nobody is signed in (or the session ended): the UI shows the sign-in screen.
    NotSignedIn,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: message.into(),
        }
    }
}

impl From<AppError> for IpcError {
    fn from(e: AppError) -> Self {
        let code = match &e {
            AppError::LeadNotFound(_)
            | AppError::AccountNotFound(_)
            | AppError::CallNotFound(_) => ErrorCode::NotFound,
            AppError::Denied(_) => ErrorCode::Forbidden,
            AppError::InvalidQuery(_)
            | AppError::Conflict { .. }
            | AppError::InvalidSettings(_)
            | AppError::InvalidWatchFolder(_)
            | AppError::CannotDial(_)
            | AppError::InvalidNote(_)
            | AppError::NotACandidate { .. }
            | AppError::CallInSeveralAccounts { .. }
            | AppError::NoRecording(_)
            | AppError::Recording(_)
            | AppError::InvalidPlayback(_)
            | AppError::SignInFailed
            | AppError::InvalidUser(_)
            | AppError::InvalidUserDraft(_) => ErrorCode::InvalidInput,
            AppError::Store(_) | AppError::Internal(_) | AppError::CannotWrite { .. } => {
                ErrorCode::Internal
            }
        };
        if code == ErrorCode::Internal {
            tracing::error!(error = %e, "command failed");
        }
        Self {
            code,
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_ipc_as_code_and_message() {
        let e = IpcError::from(AppError::LeadNotFound(5));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "lead 5 not found"})
        );
        let bad = IpcError::from(AppError::InvalidQuery(scl_domain::QueryError::PageSize(0)));
        assert_eq!(
            bad.code,
            ErrorCode::InvalidInput,
            "the UI shows input errors in place"
        );
    }
}
