//! libFuzzer target: the `asterisk-cdr` reader of scl-fuzz's table, fed libFuzzer's inputs.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static SCRATCH: OnceLock<scl_fuzz::Scratch> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let scratch = SCRATCH.get_or_init(|| scl_fuzz::Scratch::new().expect("scratch folder"));
    let reader = scl_fuzz::reader("asterisk-cdr").expect("a reader of that name");
    (reader.run)(data, scratch);
});
