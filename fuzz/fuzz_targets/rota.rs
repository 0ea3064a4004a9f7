//! Fuzzes the `--rota` reader, with valid files beside it.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut src = common::valid();
    src.rota = common::source("rota.csv", data);
    common::run(&src);
});
