use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = hangviet::config::Cli::parse();
    match hangviet::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("hangviet: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
