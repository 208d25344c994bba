//! Working a lead from the flyout or `scl`: the details, Dismiss, notes and their copies,
//! Change customer and Call Customer. Each is one core operation for every caller.

use scl_domain::Permission;
use scl_domain::{
    dial_uri, CustomerId, Dial, DialSettings, LeadDetail, LeadId, LeadStatus, NoteTarget, UserId,
};
use scl_store::CopyOutcome;

use crate::{AppError, Leads, Result};

/// Longest Second Chance Lead note accepted, in characters.
pub const MAX_NOTE_CHARS: usize = 4_000;

const DIAL_KEY: &str = "dial";

/// What Call Customer hands to the OS, and the lead after the attempt was logged.
#[derive(Debug, Clone, PartialEq)]
pub struct CallPlaced {
    pub uri: String,
    pub detail: LeadDetail,
}

impl Leads {
    /// The user who acts when nobody is signed in (an embedded database's local owner).
    pub async fn local_owner(&self) -> Result<UserId> {
        let name = std::env::var("USER")
            .ok()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "Local owner".to_string());
        Ok(self.store.local_owner(&name).await?)
    }

    /// Everything the Second Chance Lead Details flyout shows.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn detail(&self, id: LeadId) -> Result<LeadDetail> {
        let now = self.clock.now();
        let lead = self.lead_allowed(Permission::ViewLeads, id).await?;
        let sections = self
            .store
            .lead_sections(id)
            .await?
            .ok_or(AppError::LeadNotFound(id))?;
        let dial = match self.dial_uri_for(&lead).await {
            Ok(uri) => Dial::Ready { uri },
            Err(AppError::CannotDial(reason)) => Dial::Refused { reason },
            Err(e) => return Err(e),
        };
        Ok(LeadDetail {
            lead,
            now,
            sections,
            dial,
        })
    }

    /// Dismiss: the lead moves to Done, recorded as dismissed by `actor`.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn dismiss(&self, id: LeadId, actor: UserId) -> Result<LeadDetail> {
        self.lead_allowed(Permission::EditLeads, id).await?;
        let actor = scl_domain::Actor::User(actor);
        // False for a lead dismissed already (nothing to do).
        if self.store.dismiss(id, actor, self.clock.now()).await? {
            self.audit("lead.dismiss", "lead", id, None, Some("dismissed".into()))
                .await?;
        }
        self.detail(id).await
    }

    /// Add Notes: a Second Chance Lead note by `author`, card numbers and SSNs removed.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn add_note(&self, id: LeadId, text: &str, author: UserId) -> Result<LeadDetail> {
        self.lead_allowed(Permission::EditLeads, id).await?;
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::InvalidNote("a note needs some text".into()));
        }
        let chars = text.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(AppError::InvalidNote(format!(
                "a note is at most {MAX_NOTE_CHARS} characters; this one has {chars}"
            )));
        }
        let (clean, _) = scl_ingest::redact(text);
        self.store
            .add_note(id, author, &clean, self.clock.now())
            .await?
            .ok_or(AppError::LeadNotFound(id))?;
        self.audit("lead.note", "lead", id, None, Some(clean))
            .await?;
        self.detail(id).await
    }

    /// Copy to Customer notes / Copy to Location notes.
    #[tracing::instrument(skip_all, err, fields(lead = id, note))]
    pub async fn copy_note(&self, id: LeadId, note: i64, target: NoteTarget) -> Result<LeadDetail> {
        self.lead_allowed(Permission::EditLeads, id).await?;
        match self
            .store
            .copy_note(id, note, target, self.clock.now())
            .await?
        {
            CopyOutcome::Copied => {
                let to = match target {
                    NoteTarget::Customer => "customer notes",
                    NoteTarget::Location => "location notes",
                };
                self.audit(
                    "lead.note_copy",
                    "lead",
                    id,
                    None,
                    Some(format!("note {note} to {to}")),
                )
                .await?;
                self.detail(id).await
            }
            CopyOutcome::NoteNotFound => Err(AppError::InvalidNote(format!(
                "note {note} is not a note of lead {id}"
            ))),
            CopyOutcome::NoTarget => Err(AppError::InvalidNote(match target {
                NoteTarget::Customer => "this lead has no customer record to copy to".into(),
                NoteTarget::Location => "this lead has no location record to copy to".into(),
            })),
        }
    }

    /// Change customer: one of the suggested matches becomes the lead's customer.
    #[tracing::instrument(skip_all, err, fields(lead = id, customer))]
    pub async fn change_customer(&self, id: LeadId, customer: CustomerId) -> Result<LeadDetail> {
        let before = self.lead_allowed(Permission::EditLeads, id).await?;
        if !self
            .store
            .choose_customer(id, customer, self.clock.now())
            .await?
        {
            return Err(AppError::NotACandidate { lead: id, customer });
        }
        let after = self.detail(id).await?;
        self.audit(
            "lead.customer",
            "lead",
            id,
            before.customer,
            after.lead.customer.clone(),
        )
        .await?;
        Ok(after)
    }

    /// The exact URI Call Customer would hand to the OS; records nothing.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn dial_uri(&self, id: LeadId) -> Result<String> {
        let lead = self.lead_allowed(Permission::ViewLeads, id).await?;
        self.dial_uri_for(&lead).await
    }

    /// Call Customer: the URI goes to `hand_off` (the OS opener), then the attempt is logged and
    /// the status set to `Lead - call back attempted` unless the lead is Done. Nothing is logged
    /// when the hand-off fails.
    #[tracing::instrument(skip_all, err, fields(lead = id))]
    pub async fn call_customer(
        &self,
        id: LeadId,
        agent: UserId,
        hand_off: impl FnOnce(&str) -> std::result::Result<(), String> + Send,
    ) -> Result<CallPlaced> {
        let lead = self.lead_allowed(Permission::EditLeads, id).await?;
        let uri = self.dial_uri_for(&lead).await?;
        hand_off(&uri)
            .map_err(|e| AppError::Internal(format!("the OS could not open {uri}: {e}")))?;
        let from = lead.status;
        let after = self
            .store
            .record_callback(id, agent, &lead.phone, self.clock.now())
            .await?
            .ok_or(AppError::LeadNotFound(id))?;
        self.audit(
            "lead.call",
            "lead",
            id,
            Some(from.label().to_string()),
            Some(after.label().to_string()),
        )
        .await?;
        if after != from && after == LeadStatus::CallBackAttempted {
            if let Err(e) = self.learn_from(id, from, after).await {
                tracing::warn!(lead = id, error = %e, "learning from a callback failed");
            }
        }
        Ok(CallPlaced {
            uri,
            detail: self.detail(id).await?,
        })
    }

    /// This machine's click-to-call settings.
    pub async fn dial_settings(&self) -> Result<DialSettings> {
        self.allow(Permission::ViewLeads)?;
        Ok(match self.store.app_setting(DIAL_KEY).await? {
            Some(json) => serde_json::from_str(&json).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "stored click-to-call settings unreadable; using tel:");
                DialSettings::default()
            }),
            None => DialSettings::default(),
        })
    }

    /// Saves the click-to-call settings: the scheme, the callback number (E.164 and valid by
    /// libphonenumber) and the voicemail script; a refused value names its field.
    pub async fn save_dial_settings(&self, settings: DialSettings) -> Result<DialSettings> {
        self.allow(Permission::TiSettings)?;
        let before = self.dial_settings().await?;
        let settings = settings.tidied();
        settings
            .validate()
            .map_err(|e| AppError::CannotDial(e.to_string()))?;
        if let Some(number) = settings.callback_number.as_deref() {
            // E.164 carries its country: the region is only a fallback the parser never uses.
            match scl_ingest::normalize_phone(number, "US") {
                Ok(e164) if e164 == number => {}
                Ok(_) | Err(_) => {
                    return Err(AppError::CannotDial(format!(
                        "Callback number: {number} is not a valid phone number"
                    )))
                }
            }
        }
        let json = serde_json::to_string(&settings)
            .map_err(|e| AppError::Internal(format!("click-to-call settings: {e}")))?;
        self.store.set_app_setting(DIAL_KEY, Some(&json)).await?;
        let before = serde_json::to_string(&before).ok();
        self.audit(
            "settings.click_to_call",
            "installation",
            "dial",
            before,
            Some(json),
        )
        .await?;
        Ok(settings)
    }

    /// Only a number that libphonenumber accepts for the account's region becomes a URI.
    async fn dial_uri_for(&self, lead: &scl_domain::LeadRow) -> Result<String> {
        let region = self
            .store
            .accounts()
            .await?
            .into_iter()
            .find(|a| a.id == lead.account_id)
            .map_or_else(|| "US".to_string(), |a| a.settings.phone_region);
        let e164 = scl_ingest::normalize_phone(&lead.phone, &region)
            .map_err(|e| AppError::CannotDial(format!("cannot call {}: {e}", lead.phone)))?;
        dial_uri(&e164, &self.dial_settings().await?)
            .map_err(|e| AppError::CannotDial(e.to_string()))
    }
}
