//! Fuzzes the `--shifts` reader, with valid files beside it.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut src = common::valid();
    src.shifts = common::source("shifts.csv", data);
    common::run(&src);
});
