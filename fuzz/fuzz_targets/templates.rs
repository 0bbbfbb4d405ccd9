#![no_main]
//! Arbitrary bytes through the Liquid tokenizer, the campaign parser and suppressions.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ciolint::fuzz_templates(data);
});
