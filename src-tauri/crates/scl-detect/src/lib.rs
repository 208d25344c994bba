//! Second Chance Lead detection: decides which unbooked calls are worth a quick callback.
//!
//! Owns: the call type of a call (booked, abandoned, the 60-second answered rule, excuse
//! reasons), when a call is due (After Call Work Time) and eligible, the signals read from call
//! metadata and the transcript, the score (a logistic model with hand-set prior weights that
//! learns from agents' statuses), the reasons with the customer's own words and where they were
//! said, and an offline summary. Also the labeled-corpus format and the precision/recall measures
//! used to tune and guard all of that.
//!
//! Must not: do I/O (no files, database or network), read the clock (`now` is a parameter), or
//! invent facts in a summary (only the call's words and fixed templates). Everything here is a
//! pure function of its inputs, so the app, the CLI and tests get the same answers.

mod classify;
mod context;
pub mod corpus;
mod detector;
mod features;
mod matcher;
mod model;
mod rules;
pub mod shipped;
mod summary;
pub mod text_model;
pub mod train;

pub use classify::{
    classify, eligible, is_due, is_excuse, ring_seconds, talk_seconds, EXCUSE_REASONS,
};
pub use context::{CallContext, REPEAT_WINDOW_DAYS};
pub use detector::{Check, Detector, Verdict};
pub use features::{FeatureId, Features, FEATURE_COUNT};
pub use model::{hand_set_weight, label_of, prior_weight, Model, PRIOR_BIAS, PRIOR_THRESHOLD};

#[cfg(test)]
mod detector_tests;
#[cfg(test)]
pub(crate) mod test_support;
