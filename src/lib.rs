//! rota-engage places engagement meetings and protected time inside NHS doctors' rotas,
//! never breaking minimum clinical cover (BMA principle 2: time to engage *within* job roles).
//!
//! Layers, each importing only those above it: [`domain`] (rota, meetings, cover, time);
//! [`io`] (readers with diagnostics, writers); [`rules`] (independent checks, no solver);
//! [`solver`] (the MILP, the only user of good_lp); [`report`] (outputs); [`pipeline`] (the job from inputs to output files, with progress as
//! events and problems as values); the front ends over it, [`cli`] and [`serve`] (the local web
//! page, the only user of tokio and axum).

pub mod cli;
pub mod domain;
pub mod generate;
pub mod io;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod rules;
pub mod serve;
pub mod solver;
