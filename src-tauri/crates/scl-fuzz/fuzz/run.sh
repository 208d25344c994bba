#!/bin/bash
# Coverage-guided fuzzing of one reader with libFuzzer, on stable Rust (no nightly, no
# cargo-fuzz): `fuzz/run.sh <reader> [seconds]`, e.g. `fuzz/run.sh audio-probe 600`.
# Builds the target with the coverage flags cargo-fuzz would pass, seeds its corpus with the
# reader's seed files (`scl-fuzz seeds`), and runs it with the same limits as `scl-fuzz`:
# 5 s per input, 2 GiB of memory. A failing input lands in fuzz/artifacts/<reader>/; keep it
# with `cp` into regressions/<reader>/<name>.bin so tests/regressions.rs replays it.
set -euo pipefail
reader=${1:?usage: fuzz/run.sh <reader> [seconds]}
seconds=${2:-300}
here=$(cd "$(dirname "$0")" && pwd)
target=x86_64-unknown-linux-gnu
flags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions"
# The flags apply to this build alone (with --target, not to build scripts); the seed listing
# below is an ordinary build of scl-fuzz.
(cd "$here" && RUSTFLAGS="$flags" cargo build --release --bin "$reader" --target "$target")
mkdir -p "$here/corpus/$reader" "$here/artifacts/$reader"
(cd "$here/.." && cargo run --quiet --release -p scl-fuzz -- seeds "$reader") |
  while read -r seed; do cp "$seed" "$here/corpus/$reader/"; done
exec "$here/target/$target/release/$reader" "$here/corpus/$reader" \
  -artifact_prefix="$here/artifacts/$reader/" -max_total_time="$seconds" -timeout=5 \
  -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=262144 -print_final_stats=1
