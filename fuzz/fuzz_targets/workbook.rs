//! Fuzzes the workbook reader (calamine, merged cells, layout detection, legend) on the bytes
//! of a `--rota` workbook, with valid files beside it.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut src = common::valid();
    src.rota = common::source("rota.xlsx", data);
    src.shifts = None;
    common::run(&src);
});
