//! The OS notification setting, kept in a real SQLite file: off until an agent turns it on, and
//! read back as saved (by the next start too).

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use scl_app::{Leads, NotificationSettings};
use scl_domain::FixedClock;

#[tokio::test]
async fn the_os_notification_setting_is_off_until_saved_and_then_kept() {
    let dir = tempfile::tempdir().unwrap();
    let url = scl_store::sqlite_url(&dir.path().join("n.db"));
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap(),
    ));
    let leads = Leads::new(scl_store::open(&url).await.unwrap(), clock.clone());
    assert!(
        !leads
            .notification_settings()
            .await
            .unwrap()
            .os_when_unfocused,
        "OS notifications are off by default"
    );
    let on = NotificationSettings {
        os_when_unfocused: true,
    };
    assert_eq!(
        leads.save_notification_settings(on.clone()).await.unwrap(),
        on
    );
    drop(leads);
    let again = Leads::new(scl_store::open(&url).await.unwrap(), clock);
    assert_eq!(
        again.notification_settings().await.unwrap(),
        on,
        "the setting survives a restart"
    );
}
