//! OpenAI's tiktoken vocabulary files (`gpt2.tiktoken`, `multilingual.tiktoken`): one token a
//! line, its bytes in base64, a space, its rank (= its id).

use std::path::Path;

use base64::Engine;

use crate::error::{ModelError, Result};

/// The tokens' bytes, indexed by id. Ranks must run 0, 1, 2, ... with none missing or
/// repeated: a ggml file gives tokens their ids by position.
pub fn read_tiktoken(path: &Path) -> Result<Vec<Vec<u8>>> {
    let text = std::fs::read_to_string(path).map_err(|e| ModelError::io("read", path, e))?;
    parse_tiktoken(&text).map_err(|detail| ModelError::Vocab {
        path: path.to_path_buf(),
        detail,
    })
}

pub fn parse_tiktoken(text: &str) -> std::result::Result<Vec<Vec<u8>>, String> {
    let mut ranked = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (token, rank) = line
            .split_once(' ')
            .ok_or_else(|| format!("line {}: no space between token and rank", i + 1))?;
        // Padding is optional here, as for Python's b64decode: multilingual.tiktoken writes
        // its empty token (id 50256) as a lone "=".
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(token.trim_end_matches('='))
            .map_err(|e| format!("line {}: bad base64: {e}", i + 1))?;
        let rank: usize = rank
            .trim()
            .parse()
            .map_err(|_| format!("line {}: bad rank {rank:?}", i + 1))?;
        ranked.push((rank, bytes));
    }
    ranked.sort_by_key(|(rank, _)| *rank);
    for (expected, (rank, _)) in ranked.iter().enumerate() {
        if *rank != expected {
            return Err(format!(
                "ranks are not 0..{}: {rank} where {expected} was expected",
                ranked.len()
            ));
        }
    }
    Ok(ranked.into_iter().map(|(_, bytes)| bytes).collect())
}
