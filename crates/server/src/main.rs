//! `soporte`: the one binary. Parses the command line, sets up logging, wires the
//! areas into the platform and runs the chosen command.

mod cli;
mod demo;

use std::process::ExitCode;

use soporte_platform::i18n::Locale;

/// A faster allocator than the system's for the many small strings of each request
/// (measured with `bench/article`: 58 % of nginx's requests/s against 39 % with the
/// system's allocator).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let site = soporte::site();
    let matches = cli::command(&site).get_matches();
    init_logging();
    let locale = Locale::from_environment();
    let i18n = match site.i18n() {
        Ok(i18n) => i18n,
        Err(error) => {
            eprintln!("soporte: {error}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("soporte: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(site, matches, i18n, locale)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("soporte: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Logs go to standard error; `SOPORTE_LOG` (or `RUST_LOG`) sets the filter.
fn init_logging() {
    let filter = std::env::var("SOPORTE_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info,sqlx=warn".to_owned());
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .init();
}
