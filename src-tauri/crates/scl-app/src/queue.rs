//! The queue: pages under filters and sorts, what the filter pickers offer, and the view an
//! agent left (restored on the next start).

use scl_domain::{FilterOptions, LeadPage, LeadQuery, QueueView};

use crate::{AppError, Leads, Result};

/// Where the queue view is kept among the installation's settings.
pub const QUEUE_VIEW_KEY: &str = "queue_view";

impl Leads {
    /// A page of one tab with the counts of all three tabs under the same account and filters,
    /// read at one instant. Refuses a single-account filter without an account, naming it.
    #[tracing::instrument(skip_all, err, fields(tab = %query.tab))]
    pub async fn queue_page(&self, query: &LeadQuery) -> Result<LeadPage> {
        query.validate()?;
        self.allow(scl_domain::Permission::ViewLeads)?;
        if let Some(account) = query.account_id {
            self.allow_on(scl_domain::Permission::ViewLeads, account)?;
        }
        let query = &LeadQuery {
            within: self.within(),
            ..query.clone()
        };
        let now = self.clock.now();
        let counts = self.store.filtered_tab_counts(query, now).await?;
        let rows = self.store.queue_page(query, now).await?;
        Ok(LeadPage {
            rows,
            total: counts.get(query.tab),
            page: query.page,
            page_size: query.page_size,
            counts,
            now,
        })
    }

    /// The choices of the filter pickers: statuses and types for any account; with one account,
    /// also the reasons and agents present in its leads.
    #[tracing::instrument(skip_all, err, fields(account = ?account))]
    pub async fn filter_options(
        &self,
        account: Option<scl_domain::AccountId>,
    ) -> Result<FilterOptions> {
        self.allow(scl_domain::Permission::ViewLeads)?;
        if let Some(account) = account {
            self.allow_on(scl_domain::Permission::ViewLeads, account)?;
        }
        let for_account = match account {
            None => None,
            Some(id) => {
                self.require_account(id).await?;
                Some(self.store.account_filter_options(id).await?)
            }
        };
        Ok(FilterOptions::new(for_account))
    }

    /// The saved queue view, or the default one when none was saved or the saved one no longer
    /// holds (unreadable, an account since removed, a filter the core now refuses): a stale
    /// view must never keep the queue from opening.
    #[tracing::instrument(skip_all, err)]
    pub async fn queue_view(&self) -> Result<QueueView> {
        self.allow(scl_domain::Permission::ViewLeads)?;
        let Some(json) = self.store.app_setting(QUEUE_VIEW_KEY).await? else {
            return Ok(QueueView::default());
        };
        let view: QueueView = match serde_json::from_str(&json) {
            Ok(view) => view,
            Err(e) => {
                tracing::warn!(error = %e, "the saved queue view is unreadable; using the default");
                return Ok(QueueView::default());
            }
        };
        if let Err(e) = view.query(1).validate() {
            tracing::warn!(error = %e, "the saved queue view is refused; using the default");
            return Ok(QueueView::default());
        }
        if let Some(id) = view.account_id {
            if self.require_account(id).await.is_err() {
                tracing::warn!(account = id, "the saved queue view's account is gone");
                return Ok(QueueView::default());
            }
        }
        Ok(view)
    }

    /// Saves the queue view after the same checks a query gets; returns what was saved.
    #[tracing::instrument(skip_all, err)]
    pub async fn save_queue_view(&self, view: QueueView) -> Result<QueueView> {
        self.allow(scl_domain::Permission::ViewLeads)?;
        view.query(1).validate()?;
        if let Some(id) = view.account_id {
            self.require_account(id).await?;
        }
        let json = serde_json::to_string(&view)
            .map_err(|e| AppError::Internal(format!("queue view: {e}")))?;
        self.store
            .set_app_setting(QUEUE_VIEW_KEY, Some(&json))
            .await?;
        Ok(view)
    }

    async fn require_account(&self, id: scl_domain::AccountId) -> Result<()> {
        let known = self.store.accounts().await?.iter().any(|a| a.id == id);
        known.then_some(()).ok_or(AppError::AccountNotFound(id))
    }
}
