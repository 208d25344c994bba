//! Parse throughput on 200,000 metadata-only calls (no transcripts, no recordings), built in
//! memory: a JSON Lines export, and a Master.csv of the same size in rows (a third of the
//! inbound calls ring two extensions, so 200,000 rows are about 170,000 calls).
//!
//! Callers come from a pool of 50,000 numbers in four Colorado area codes; every read starts
//! with a fresh phone cache, as a new import does. Goal: well above the 150,000 calls/s the
//! product needs for import + detection end to end.
//!
//! `cargo bench -p scl-ingest --bench parse` prints calls/s (median of 7 timed reads after one
//! warm-up, by the wall clock and by the thread's own CPU time), then runs criterion on the same
//! inputs.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone, Utc};
use criterion::{Criterion, Throughput};
use scl_ingest::{read_asterisk_cdr, read_jsonl, Options};

const CALLS: usize = 200_000;
const CUSTOMERS: usize = 50_000;

struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn customers(dice: &mut Dice) -> Vec<String> {
    let npas = [303, 720, 719, 970];
    (0..CUSTOMERS)
        .map(|_| {
            let npa = npas[dice.below(4) as usize];
            format!("{npa}{}{:04}", 200 + dice.below(800), dice.below(10_000))
        })
        .collect()
}

fn jsonl(n: usize) -> Vec<u8> {
    let mut dice = Dice(0x5eed);
    let pool = customers(&mut dice);
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 13, 0, 0).unwrap();
    let mut out = String::with_capacity(n * 420);
    for k in 0..n {
        let started = start + chrono::Duration::seconds(k as i64 * 20);
        let answered = dice.below(10) < 7;
        let ended = started + chrono::Duration::seconds(30 + dice.below(600) as i64);
        let customer = &pool[dice.below(CUSTOMERS as u64) as usize];
        let account = [
            "Acme Heating & Air",
            "Front Range Plumbing",
            "Peak Electric",
        ][k % 3];
        let (from, to, direction) = if k % 4 == 3 {
            (
                "+17205550100".to_string(),
                format!("+1{customer}"),
                "outbound",
            )
        } else {
            (
                format!(
                    "({}) {}-{}",
                    &customer[..3],
                    &customer[3..6],
                    &customer[6..]
                ),
                "+17205550100".to_string(),
                "inbound",
            )
        };
        let answered_at = if answered {
            format!(
                "\"{}\"",
                (started + chrono::Duration::seconds(8)).to_rfc3339()
            )
        } else {
            "null".to_string()
        };
        out += &format!(
            "{{\"kind\":\"call\",\"call_id\":\"c-{k}\",\"account\":\"{account}\",\"direction\":\"{direction}\",\"from\":\"{from}\",\"to\":\"{to}\",\"started_at\":\"{}\",\"answered_at\":{answered_at},\"ended_at\":\"{}\",\"agent\":\"Dana Smith\",\"booked\":{},\"reason\":\"price\",\"csr_notes\":\"wants a quote for a new furnace, call back after 5\",\"recording\":null,\"transcript\":null}}\n",
            started.to_rfc3339(),
            ended.to_rfc3339(),
            dice.below(3) == 0,
        );
    }
    out.into_bytes()
}

fn master_csv(rows: usize) -> (Vec<u8>, usize) {
    let mut dice = Dice(0xcafe);
    let pool = customers(&mut dice);
    let start = Utc
        .with_ymd_and_hms(2026, 5, 1, 7, 0, 0)
        .unwrap()
        .naive_utc();
    let mut out = String::with_capacity(rows * 260);
    let (mut written, mut calls) = (0, 0);
    while written < rows {
        let k = calls;
        calls += 1;
        let t = start + chrono::Duration::seconds(k as i64 * 20);
        let time = |s: i64| {
            (t + chrono::Duration::seconds(s))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        let customer = &pool[dice.below(CUSTOMERS as u64) as usize];
        let uniqueid = format!("{}.{k}", 1_777_600_000 + k * 20);
        if k % 4 == 3 {
            out += &format!(
                "\"\",\"201\",\"1{customer}\",\"from-internal\",\"\"\"Dana\"\" <201>\",\"SIP/201-{k:08x}\",\"SIP/trunk-{k:08x}\",\"Dial\",\"SIP/trunk/1{customer}\",\"{}\",\"{}\",\"{}\",130,120,\"ANSWERED\",\"DOCUMENTATION\",\"{uniqueid}\",\"\"\n",
                time(0), time(10), time(130)
            );
            written += 1;
            continue;
        }
        let ring_group = k % 3 == 0 && written + 1 < rows;
        let answered = dice.below(10) < 7;
        let legs: &[&str] = if ring_group {
            &["201", "202"]
        } else {
            &["201"]
        };
        for (leg, ext) in legs.iter().enumerate() {
            let this_answers = answered && leg + 1 == legs.len();
            let (answer, end, billsec, disposition) = if this_answers {
                (time(8), time(200), 192, "ANSWERED")
            } else {
                (String::new(), time(20), 0, "NO ANSWER")
            };
            out += &format!(
                "\"\",\"{customer}\",\"600\",\"ext-group\",\"\"\"Caller\"\" <{customer}>\",\"SIP/trunk-{k:08x}\",\"SIP/{ext}-{k:08x}\",\"Dial\",\"SIP/201&SIP/202,20\",\"{}\",\"{answer}\",\"{end}\",200,{billsec},\"{disposition}\",\"DOCUMENTATION\",\"{uniqueid}\",\"\"\n",
                time(0)
            );
            written += 1;
        }
    }
    (out.into_bytes(), calls)
}

fn options() -> Options {
    Options {
        account: Some("Acme Heating & Air".into()),
        local_zone: scl_ingest::LocalZone::Fixed(FixedOffset::west_opt(6 * 3600).unwrap()),
        ..Options::default()
    }
}

/// Seconds this thread spent on a CPU (Linux schedstat), or `None` elsewhere. On a shared
/// machine the wall clock also counts time spent waiting for a core.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

struct Timing {
    wall: f64,
    cpu: Option<f64>,
}

/// Median wall and CPU seconds of `runs` timed reads, after one warm-up read.
fn timed(runs: usize, mut read: impl FnMut() -> usize, expected: usize) -> Timing {
    assert_eq!(read(), expected, "every call comes out");
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (started, cpu_started) = (Instant::now(), cpu_seconds());
        black_box(read());
        walls.push(started.elapsed().as_secs_f64());
        if let (Some(before), Some(after)) = (cpu_started, cpu_seconds()) {
            cpus.push(after - before);
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    Timing {
        wall: median(walls).unwrap_or(f64::NAN),
        cpu: median(cpus),
    }
}

fn report(name: &str, calls: usize, bytes: usize, t: &Timing) {
    let cpu = t.cpu.map_or(String::new(), |cpu| {
        format!(
            "; on-CPU {:.1} ms = {:.0} calls/s",
            cpu * 1e3,
            calls as f64 / cpu
        )
    });
    println!(
        "{name}: {calls} calls ({:.1} MB): wall {:.1} ms = {:.0} calls/s{cpu}",
        bytes as f64 / 1e6,
        t.wall * 1e3,
        calls as f64 / t.wall,
    );
}

fn main() {
    let file = Path::new("bench.jsonl");
    let opts = options();
    let jsonl_input = jsonl(CALLS);
    let (csv_input, csv_calls) = master_csv(CALLS);
    let read_jsonl_calls = || read_jsonl(&jsonl_input, file, &opts).calls.len();
    let read_csv_calls = || read_asterisk_cdr(&csv_input, file, &opts).map_or(0, |b| b.calls.len());

    let t = timed(7, read_jsonl_calls, CALLS);
    report("JSON Lines", CALLS, jsonl_input.len(), &t);
    let t = timed(7, read_csv_calls, csv_calls);
    report(
        &format!("Master.csv ({CALLS} rows)"),
        csv_calls,
        csv_input.len(),
        &t,
    );

    let mut criterion = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    let mut group = criterion.benchmark_group("parse");
    group.throughput(Throughput::Elements(CALLS as u64));
    group.bench_function("jsonl_200k_calls", |b| b.iter(read_jsonl_calls));
    group.throughput(Throughput::Elements(csv_calls as u64));
    group.bench_function("master_csv_200k_rows", |b| b.iter(read_csv_calls));
    group.finish();
    criterion.final_summary();
}
