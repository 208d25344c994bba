//! The web-platform-tests WebVTT file-parsing cases (testdata/wpt-webvtt, see its README):
//! every case's cue count, and the text, start and end of each cue WPT checks, compared with
//! what `parse_vtt` reads. A case may differ from WPT only through a `deviation` written into
//! cases.json with its reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use scl_ingest::transcript::parse_vtt;
use serde_json::Value;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/wpt-webvtt")
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(folder().join("cases.json")).expect("cases.json");
    let data: Value = serde_json::from_str(&text).expect("cases.json is JSON");
    data["cases"].as_array().expect("a list of cases").clone()
}

/// The product keeps a cue's text as one line of words: WPT's text is compared the same way.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Compares one case; the error says what differs.
fn check(case: &Value) -> Result<(), String> {
    let vtt = case["vtt"].as_str().ok_or("no vtt")?;
    let parsed = parse_vtt(vtt, None);
    if case["error"].as_bool() == Some(true) {
        return match parsed {
            Err(_) => Ok(()),
            Ok(cues) => Err(format!(
                "read {} cues; WPT expects the file refused",
                cues.segments.len()
            )),
        };
    }
    let cues = parsed.map_err(|p| format!("refused: {}", p.message))?;
    let expected = case.get("deviation").unwrap_or(case);
    if let Some(count) = expected["cues"].as_u64() {
        if cues.segments.len() as u64 != count {
            return Err(format!(
                "{} cues, expected {count}: {:?}",
                cues.segments.len(),
                cues.segments
            ));
        }
    }
    for want in expected["expect"].as_array().ok_or("no expect list")? {
        let index = want["index"].as_u64().ok_or("no index")? as usize;
        let got = cues
            .segments
            .get(index)
            .ok_or_else(|| format!("no cue {index}"))?;
        if let Some(text) = want["text"].as_str() {
            if got.text != words(text) {
                return Err(format!(
                    "cue {index}: text {:?}, expected {text:?}",
                    got.text
                ));
            }
        }
        for (key, value) in [("start", got.start_s), ("end", got.end_s)] {
            if let Some(seconds) = want[key].as_f64() {
                if (value - seconds).abs() > 1e-9 {
                    return Err(format!("cue {index}: {key} {value}, expected {seconds}"));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_wpt_case_passes_or_is_a_documented_deviation() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut deviations = 0;
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        if let Some(deviation) = case.get("deviation") {
            deviations += 1;
            let reason = deviation["reason"].as_str().unwrap_or("");
            assert!(reason.len() > 40, "{name}: a deviation says why");
        }
        if let Err(why) = check(case) {
            failures.push(format!("{name}: {why}"));
        }
    }
    println!(
        "WPT WebVTT parsing: {} cases, {} as WPT expects, {deviations} documented deviations",
        cases.len(),
        cases.len() - deviations
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(deviations <= 2, "deviations must stay few");
}

#[test]
fn a_deviating_case_really_differs_from_wpt() {
    // Otherwise the deviation is stale and WPT's own expectation should be checked again.
    for case in cases().iter().filter(|c| c.get("deviation").is_some()) {
        let mut as_wpt = case.clone();
        as_wpt.as_object_mut().unwrap().remove("deviation");
        assert!(check(&as_wpt).is_err(), "{}", case["name"]);
    }
}

#[test]
fn cases_json_covers_every_vendored_file() {
    let mut on_disk = BTreeSet::new();
    for dir in ["support", "invalid", "generated"] {
        for entry in std::fs::read_dir(folder().join(dir)).unwrap() {
            let entry = entry.unwrap();
            // generated/support holds the WebVTT files of the generated pages.
            if entry.file_type().unwrap().is_file() {
                on_disk.insert(format!("{dir}/{}", entry.file_name().to_string_lossy()));
            }
        }
    }
    let listed: BTreeSet<String> = cases()
        .iter()
        .map(|c| c["source"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        listed, on_disk,
        "run wpt_to_cases.py after changing the vendored files"
    );
    assert_eq!(listed.len(), 46);
}
