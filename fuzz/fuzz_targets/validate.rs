//! Fuzzes the whole `validate` path: the input is split at lines `%%` into the rota, shifts,
//! meetings, cover and policy files (missing parts are left out), then read, cross-checked and
//! (when valid) checked against every rule.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(4).position(|w| w == b"\n%%\n") {
        parts.push(&rest[..i]);
        rest = &rest[i + 4..];
    }
    parts.push(rest);
    let part = |i: usize, name: &str| parts.get(i).and_then(|p| common::source(name, p));
    let src = rota_engage::io::inputs::Sources {
        rota: part(0, "rota.csv"),
        shifts: part(1, "shifts.csv"),
        meetings: part(2, "meetings.csv"),
        cover: part(3, "cover.csv"),
        policy: part(4, "policy.toml"),
        tz: None,
    };
    common::run(&src);
});
