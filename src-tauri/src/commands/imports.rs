use std::path::PathBuf;

use scl_app::{DateOrder, ImportOptions, ImportProgress, ImportReport, LocalZone};
use tauri::{AppHandle, Emitter, State};

use crate::error::{ErrorCode, IpcError};
use crate::AppState;

/// The Tauri event carrying [`ImportProgress`] while files import.
pub const IMPORT_PROGRESS: &str = "import-progress";

/// `date_order` and `time_zone` are this import's choices for CDR files (`dmy|mdy|ymd`, an IANA
/// zone); absent or blank, the file decides the date order and the account's zone applies.
#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
    account: Option<String>,
    date_order: Option<String>,
    time_zone: Option<String>,
) -> Result<ImportReport, IpcError> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let opts = ImportOptions {
        account,
        date_order: parse_date_order(date_order.as_deref())?,
        zone: parse_time_zone(time_zone.as_deref())?,
        ..ImportOptions::default()
    };
    let progress = move |p: ImportProgress| {
        let _ = app.emit(IMPORT_PROGRESS, &p);
    };
    Ok(state
        .acting()
        .await?
        .import(&paths, &opts, &progress)
        .await?)
}

fn invalid(message: String) -> IpcError {
    IpcError {
        code: ErrorCode::InvalidInput,
        message,
    }
}

fn parse_date_order(value: Option<&str>) -> Result<Option<DateOrder>, IpcError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<DateOrder>()
            .map(Some)
            .map_err(|e| invalid(format!("dateOrder: {e}"))),
    }
}

fn parse_time_zone(value: Option<&str>) -> Result<Option<LocalZone>, IpcError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<chrono_tz::Tz>()
            .map(|tz| Some(LocalZone::Iana(tz)))
            .map_err(|_| {
                invalid(format!(
                    "timeZone: unknown time zone {v:?} (expected an IANA name such as America/Chicago)"
                ))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_or_blank_choices_leave_the_defaults() {
        assert_eq!(parse_date_order(None).unwrap(), None);
        assert_eq!(parse_date_order(Some("  ")).unwrap(), None);
        assert_eq!(parse_time_zone(None).unwrap(), None);
        assert_eq!(parse_time_zone(Some("")).unwrap(), None);
    }

    #[test]
    fn choices_are_read() {
        assert_eq!(parse_date_order(Some("dmy")).unwrap(), Some(DateOrder::Dmy));
        assert_eq!(parse_date_order(Some("MDY")).unwrap(), Some(DateOrder::Mdy));
        assert_eq!(
            parse_time_zone(Some(" America/Chicago ")).unwrap(),
            Some(LocalZone::Iana(chrono_tz::America::Chicago))
        );
    }

    #[test]
    fn bad_choices_are_refused_naming_the_field() {
        let e = parse_date_order(Some("dym")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.starts_with("dateOrder:"), "{}", e.message);
        let e = parse_time_zone(Some("Mars/Olympus")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.starts_with("timeZone:"), "{}", e.message);
        assert!(e.message.contains("Mars/Olympus"), "{}", e.message);
    }
}
