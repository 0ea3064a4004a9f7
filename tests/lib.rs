//! Integration tests: they run the real binary on files in `tests/data/` (or made here) in a
//! fresh temporary folder, and check exit codes, messages and outputs.

mod bad_input;
mod browser;
mod check;
mod import;
mod individual;
mod numbers;
mod page;
mod properties;
mod quirks;
mod replan;
mod replicas;
mod schedule;
mod serve;
mod support;
mod validate;
mod workbooks;
