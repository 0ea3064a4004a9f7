//! Reading the input files and writing the outputs.
//!
//! Imports `domain` only. Input problems are data ([`Diagnostics`]), never panics: every
//! reader reports all the problems of its file at once.

pub mod atomic;
pub mod cohorts;
pub mod continuing;
pub mod cover;
pub mod csv_out;
pub mod dates;
pub mod diagnostics;
pub mod import;
pub mod inputs;
pub mod layout;
pub mod layout_file;
pub mod legend;
pub mod meetings;
pub mod not_doctors;
pub mod policy;
pub mod previous;
pub mod rota;
pub mod rota_build;
pub mod sheet;
pub mod shifts;
pub mod table;
pub mod template;
pub mod values;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use inputs::{load, Inputs, Sources};
