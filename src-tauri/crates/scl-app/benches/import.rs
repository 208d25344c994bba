//! Import + detect throughput: 1,000,000 metadata-only calls from a JSON Lines export and from
//! an Asterisk Master.csv, into a fresh SQLite store, through `Leads::import` (parse, file under
//! accounts and agents, classify, evaluate the calls past After Call Work Time, write leads),
//! then one detection pass. Goal: >= 150,000 calls/s.
//!
//! `cargo bench -p scl-app --bench import` (SCL_BENCH_CALLS overrides the count and
//! SCL_BENCH_FORMAT picks one format; the export files are generated once into
//! target/bench-data/). Prints each run and the median.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use scl_app::{ImportOptions, Leads};
use scl_domain::FixedClock;

/// The allocator the app and `scl` use, so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 3;

/// CPU seconds this process has used (all threads), from /proc on Linux: a second figure that
/// a machine busy with other work disturbs less than the wall clock.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

fn calls() -> usize {
    std::env::var("SCL_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap()
}

/// Assigned US area codes and a few exchanges: the callers' numbers are valid, as in a real
/// export (about 7 million of them, so some callers call again).
const AREAS: [u16; 70] = [
    201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225,
    228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281,
    301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321,
    323, 325, 330, 334, 336, 337, 339, 347, 351, 352, 360, 361, 386,
];
const EXCHANGES: [u16; 10] = [201, 228, 314, 387, 442, 555, 610, 736, 829, 914];

/// A caller's ten-digit national number.
fn caller(r: u64) -> String {
    let area = AREAS[(r >> 12) as usize % AREAS.len()];
    let exchange = EXCHANGES[(r >> 50) as usize % EXCHANGES.len()];
    format!("{area}{exchange}{:04}", (r >> 24) % 10_000)
}

/// A cheap deterministic stream for a believable mix of calls.
fn mix(i: usize) -> u64 {
    let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z ^ (z >> 27)
}

fn write_jsonl(path: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    const REASONS: [&str; 5] = [
        "Price too high",
        "Will call back",
        "Shopping around",
        "null",
        "null",
    ];
    for i in 0..n {
        let r = mix(i);
        let started = start() + Duration::seconds(i as i64 * 15);
        let answered = r % 10 < 8;
        let talk = 20 + (r >> 8) % 600;
        let ended = started + Duration::seconds(8 + talk as i64);
        let reason = REASONS[(r >> 20) as usize % REASONS.len()];
        let reason = if reason == "null" {
            "null".to_string()
        } else {
            format!("\"{reason}\"")
        };
        writeln!(
            out,
            "{{\"call_id\":\"J{i}\",\"account\":\"Account {acct}\",\"direction\":\"inbound\",\
             \"from\":\"+1{from}\",\"to\":\"+13035550199\",\"started_at\":\"{s}\",\
             \"answered_at\":{a},\"ended_at\":\"{e}\",\"agent\":{agent},\"booked\":{booked},\
             \"reason\":{reason},\"csr_notes\":null,\"recording\":null,\"transcript\":null}}",
            acct = r % 4,
            from = caller(r),
            s = started.to_rfc3339(),
            a = if answered {
                format!("\"{}\"", (started + Duration::seconds(8)).to_rfc3339())
            } else {
                "null".into()
            },
            e = ended.to_rfc3339(),
            agent = if answered {
                format!("\"Agent {}\"", (r >> 40) % 20)
            } else {
                "null".into()
            },
            booked = answered && (r >> 44).is_multiple_of(2),
        )
        .unwrap();
    }
}

fn write_cdr(path: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let r = mix(i + 7);
        let started = start() + Duration::seconds(i as i64 * 15);
        let answered = r % 10 < 8;
        let talk = if answered { 20 + (r >> 8) % 600 } else { 0 };
        let answer = if answered {
            (started + Duration::seconds(8))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        } else {
            String::new()
        };
        let end = started + Duration::seconds(8 + talk as i64);
        writeln!(
            out,
            "\"\",\"{from}\",\"600\",\"from-trunk\",\"\"\"Caller\"\" <{from}>\",\
             \"SIP/trunk-{i:08x}\",\"{dst}\",\"Dial\",\"SIP/201,30\",\"{s}\",\"{answer}\",\"{e}\",{dur},{bill},\
             \"{disp}\",\"DOCUMENTATION\",\"{uid}.{i}\",\"\"",
            from = caller(r),
            dst = if answered { format!("SIP/{}-{i:08x}", 201 + (r >> 40) % 20) } else { String::new() },
            s = started.format("%Y-%m-%d %H:%M:%S"),
            e = end.format("%Y-%m-%d %H:%M:%S"),
            dur = 8 + talk,
            bill = talk,
            disp = if answered { "ANSWERED" } else { "NO ANSWER" },
            uid = 1_700_000_000 + i,
        )
        .unwrap();
    }
}

fn export(name: &str, n: usize, write: fn(&Path, usize)) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{n}"));
    if !path.exists() {
        let tmp = path.with_extension("partial");
        write(&tmp, n);
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

fn main() {
    let n = calls();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let jsonl = export("calls-v2.jsonl", n, write_jsonl);
    let cdr = export("Master-v2.csv", n, write_cdr);
    // Rename so format detection sees the extensions it expects.
    let jsonl_named = jsonl.with_file_name(format!("calls-v2-{n}.jsonl"));
    let cdr_named = cdr.with_file_name(format!("Master-v2-{n}.csv"));
    let _ = std::fs::hard_link(&jsonl, &jsonl_named);
    let _ = std::fs::hard_link(&cdr, &cdr_named);
    let now = start() + Duration::days(400);
    // SCL_BENCH_FORMAT=JSONL or Master.csv runs one of the two (for profiling).
    let only = std::env::var("SCL_BENCH_FORMAT").ok();

    for (label, file, account) in [
        ("JSONL", &jsonl_named, None),
        ("Master.csv", &cdr_named, Some("PBX account".to_string())),
    ] {
        if !only
            .as_deref()
            .is_none_or(|f| f.eq_ignore_ascii_case(label))
        {
            continue;
        }
        let mut rates = Vec::new();
        let parse_started = Instant::now();
        let opts = scl_ingest::Options {
            account: account.clone(),
            ..scl_ingest::Options::default()
        };
        let batch = scl_ingest::read_path(file, &opts).unwrap();
        println!(
            "{label:<11} parse only: {} calls in {:.2} s",
            batch.calls.len(),
            parse_started.elapsed().as_secs_f64()
        );
        for run in 0..RUNS {
            let dir = tempfile::tempdir().unwrap();
            let ((secs, cpu), imported, leads, evaluated) = rt.block_on(async {
                let store = scl_store::open(&scl_store::sqlite_url(&dir.path().join("b.db")))
                    .await
                    .unwrap();
                let leads = Leads::new(store, Arc::new(FixedClock::new(now)));
                let opts = ImportOptions {
                    account: account.clone(),
                    ..ImportOptions::default()
                };
                let started = Instant::now();
                let cpu_started = cpu_seconds();
                let report = leads
                    .import(std::slice::from_ref(file), &opts, &|_| {})
                    .await
                    .unwrap();
                let pass = leads.detect_pass().await.unwrap();
                let f = &report.files[0];
                let cpu = cpu_seconds().zip(cpu_started).map(|(b, a)| b - a);
                (
                    (started.elapsed().as_secs_f64(), cpu),
                    f.calls_inserted,
                    f.leads_created,
                    f.evaluated as u64 + pass.evaluated,
                )
            });
            let rate = f64::from(imported) / secs;
            let cpu = cpu.map_or(String::new(), |c| format!(", {c:.1} s CPU"));
            println!(
                "{label:<11} run {run}: {imported} calls in {secs:.2} s = {rate:>9.0} calls/s ({evaluated} evaluated, {leads} leads{cpu})"
            );
            rates.push(rate);
        }
        rates.sort_by(f64::total_cmp);
        println!("{label:<11} median: {:.0} calls/s", rates[RUNS / 2]);
    }
}
