use sqlx::{Connection as _, SqliteConnection};

use crate::{Connection, Value};

/// id, name, n, x, note
type Row = (i64, String, Option<i64>, Option<f64>, Option<String>);

async fn open(dir: &tempfile::TempDir) -> SqliteConnection {
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let mut conn = SqliteConnection::connect(&url).await.unwrap();
    sqlx::query(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER, \
         x REAL, note TEXT, CHECK (n IS NULL OR n >= 0))",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn
}

#[tokio::test]
async fn rows_written_through_the_handle_are_read_back_by_sqlx() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir).await;
    let hostile = "Ann <script>alert('x')</script> ‘quoted’ ünïcode";
    let names: Vec<String> = (0..1000).map(|i| format!("row {i}")).collect();
    {
        let mut lock = conn.lock_handle().await.unwrap();
        let db = Connection::new(&mut lock);
        let mut insert = db
            .prepare("INSERT INTO t (name, n, x, note) VALUES (?1, ?2, ?3, ?4)")
            .unwrap();
        for (i, name) in names.iter().enumerate() {
            let note = (i % 2 == 0).then_some(hostile);
            let changed = insert
                .execute(&[
                    name.into(),
                    Value::Int(i as i64),
                    Value::Real(i as f64 / 4.0),
                    note.into(),
                ])
                .unwrap();
            assert_eq!(changed, 1);
            assert_eq!(db.last_insert_rowid(), i as i64 + 1);
        }
    }
    let rows: Vec<Row> = sqlx::query_as("SELECT id, name, n, x, note FROM t ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1000);
    assert_eq!(
        rows[0],
        (1, "row 0".into(), Some(0), Some(0.0), Some(hostile.into()))
    );
    assert_eq!(
        rows[999],
        (1000, "row 999".into(), Some(999), Some(249.75), None)
    );
}

#[tokio::test]
async fn a_conflict_ignored_changes_nothing_and_a_lookup_finds_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir).await;
    let mut lock = conn.lock_handle().await.unwrap();
    let db = Connection::new(&mut lock);
    let mut insert = db
        .prepare("INSERT INTO t (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")
        .unwrap();
    let mut find = db.prepare("SELECT id FROM t WHERE name = ?1").unwrap();
    let mut count = db.prepare("SELECT n FROM t WHERE name = ?1").unwrap();
    assert_eq!(insert.execute(&["a".into()]).unwrap(), 1);
    assert_eq!(insert.execute(&["b".into()]).unwrap(), 1);
    assert_eq!(insert.execute(&["a".into()]).unwrap(), 0);
    assert_eq!(find.query_i64(&["b".into()]).unwrap(), Some(2));
    assert_eq!(find.query_i64(&["zz".into()]).unwrap(), None);
    // A NULL column reads as None, not 0.
    assert_eq!(count.query_i64(&["a".into()]).unwrap(), None);
}

#[tokio::test]
async fn refusals_name_the_problem_and_the_statement_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir).await;
    {
        let mut lock = conn.lock_handle().await.unwrap();
        let db = Connection::new(&mut lock);
        let mut insert = db
            .prepare("INSERT INTO t (name, n) VALUES (?1, ?2)")
            .unwrap();
        insert.execute(&["a".into(), Value::Int(1)]).unwrap();

        let unique = insert.execute(&["a".into(), Value::Int(2)]).unwrap_err();
        assert!(unique.is_constraint(), "{unique}");
        assert!(
            unique.message.contains("UNIQUE constraint failed: t.name"),
            "{unique}"
        );
        assert!(unique.to_string().contains("INSERT INTO t"), "{unique}");

        let check = insert.execute(&["b".into(), Value::Int(-1)]).unwrap_err();
        assert!(check.is_constraint(), "{check}");
        assert!(check.message.contains("CHECK constraint failed"), "{check}");

        let not_null = insert.execute(&[Value::Null, Value::Int(1)]).unwrap_err();
        assert!(not_null.message.contains("NOT NULL"), "{not_null}");

        let count = insert.execute(&["c".into()]).unwrap_err();
        assert!(!count.is_constraint());
        assert!(
            count.message.contains("1 values for 2 parameters"),
            "{count}"
        );

        // After each refusal the same statement still writes.
        assert_eq!(insert.execute(&["c".into(), Value::Int(3)]).unwrap(), 1);

        let bad = db.prepare("INSERT INTO nowhere VALUES (?1)").err().unwrap();
        assert!(bad.message.contains("no such table: nowhere"), "{bad}");
        let two = db.prepare("SELECT 1; SELECT 2").err().unwrap();
        assert!(two.message.contains("more than one statement"), "{two}");
        let none = db.prepare("  ").err().unwrap();
        assert!(none.message.contains("no statement"), "{none}");
    }
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM t ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(names, ["a", "c"]);
}

#[tokio::test]
async fn writes_inside_a_transaction_are_rolled_back_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir).await;
    {
        let mut tx = conn.begin().await.unwrap();
        let mut lock = tx.lock_handle().await.unwrap();
        let db = Connection::new(&mut lock);
        let mut insert = db.prepare("INSERT INTO t (name) VALUES (?1)").unwrap();
        insert.execute(&["gone".into()]).unwrap();
        drop(insert);
        drop(lock);
        tx.rollback().await.unwrap();
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 0);
}
