//! `cargo xtask` as a program of this package, for the tests that need it
//! as a child process (`cargo xtask corpus` runs `lap compile` in one):
//! Cargo gives the tests its path as `CARGO_BIN_EXE_xtask-child`.

fn main() -> std::process::ExitCode {
    let status = xtask::run(
        std::env::args_os().skip(1),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::ExitCode::from(u8::try_from(status).unwrap_or(2))
}
