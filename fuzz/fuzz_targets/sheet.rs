//! Fuzzes layout detection and the legend on a CSV save of a rota sheet (text is where the
//! fuzzer finds new layouts fastest; the workbook target covers the container).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut src = common::valid();
    src.rota = common::source("rota_save.csv", data);
    src.shifts = None;
    src.rota_options.grade = Some("ST3".into());
    common::run(&src);
});
