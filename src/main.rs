//! The `rota-engage` command line: everything lives in the library.

fn main() -> std::process::ExitCode {
    rota_engage::cli::main(std::env::args_os())
}
