//! Answering the OS file dialogs (GTK's, each a window of its own under Xvfb) the way a person
//! does: focus the dialog, type the path, press Enter. Needs `xdotool` (.ci/setup installs it).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::wait_for;

fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool (Debian package xdotool; .ci/setup installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn xdotool_ok(args: &[&str]) {
    let status = Command::new("xdotool").args(args).status().unwrap();
    assert!(status.success(), "xdotool {args:?}");
}

fn dialog_window(pattern: &str) -> Option<String> {
    xdotool(&["search", "--onlyvisible", "--name", pattern])
        .lines()
        .next()
        .map(str::to_string)
}

/// Waits for the dialog whose title starts with `title`, then types `path` into it: into the
/// name field of a save dialog, or the location field (Ctrl+L) of an open dialog. A loaded
/// machine can drop keys typed before the field has focus, so while the dialog stays open the
/// path is typed again, up to three times.
pub async fn answer_file_dialog(title: &str, path: &Path) {
    let pattern = format!("^{title}");
    let window = wait_for(&format!("the {title:?} dialog"), || async {
        dialog_window(&pattern)
    })
    .await;
    let path = path.display().to_string();
    for attempt in 1..=3u64 {
        // The dialog needs a moment to put focus in its field after it maps.
        tokio::time::sleep(Duration::from_millis(400 * attempt)).await;
        xdotool_ok(&["windowfocus", "--sync", &window]);
        xdotool_ok(&["key", "--clearmodifiers", "ctrl+l"]);
        tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
        xdotool_ok(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool_ok(&["type", "--delay", "30", &path]);
        tokio::time::sleep(Duration::from_millis(300 * attempt)).await;
        xdotool_ok(&["key", "Return"]);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if dialog_window(&pattern).is_none() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }
    panic!("the {title:?} dialog did not take {path}");
}
