//! Running one input under guard: a panic is caught and described, peak memory is measured
//! by the counting allocator, and a watchdog thread ends the process on a hang.

use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use peak_alloc::PeakAlloc;

use crate::readers::{Reader, Scratch};

/// Peak bytes an input may add over what was live before it: 64 MiB plus 32 times its size.
/// The readers hold a file whole plus its records (a few times its size); 32x leaves room for
/// per-call strings and maps on small inputs, and 64 MiB for fixed buffers (the audio probe's
/// decoder tables and read buffers). A reader past this either amplifies its input or
/// believes a size field.
pub fn memory_bound(input_len: usize) -> usize {
    (64 << 20) + 32 * input_len
}

/// Seconds an input may take before it counts as a hang. The slowest seed (an MP3 probe)
/// takes milliseconds in a release build; seconds mean a loop that does not end.
pub const HANG_AFTER: Duration = Duration::from_secs(5);

/// How one input went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok { peak_bytes: usize },
    Panic { message: String },
    Memory { peak_bytes: usize, bound: usize },
}

impl Outcome {
    pub fn is_failure(&self) -> bool {
        !matches!(self, Outcome::Ok { .. })
    }

    /// What makes two failures the same: a panic's message and place, or running over memory.
    pub fn cause(&self) -> String {
        match self {
            Outcome::Ok { .. } => "ok".to_string(),
            Outcome::Panic { message } => message.lines().next().unwrap_or("").to_string(),
            Outcome::Memory { .. } => "memory".to_string(),
        }
    }

    /// One line for reports; a panic's message carries its backtrace on the following lines.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Ok { peak_bytes } => format!("ok, peak {peak_bytes} bytes"),
            Outcome::Panic { message } => format!("panic: {message}"),
            Outcome::Memory { peak_bytes, bound } => {
                format!("memory: peak {peak_bytes} bytes over the bound of {bound}")
            }
        }
    }
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static IN_GUARD: Cell<bool> = const { Cell::new(false) };
}

static PANICS_SEEN: AtomicU64 = AtomicU64::new(0);

/// Panics seen on any thread, including those a reader caught itself (scl-audio catches its
/// decoders' panics and reports the file as corrupt).
pub fn panics_seen() -> u64 {
    PANICS_SEEN.load(Ordering::Relaxed)
}

/// Replaces the panic hook once: panics inside [`run_guarded`] are counted and described
/// (message, place, backtrace) for the report instead of printed for each of millions of
/// inputs; others go to the hook there was before.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let outside = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_GUARD.with(Cell::get) {
                // Not a reader's panic (a test's assertion, a bug of ours): the usual report.
                return outside(info);
            }
            PANICS_SEEN.fetch_add(1, Ordering::Relaxed);
            let place = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_default();
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_string());
            let text = format!("{payload} at {place}\n{}", Backtrace::force_capture());
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
        }));
    });
}

/// The last panic a reader caught itself during the input just run by [`run_guarded`] (which
/// returned `Ok`): its message, place and backtrace.
pub fn take_caught_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// Whether the counting allocator is the global allocator of this process (otherwise every
/// peak reads zero and the memory check would pass vacuously).
pub fn counting_allocator_installed() -> bool {
    let probe = std::hint::black_box(vec![0u8; 1 << 20]);
    let counted = PeakAlloc.current_usage() >= probe.len();
    drop(probe);
    counted
}

/// Runs one input through its reader with the panic caught and the peak measured.
pub fn run_guarded(reader: &Reader, input: &[u8], scratch: &Scratch) -> Outcome {
    install_panic_hook();
    LAST_PANIC.with(|last| last.borrow_mut().take());
    let before = PeakAlloc.current_usage();
    PeakAlloc.reset_peak_usage();
    IN_GUARD.with(|g| g.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| (reader.run)(input, scratch)));
    IN_GUARD.with(|g| g.set(false));
    let peak_bytes = PeakAlloc.peak_usage().saturating_sub(before);
    if result.is_err() {
        let message = LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| "(panic without a message)".to_string());
        return Outcome::Panic { message };
    }
    let bound = memory_bound(input.len());
    if peak_bytes > bound {
        return Outcome::Memory { peak_bytes, bound };
    }
    Outcome::Ok { peak_bytes }
}

/// Watches the input in progress from another thread; past [`HANG_AFTER`] of the worker
/// thread's CPU time on one input (or twelve times that of wall time, for an input that
/// blocks), it calls `on_hang` with that input's token, which must end the process: the stuck
/// thread cannot be stopped; it gets the time spent. CPU time, not wall time: on a machine shared by several builds a
/// niced run gets a fraction of a core, and wall time would call slow inputs hangs.
#[derive(Debug, Clone)]
pub struct Watchdog {
    /// The token of the input in progress, plus one; zero when idle.
    current: Arc<AtomicU64>,
    /// Milliseconds since `epoch` when the current input started.
    started_ms: Arc<AtomicU64>,
    epoch: Instant,
}

/// CPU time (user + system) of one thread, from `/proc/self/task/<tid>/stat`.
fn thread_cpu(stat_path: &std::path::Path) -> Option<Duration> {
    let stat = std::fs::read_to_string(stat_path).ok()?;
    // Fields after the command (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel reports USER_HZ ticks, 100 a second on Linux.
    Some(Duration::from_millis(ticks * 10))
}

impl Watchdog {
    /// Starts watching the calling thread: the thread that will run the inputs.
    pub fn start(limit: Duration, on_hang: impl Fn(u64, Duration) + Send + 'static) -> Watchdog {
        let dog = Watchdog {
            current: Arc::new(AtomicU64::new(0)),
            started_ms: Arc::new(AtomicU64::new(0)),
            epoch: Instant::now(),
        };
        // "/proc/thread-self" names the calling thread as "<pid>/task/<tid>".
        let stat_path = std::fs::read_link("/proc/thread-self")
            .ok()
            .map(|p| std::path::Path::new("/proc").join(p).join("stat"));
        let watched = dog.clone();
        std::thread::spawn(move || {
            let mut seen_token = 0;
            let mut cpu_at_start = Duration::ZERO;
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let token = watched.current.load(Ordering::Acquire);
                let started = watched.started_ms.load(Ordering::Acquire);
                let now = watched.epoch.elapsed().as_millis() as u64;
                let wall = Duration::from_millis(now.saturating_sub(started));
                let cpu_now = stat_path.as_deref().and_then(thread_cpu);
                if token != seen_token {
                    // A new input since the last look: its CPU time counts from here (at most
                    // one poll late, so a hang is called at most 200 ms of CPU late).
                    seen_token = token;
                    cpu_at_start = cpu_now.unwrap_or_default();
                    continue;
                }
                let spent = match cpu_now {
                    Some(cpu) => cpu.saturating_sub(cpu_at_start),
                    None => wall,
                };
                let hung = spent > limit || wall > limit * 12;
                // Read again: the input may have ended and the next one begun in between.
                if token != 0 && hung && watched.current.load(Ordering::Acquire) == token {
                    on_hang(token - 1, spent);
                }
            }
        });
        dog
    }

    pub fn begin(&self, token: u64) {
        let now = self.epoch.elapsed().as_millis() as u64;
        self.started_ms.store(now, Ordering::Release);
        self.current.store(token + 1, Ordering::Release);
    }

    pub fn end(&self) {
        self.current.store(0, Ordering::Release);
    }
}
