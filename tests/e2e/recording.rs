//! Listening to a lead's call in the real window: the core plays the recording on the sound
//! server (a PulseAudio null sink started by the test command), the UI follows its position,
//! a transcript line seeks there, the speed sticks, and each download goes through the OS save
//! dialog (answered with xdotool, as a person would type a path) and parses as its format.

use std::path::Path;
use std::time::Duration;

use scl_domain::{Call, LeadQuery, LeadRow, Tab};
use thirtyfour::prelude::*;

use crate::dialog::answer_file_dialog;
use crate::support::*;

/// "m:ss" as the player shows it, in seconds.
fn seconds_of(clock: &str) -> u32 {
    let (m, s) = clock
        .trim()
        .split_once(':')
        .unwrap_or_else(|| panic!("{clock:?} is not m:ss"));
    m.parse::<u32>().unwrap() * 60 + s.parse::<u32>().unwrap()
}

async fn position(driver: &WebDriver) -> u32 {
    seconds_of(&wait_for("the player position", || text_of(driver, "player-position")).await)
}

async fn player_status(driver: &WebDriver) -> Option<String> {
    let player = driver.find(By::Css("[data-testid='player']")).await.ok()?;
    player.attr("data-status").await.ok().flatten()
}

async fn wait_status(driver: &WebDriver, status: &str) {
    wait_for(&format!("the player to be {status}"), || async {
        (player_status(driver).await.as_deref() == Some(status)).then_some(())
    })
    .await;
}

/// The first lead on the Open tab whose call has a recording and a transcript.
async fn lead_with_recording(app: &App) -> (LeadRow, Call) {
    let page = app
        .store
        .queue_page(&LeadQuery::new(Tab::Open), now())
        .await
        .unwrap();
    for row in page.iter() {
        let call = app.store.lead_call(row.id).await.unwrap().unwrap();
        if call.recording.is_some() && call.transcript.len() >= 3 {
            return (row.clone(), call);
        }
    }
    panic!("the demo has a lead with a recording on the first Open page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_listens_follows_the_transcript_and_downloads_it() {
    let app = App::launch().await;
    scl_demo::write_recordings(&app.dir.path().join("recordings")).unwrap();
    let driver = &app.driver;
    let (lead, call) = lead_with_recording(&app).await;

    open_lead(driver, lead.id).await;
    let file = wait_for("the recording", || text_of(driver, "recording-file")).await;
    let name = Path::new(call.recording.as_deref().unwrap())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(file.contains(&name), "{file}");
    let segments = driver
        .find_all(By::Css("[data-testid='segment']"))
        .await
        .unwrap();
    assert_eq!(segments.len(), call.transcript.len());

    // Play: the core plays on the sound server and the position moves.
    click(driver, "play-pause").await;
    wait_status(driver, "playing").await;
    wait_for("the position to move past 0:01", || async {
        (position(driver).await >= 1).then_some(())
    })
    .await;

    // Pause: the position holds still.
    click(driver, "play-pause").await;
    wait_status(driver, "paused").await;
    let held = position(driver).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(position(driver).await, held, "paused means paused");

    // A transcript line plays from its start, and is the one highlighted.
    let target = call.transcript.len() - 1;
    let start = call.transcript[target].start_s;
    let seeks = driver
        .find_all(By::Css("[data-testid='segment-seek']"))
        .await
        .unwrap();
    seeks[target].click().await.unwrap();
    wait_for("the clicked line to be the current one", || async {
        let segment = driver
            .find(By::Css(format!(
                "[data-testid='segment'][data-index='{target}']"
            )))
            .await
            .ok()?;
        (segment.attr("aria-current").await.ok()?? == "true").then_some(())
    })
    .await;
    let at = position(driver).await;
    assert!(
        at >= start.floor() as u32 && at <= start as u32 + 3,
        "seeked to {start} s, shows {at} s"
    );
    save_screenshot(driver, "recording.png").await;

    // Speed: 1.5x is handed to the core, which remembers it.
    let speed = by_testid(driver, "player-speed").await;
    speed
        .find(By::Css("option[value='1.5']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the core to keep 1.5x", || async {
        let saved = app.store.app_setting("playback").await.ok()??;
        saved.contains("\"speed\":1.5").then_some(())
    })
    .await;
    if player_status(driver).await.as_deref() == Some("playing") {
        click(driver, "play-pause").await;
    }

    // Downloads: each format through the save dialog, each file parsed.
    let out = app.dir.path().join("downloads");
    std::fs::create_dir_all(&out).unwrap();
    for format in ["txt", "vtt", "srt"] {
        let path = out.join(format!("call.{format}"));
        click(driver, &format!("download-{format}")).await;
        answer_file_dialog("Save transcript as", &path).await;
        let note = wait_for("the saved note", || async {
            let text = text_of(driver, "download-result").await?;
            text.contains(&format!("call.{format}")).then_some(text)
        })
        .await;
        assert!(note.starts_with("Saved to "), "{note}");
        let saved = std::fs::read_to_string(&path).unwrap();
        let first_words: String = call.transcript[0].text.chars().take(12).collect();
        assert!(saved.contains(&first_words), "{format}: {saved}");
        match format {
            "vtt" => {
                let vtt = subtp::vtt::WebVtt::parse(&saved).expect("a valid WebVTT file");
                assert_eq!(vtt.blocks.len(), call.transcript.len(), "{saved}");
            }
            "srt" => {
                let srt = subtp::srt::SubRip::parse(&saved).expect("a valid SRT file");
                assert_eq!(srt.subtitles.len(), call.transcript.len(), "{saved}");
            }
            _ => assert_eq!(saved.lines().count(), call.transcript.len(), "{saved}"),
        }
    }
    app.quit().await;
}
