//! The model as it is built: a part's variables, objective and rows, with what the row
//! families share ([`Model`]); [`build`] adds the families in order — each occurrence's
//! ([`super::occurrence`]), one a day per pool ([`super::one_a_day`]), the individual slots
//! ([`crate::solver::slots`]), the per-shift cap ([`super::shift_cap`]), the targets and
//! fairness ([`super::targets`]). The order is the columns', on which HiGHS's path depends.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};

use super::{occurrence, one_a_day, shift_cap, targets, How};
use crate::domain::DoctorIdx;
use crate::solver::context::Ctx;
use crate::solver::slots;

/// A release from a shift: (occurrence, minutes, the 0/1 expression of it).
pub(super) type Release = (usize, f64, Expression);

/// Where the variables read back after the solve are.
#[derive(Debug, Default)]
pub(super) struct Cols {
    /// `y[o,k]`.
    pub y: HashMap<(usize, usize), usize>,
    /// `x[o,d,row,day]`.
    pub x: HashMap<(usize, DoctorIdx, usize, NaiveDate), usize>,
    /// `m[d,w]` with its target: (column, doctor, window, minutes due less those held).
    pub m: Vec<(usize, DoctorIdx, usize, f64)>,
}

/// A part's model as the row families build it.
pub(super) struct Model {
    /// The variables.
    pub vars: ProblemVariables,
    /// The rows.
    pub cons: Vec<Constraint>,
    /// The objective.
    pub obj: Expression,
    /// Constant part of the objective (good_lp gives HiGHS none): a re-plan's change terms
    /// are rewards for what is kept, less their sum, so that keeping everything costs nothing.
    pub offset: f64,
    /// Column index of each variable read back (good_lp numbers them in the order added).
    pub cols: Cols,
    /// `y[o,k]`: occurrence `o` in class `k`.
    pub y: HashMap<(usize, usize), Variable>,
    /// Released for each (doctor, shift row): duration and release, for the per-shift cap.
    pub in_shift: BTreeMap<(DoctorIdx, usize), Vec<Release>>,
    /// E[d,w]: per doctor and window, each occurrence's minutes and release (summed over its
    /// shifts).
    pub reach_of: BTreeMap<(DoctorIdx, usize), BTreeMap<usize, (f64, Expression)>>,
    /// The doctors with a target whom the part can release.
    pub docs: BTreeSet<DoctorIdx>,
    /// Every variable continuous (the LP relaxation).
    relax: bool,
    /// The Monday the windows count from.
    anchor: NaiveDate,
}

impl Model {
    fn new(cx: &Ctx<'_>, relax: bool) -> Model {
        Model {
            vars: ProblemVariables::new(),
            cons: Vec::new(),
            obj: Expression::default(),
            offset: 0.0,
            cols: Cols::default(),
            y: HashMap::new(),
            in_shift: BTreeMap::new(),
            reach_of: BTreeMap::new(),
            docs: BTreeSet::new(),
            relax,
            anchor: crate::domain::time::monday_of(cx.rota.first),
        }
    }

    /// A new 0/1 variable (continuous in [0, 1] in the relaxation).
    pub(super) fn bin(&mut self) -> Variable {
        let def = if self.relax {
            variable().min(0.0).max(1.0)
        } else {
            variable().binary()
        };
        self.vars.add(def)
    }

    /// The target window of a date, for windows of `days` days.
    pub(super) fn window_of(&self, date: NaiveDate, days: i64) -> usize {
        usize::try_from((date - self.anchor).num_days() / days.max(1)).unwrap_or(0)
    }
}

/// The model of the occurrences `occ_ids`, as `how` says.
pub(super) fn build(cx: &Ctx<'_>, occ_ids: &[usize], how: How<'_>) -> Model {
    let mut mdl = Model::new(cx, how.relax);
    for &o in occ_ids {
        occurrence::add(&mut mdl, cx, o, how);
    }
    let rows = one_a_day::rows(cx.prep, occ_ids, &mdl.y);
    mdl.cons.extend(rows);
    // Individual slots: cover and time, stretch by stretch.
    let rows = slots::rows(cx.rota, cx.prep, occ_ids, &mdl.y);
    mdl.cons.extend(rows);
    shift_cap::add(&mut mdl, cx);
    targets::add(&mut mdl, cx, how);
    mdl
}
