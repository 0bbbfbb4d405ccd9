#![no_main]
//! Arbitrary bytes through the javascript extractor and every per-file rule: no panic, no overflow.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = ["a.js", "a.ts", "a.tsx"][usize::from(data.first().copied().unwrap_or(0) % 3)];
    let _ = ciolint::fuzz_extract(name, data);
});
