//! Entry point of `cargo xtask`; see the library for the commands.

fn main() -> std::process::ExitCode {
    let status = xtask::run(
        std::env::args_os().skip(1),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::ExitCode::from(u8::try_from(status).unwrap_or(2))
}
