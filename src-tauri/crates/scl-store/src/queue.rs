//! Reading the lead queue: pages, counts and what the filter pickers offer. Part of every
//! [`crate::Store`]; the SQL is in `queue_sql`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use scl_domain::{AccountFilterOptions, AccountId, LeadQuery, LeadRow, Tab, TabCounts};

use crate::Result;

#[async_trait]
pub trait QueueReads: Send + Sync {
    /// One page of a tab under the query's account, filters and sort (priority by default:
    /// score, then most recently flagged; other sorts break ties by priority). The caller
    /// validates the query (`LeadQuery::validate`).
    async fn queue_page(&self, query: &LeadQuery, now: DateTime<Utc>) -> Result<Vec<LeadRow>>;

    /// How many leads each tab holds under the query's account and filters.
    async fn filtered_tab_counts(&self, query: &LeadQuery, now: DateTime<Utc>)
        -> Result<TabCounts>;

    /// How many leads each tab holds, for one account or the whole network, unfiltered.
    async fn tab_counts(
        &self,
        account: Option<AccountId>,
        now: DateTime<Utc>,
    ) -> Result<TabCounts> {
        let query = LeadQuery {
            account_id: account,
            ..LeadQuery::new(Tab::Open)
        };
        self.filtered_tab_counts(&query, now).await
    }

    /// The reasons and agents present in one account's leads, for the single-account filters.
    async fn account_filter_options(&self, account: AccountId) -> Result<AccountFilterOptions>;
}

macro_rules! queue_methods {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::queue::QueueReads for $store {
            #[tracing::instrument(skip_all, err, fields(tab = %query.tab, account = ?query.account_id, page = query.page))]
            async fn queue_page(
                &self,
                query: &scl_domain::LeadQuery,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Vec<scl_domain::LeadRow>> {
                let sql = $crate::queue_sql::queue_page(
                    query,
                    $crate::records::to_ms(now),
                    <$db as $crate::queue_sql::DialectOf>::DIALECT,
                );
                let mut q = sqlx::query_as::<_, $crate::records::LeadRowRecord>(
                    sqlx::AssertSqlSafe(sql.text),
                );
                for p in sql.params {
                    q = match p {
                        $crate::queue_sql::Param::Int(v) => q.bind(v),
                        $crate::queue_sql::Param::Text(v) => q.bind(v),
                    };
                }
                q.fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|r| r.into_row(now))
                    .collect()
            }

            #[tracing::instrument(skip_all, err, fields(account = ?query.account_id))]
            async fn filtered_tab_counts(
                &self,
                query: &scl_domain::LeadQuery,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<scl_domain::TabCounts> {
                let sql = $crate::queue_sql::tab_counts(
                    query,
                    $crate::records::to_ms(now),
                    <$db as $crate::queue_sql::DialectOf>::DIALECT,
                );
                let mut q = sqlx::query_as::<_, $crate::records::CountsRecord>(
                    sqlx::AssertSqlSafe(sql.text),
                );
                for p in sql.params {
                    q = match p {
                        $crate::queue_sql::Param::Int(v) => q.bind(v),
                        $crate::queue_sql::Param::Text(v) => q.bind(v),
                    };
                }
                let c = q.fetch_one(&self.pool).await?;
                let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
                Ok(scl_domain::TabCounts {
                    open: n(c.open),
                    cold: n(c.cold),
                    done: n(c.done),
                })
            }

            #[tracing::instrument(skip_all, err, fields(account))]
            async fn account_filter_options(
                &self,
                account: scl_domain::AccountId,
            ) -> $crate::Result<scl_domain::AccountFilterOptions> {
                let reasons: Vec<String> =
                    sqlx::query_scalar($crate::queue_sql::ACCOUNT_REASONS)
                        .bind(account)
                        .fetch_all(&self.pool)
                        .await?;
                let agents: Vec<(i64, String)> =
                    sqlx::query_as($crate::queue_sql::ACCOUNT_AGENTS)
                        .bind(account)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(scl_domain::AccountFilterOptions {
                    account_id: account,
                    reasons,
                    agents: agents
                        .into_iter()
                        .map(|(id, name)| scl_domain::AgentChoice { id, name })
                        .collect(),
                })
            }
        }
    };
}

pub(crate) use queue_methods;
