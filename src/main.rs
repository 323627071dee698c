//! The `lifeboat` command line: parse arguments, call the library, set the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};
use cli::commands::{explain, init, list_rules, run_check, run_coverage};
use cli::output::write_out;

#[cfg(feature = "aws")]
use cli::commands::run_audit;

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::output::set_color(cli.color);
    // Deeply nested inputs recurse in the parser and evaluator: give workers room.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(16 * 1024 * 1024)
        .build_global();
    match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Coverage(args) => run_coverage(*args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
        Command::Init { path, force } => init(&path, force),
        #[cfg(feature = "aws")]
        Command::Audit(args) => run_audit(*args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "lifeboat", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Schema => {
            let text = serde_json::to_string_pretty(&lifeboat::config_reference::schema())
                .unwrap_or_default();
            match write_out(None, &(text + "\n")) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("lifeboat: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Man { subcommand } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            cmd.build();
            let page = match subcommand.as_deref() {
                None => cmd,
                Some(name) => match cmd.find_subcommand(name) {
                    // Titled as man pages of subcommands are: lifeboat-check(1).
                    Some(sub) => {
                        // clap names are static strings; the process prints one page and
                        // exits, so the one title it leaks is nothing.
                        let title: &'static str =
                            Box::leak(format!("lifeboat-{name}").into_boxed_str());
                        sub.clone().name(title)
                    }
                    None => {
                        let names: Vec<String> = cmd
                            .get_subcommands()
                            .map(|s| s.get_name().to_string())
                            .collect();
                        eprintln!(
                            "lifeboat: error: no subcommand `{name}` (one of: {})",
                            names.join(", ")
                        );
                        return ExitCode::from(2);
                    }
                },
            };
            let mut out = Vec::new();
            if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
                eprintln!("lifeboat: error: {e}");
                return ExitCode::from(2);
            }
            match write_out(None, &String::from_utf8_lossy(&out)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("lifeboat: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
