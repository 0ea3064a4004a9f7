//! `rota-engage validate`: reads and checks the inputs, prints what was read.

use std::io::Write;

use super::{say, ExitStatus, InputArgs};

/// Runs `validate`.
pub(crate) fn run(args: &InputArgs, out: &mut dyn Write) -> ExitStatus {
    let src = match args.read() {
        Ok(s) => s,
        Err(status) => return status,
    };
    match super::load_or_report(&src) {
        Ok((inputs, warnings)) => {
            eprint!("{}", warnings.render());
            say(out, &crate::pipeline::describe(&inputs));
            ExitStatus::Ok
        }
        Err(status) => status,
    }
}
