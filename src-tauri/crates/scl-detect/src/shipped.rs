//! The model every account starts from, trained on labeled calls and shipped in the binary:
//! signal weights, bias, threshold, and the learned word table (see `text_model`). Made by
//! `cargo run -p scl-detect --release --example train`, which says what it was trained on.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Model;

/// The file the training command writes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Shipped {
    /// What it was trained on and how, for people reading the file.
    pub trained_on: String,
    pub model: Model,
    /// Word-table slots with a weight, sorted by slot; every other slot weighs nothing.
    pub text: Vec<(u32, f32)>,
}

const SHIPPED_JSON: &str = include_str!("../model/shipped.json");

/// The shipped model, parsed once. An unreadable file is a build defect caught by the tests,
/// so this falls back to the hand-set model rather than failing at run time.
pub fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        serde_json::from_str(SHIPPED_JSON).unwrap_or_else(|e| {
            tracing::error!(error = %e, "shipped detection model unreadable; using the hand-set one");
            Shipped {
                trained_on: String::new(),
                model: Model::hand_set(),
                text: Vec::new(),
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_parses_and_names_what_it_was_trained_on() {
        let s: Shipped = serde_json::from_str(SHIPPED_JSON).expect("model/shipped.json parses");
        assert!(!s.trained_on.is_empty());
        assert!(
            s.text.windows(2).all(|w| w[0].0 < w[1].0),
            "slots sorted, unique"
        );
        assert!(s
            .text
            .iter()
            .all(|&(slot, w)| (slot as usize) < crate::text_model::TABLE_SIZE && w.is_finite()));
    }
}
