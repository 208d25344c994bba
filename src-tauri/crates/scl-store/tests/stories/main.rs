//! Store stories: what the product needs from its data, told once and run against both backends.
//! SQLite uses a fresh file per story; PostgreSQL a fresh database per story on the server named
//! by `SCL_TEST_POSTGRES_URL` (the test command starts one). Without it the PostgreSQL stories
//! fail: a skipped backend would be a silent hole.

mod access;
mod call_ids;
mod filters;
mod ingest;
mod queue;
mod support;
mod work;

use support::Db;

macro_rules! stories {
    ($($module:ident :: $story:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $story() { super::$module::$story(super::Db::sqlite()).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $story() { super::$module::$story(super::Db::postgres().await).await })*
        }
    };
}

stories!(
    access::users_roles_and_sessions_decide_who_may_do_what,
    access::the_audit_trail_filters_by_user_action_and_time,
    work::working_a_lead_is_recorded_step_by_step,
    queue::demo_loads_every_status_and_tab,
    queue::tabs_follow_the_domain_rule_and_rank_by_priority,
    queue::account_filter_narrows_rows_and_counts,
    queue::an_unreviewed_lead_turns_cold_when_time_passes,
    queue::status_changes_are_atomic_recorded_and_move_tabs,
    queue::hostile_text_is_stored_and_returned_verbatim,
    filters::each_filter_narrows_rows_and_counts,
    filters::filter_options_are_the_accounts_own,
    filters::every_column_sorts_both_ways_with_ties_by_priority,
    filters::hostile_text_in_a_filter_is_matched_literally,
    ingest::importing_the_same_calls_twice_changes_nothing,
    ingest::a_batch_of_stored_repeated_and_new_calls_keys_each_lead_to_its_call,
    ingest::a_caller_with_an_open_lead_joins_it,
    ingest::numbers_shared_by_customers_keep_the_candidates,
    ingest::calls_wait_for_after_call_work_and_are_evaluated_once,
    ingest::detector_models_are_kept_per_account,
    ingest::customers_and_jobs_are_found_again_by_their_ids,
    ingest::a_job_booked_after_the_callback_closes_the_lead_as_saved,
    ingest::a_callers_history_is_its_earlier_calls_and_first_job,
    ingest::a_recording_without_words_is_transcribed_here_once,
    ingest::a_call_naming_a_missing_account_or_agent_refuses_its_batch,
    call_ids::the_same_call_id_in_two_accounts_is_two_calls_each_with_its_lead,
    call_ids::a_call_id_again_with_other_facts_is_a_conflict_and_the_stored_call_stays,
    call_ids::upgrading_keeps_every_call_and_lead_and_frees_ids_per_account,
);
