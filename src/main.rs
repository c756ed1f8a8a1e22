//! The `zonelint` binary: parse arguments, run, exit with the status the run asks for.

use std::process::ExitCode;

fn main() -> ExitCode {
    zonelint::cli::main()
}
