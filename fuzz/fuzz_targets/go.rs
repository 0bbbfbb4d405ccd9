#![no_main]
//! Arbitrary bytes through the go extractor and every per-file rule: no panic, no overflow.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = "a.go";
    let _ = ciolint::fuzz_extract(name, data);
});
