//! Answering the OS file dialogs (GTK's, each a window of its own under Xvfb) the way a person
//! does: focus the dialog, type the path, press Enter. Needs `xdotool` (.ci/setup installs it).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

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

/// Waits for the dialog whose title starts with `title`, then types `path` into it.
/// A save dialog has its name field focused (its suggested name is replaced); an open dialog
/// takes a typed `/` as the start of a location.
pub async fn answer_file_dialog(title: &str, path: &Path) {
    let pattern = format!("^{title}");
    let window = wait_for(&format!("the {title:?} dialog"), || async {
        xdotool(&["search", "--onlyvisible", "--name", &pattern])
            .lines()
            .next()
            .map(str::to_string)
    })
    .await;
    // The dialog needs a moment to put focus in its field after it maps.
    tokio::time::sleep(Duration::from_millis(500)).await;
    xdotool_ok(&["windowfocus", "--sync", &window]);
    xdotool_ok(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool_ok(&["type", "--delay", "20", &path.display().to_string()]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool_ok(&["key", "Return"]);
}
