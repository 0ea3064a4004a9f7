//! The rota domain: doctors, shifts, meetings, cover and policy, on real instants.
//!
//! Imports nothing else of this crate: `io`, `rules`, `solver` and `report` build on it.

pub mod cover;
pub mod kinds;
pub mod meeting;
pub mod policy;
pub mod rota;
pub mod targets;
pub mod template;
pub mod time;

pub use kinds::{Kind, StaffGroup};
pub use rota::{Doctor, DoctorIdx, Rota, Shift};
pub use time::Min;
