//! A lead's recording and transcript: what the flyout plays and reads, and the transcript as a
//! file (TXT, WebVTT, SRT), the same bytes for the app's save dialog and `scl transcript`.

use std::io::Write;
use std::path::{Path, PathBuf};

use scl_domain::{transcript_file_name, CallMedia, LeadId, TranscriptFormat, TranscriptSegment};

use scl_domain::Permission;

use crate::{AppError, Leads, Result};

/// A transcript ready to be written: a suggested file name and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptFile {
    pub file_name: String,
    pub contents: String,
}

impl TranscriptFile {
    /// Writes the file to `path`, replaced whole or not at all.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_whole(path, self.contents.as_bytes()).map_err(|source| AppError::CannotWrite {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// The transcript in `format`, with the redactions made at import.
pub fn render_transcript(segments: &[TranscriptSegment], format: TranscriptFormat) -> String {
    match format {
        TranscriptFormat::Txt => scl_ingest::export::to_txt(segments),
        TranscriptFormat::Vtt => scl_ingest::export::to_vtt(segments),
        TranscriptFormat::Srt => scl_ingest::export::to_srt(segments),
    }
}

impl Leads {
    /// The call of a lead the acting user may view.
    async fn viewed_lead_call(&self, id: LeadId) -> Result<scl_domain::Call> {
        self.lead_allowed(Permission::ViewLeads, id).await?;
        self.store
            .lead_call(id)
            .await?
            .ok_or(AppError::LeadNotFound(id))
    }

    /// What the lead's call has to play and read.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn call_media(&self, id: LeadId) -> Result<CallMedia> {
        let call = self.viewed_lead_call(id).await?;
        Ok(CallMedia {
            call_id: call.call_id,
            recording: call.recording.as_deref().map(display_name),
            transcript: call.transcript,
        })
    }

    /// The local file of the lead's recording. Only what the store holds for the lead is ever
    /// opened: the UI names a lead, never a path.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn recording_path(&self, id: LeadId) -> Result<PathBuf> {
        let call = self.viewed_lead_call(id).await?;
        let recording = call.recording.ok_or(AppError::NoRecording(id))?;
        local_path(&recording).ok_or_else(|| {
            AppError::Recording(format!(
                "the recording of call {} is at {}, which is not a file on this computer",
                call.call_id,
                display_name(&recording)
            ))
        })
    }

    /// The transcript of a call, by the phone system's call id (`scl transcript`). Call ids are
    /// unique per account: when several accounts the user may view have the id, `account`
    /// (a name) must say which.
    #[tracing::instrument(skip_all, err)]
    pub async fn call_transcript(
        &self,
        call_id: &str,
        account: Option<&str>,
        format: TranscriptFormat,
    ) -> Result<String> {
        let call = self.call_by_id(call_id, account).await?;
        Ok(render_transcript(&call.transcript, format))
    }

    /// A call by the phone system's call id. Call ids are unique per account: when several
    /// accounts the user may view have the id, `account` (a name) must say which.
    pub(crate) async fn call_by_id(
        &self,
        call_id: &str,
        account: Option<&str>,
    ) -> Result<scl_domain::Call> {
        let not_found = || AppError::CallNotFound(call_id.to_string());
        let mut calls = self.store.calls_by_call_id(call_id).await?;
        if calls.is_empty() {
            return Err(not_found());
        }
        let names: std::collections::HashMap<scl_domain::AccountId, String> = self
            .store
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        if let Some(wanted) = account {
            calls.retain(|c| names.get(&c.account_id).map(String::as_str) == Some(wanted));
        }
        // Accounts the user may not see are not offered; with none left, the refusal says why.
        let visible: Vec<_> = calls
            .iter()
            .filter(|c| self.allow_on(Permission::ViewLeads, c.account_id).is_ok())
            .collect();
        match visible.as_slice() {
            [call] => Ok((*call).clone()),
            [] => {
                let first = calls.first().ok_or_else(not_found)?;
                self.allow_on(Permission::ViewLeads, first.account_id)?;
                Err(not_found())
            }
            several => {
                let mut accounts: Vec<String> = several
                    .iter()
                    .map(|c| names.get(&c.account_id).cloned().unwrap_or_default())
                    .collect();
                accounts.sort();
                Err(AppError::CallInSeveralAccounts {
                    call_id: call_id.to_string(),
                    accounts,
                })
            }
        }
    }

    /// The transcript of a lead's call as a file, with a safe suggested name.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn lead_transcript(
        &self,
        id: LeadId,
        format: TranscriptFormat,
    ) -> Result<TranscriptFile> {
        let call = self.viewed_lead_call(id).await?;
        Ok(TranscriptFile {
            file_name: transcript_file_name(&call.call_id, format),
            contents: render_transcript(&call.transcript, format),
        })
    }

    /// Writes the lead's transcript to `path` (chosen by the user in a save dialog). The file
    /// is written beside its target and renamed, so an existing file is replaced whole or not
    /// at all.
    #[tracing::instrument(skip_all, err, fields(lead = id, ?format))]
    pub async fn save_lead_transcript(
        &self,
        id: LeadId,
        format: TranscriptFormat,
        path: &Path,
    ) -> Result<()> {
        self.lead_transcript(id, format).await?.save(path)
    }
}

/// Writes `bytes` beside `path` and renames, so `path` is replaced whole or not at all.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let tmp = dir.join(format!(".{}.part", name.to_string_lossy()));
    let result = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    match result.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// A stored recording as a local path: a plain path or a `file:` URI; other URIs are not local.
pub(crate) fn local_path(recording: &str) -> Option<PathBuf> {
    if let Some(rest) = recording.strip_prefix("file://") {
        return Some(PathBuf::from(rest));
    }
    let scheme = recording.split_once(':').map(|(s, _)| s);
    match scheme {
        // A Windows drive letter (C:\...) is a path, not a scheme.
        Some(s)
            if s.len() > 1
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) =>
        {
            None
        }
        _ => Some(PathBuf::from(recording)),
    }
}

/// What the flyout shows for a recording: its file name, or the URI without any query string
/// (which may carry credentials).
fn display_name(recording: &str) -> String {
    if local_path(recording).is_some() {
        let trimmed = recording.trim_end_matches(['/', '\\']);
        let name = trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed);
        return name.to_string();
    }
    let without_query = recording.split(['?', '#']).next().unwrap_or(recording);
    match without_query.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            let host = authority.rsplit('@').next().unwrap_or(authority);
            format!("{scheme}://{host}/{path}")
        }
        None => without_query.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recordings_are_local_paths_or_file_uris() {
        assert_eq!(
            local_path("/var/rec/a.wav"),
            Some(PathBuf::from("/var/rec/a.wav"))
        );
        assert_eq!(
            local_path("file:///var/rec/a.wav"),
            Some(PathBuf::from("/var/rec/a.wav"))
        );
        assert_eq!(
            local_path(r"C:\rec\a.wav"),
            Some(PathBuf::from(r"C:\rec\a.wav"))
        );
        assert_eq!(local_path("https://api.twilio.com/rec/RE1.mp3"), None);
        assert_eq!(local_path("s3://bucket/a.wav"), None);
    }

    #[test]
    fn the_flyout_shows_a_file_name_never_a_query_string() {
        assert_eq!(
            display_name("/var/rec/1700000000.42.wav"),
            "1700000000.42.wav"
        );
        assert_eq!(display_name(r"C:\rec\a.wav"), "a.wav");
        assert_eq!(
            display_name("https://u:p@example.com/rec/RE1.mp3?token=secret"),
            "https://example.com/rec/RE1.mp3"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.vtt");
        std::fs::write(&target, "old").unwrap();
        write_whole(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let missing = dir.path().join("no-such-dir").join("t.vtt");
        assert!(write_whole(&missing, b"x").is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only t.vtt: no .part file left behind");
    }
}
