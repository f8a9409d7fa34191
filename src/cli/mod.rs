//! The command line: parses arguments and wires scenario files, the model and the output
//! together. Every user mistake becomes a message and a non-zero exit, never a panic.

mod axelrod;
mod run;
mod sweep;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use nano_diplomacy::scenario::{PRESETS, Scenario};

/// Nano power diplomacy: persons of differing culture, language and belief share symbols until
/// they live in kinship. Without a command, opens the desktop app on the default scenario (in a
/// build without the app, runs it headless and prints a summary).
#[derive(Parser, Debug)]
#[command(name = "nano-diplomacy", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario headless and write its metrics as CSV.
    Run(run::RunArgs),
    /// Run a scenario over combinations of parameters, replicated, in parallel, as tidy CSV
    /// with a summary of each combination beside it.
    Sweep(sweep::SweepArgs),
    /// Run Axelrod's (1997) culture model to convergence, several times, and report the
    /// stable regions.
    Axelrod(axelrod::AxelrodArgs),
    /// List the preset scenarios.
    Scenarios,
    /// Check a scenario file: every field present, known and within its range.
    Check {
        /// The scenario file (or a preset's name).
        file: String,
    },
    /// Open the desktop app on a scenario (the default without a command).
    #[cfg(feature = "app")]
    App {
        /// A preset's name or a scenario file.
        #[arg(long, default_value = "marketplace")]
        scenario: String,
    },
    /// Run a scenario N ticks, draw one frame with the app's own code and save it as PNG.
    #[cfg(feature = "app")]
    Screenshot(ScreenshotArgs),
}

/// Arguments of `screenshot`.
#[cfg(feature = "app")]
#[derive(clap::Args, Debug)]
struct ScreenshotArgs {
    /// A preset's name or a scenario file.
    #[arg(long, default_value = "marketplace")]
    scenario: String,
    /// Ticks to run before the picture.
    #[arg(long, default_value_t = 300)]
    ticks: u64,
    /// The PNG to write.
    #[arg(long)]
    out: std::path::PathBuf,
    /// Width of the picture in pixels.
    #[arg(long, default_value_t = 1600, value_parser = clap::value_parser!(u32).range(320..=7680))]
    width: u32,
    /// Height of the picture in pixels.
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u32).range(240..=4320))]
    height: u32,
    /// The view: `map` (homes) or `network` (the kinship network's layout).
    #[arg(long, default_value = "map", value_parser = ["map", "network"])]
    view: String,
    /// Inspect this person in the picture (its ties highlighted, the inspector filled).
    #[arg(long)]
    select: Option<u32>,
}

/// Parses the arguments and runs the command.
pub fn main() -> Result<()> {
    let cli = Cli::try_parse().unwrap_or_else(|e| e.exit());
    match cli.command {
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Axelrod(args)) => axelrod::run(&args),
        Some(Command::Sweep(args)) => sweep::run(&args),
        Some(Command::Scenarios) => list_scenarios(),
        Some(Command::Check { file }) => check(&file),
        #[cfg(feature = "app")]
        Some(Command::App { scenario }) => nano_diplomacy::app::run(&Scenario::load(&scenario)?),
        #[cfg(feature = "app")]
        Some(Command::Screenshot(args)) => {
            let scenario = Scenario::load(&args.scenario)?;
            let view = if args.view == "network" {
                nano_diplomacy::app::ViewMode::Network
            } else {
                nano_diplomacy::app::ViewMode::Map
            };
            let picture = nano_diplomacy::app::Picture {
                ticks: args.ticks,
                out: args.out.clone(),
                width: args.width,
                height: args.height,
                view,
                select: args.select,
            };
            nano_diplomacy::app::screenshot(&scenario, &picture)?;
            print(&format!("saved {}\n", args.out.display()))
        }
        #[cfg(feature = "app")]
        None => nano_diplomacy::app::run(&Scenario::default_preset()),
        #[cfg(not(feature = "app"))]
        None => run::run_default(),
    }
}

fn list_scenarios() -> Result<()> {
    let mut out = String::new();
    for (name, _) in PRESETS {
        let scenario = Scenario::preset(name).with_context(|| format!("preset {name}"))?;
        out.push_str(&format!("{name:<18} {}\n", scenario.description));
    }
    out.push_str("\nRun one with: nano-diplomacy run --scenario NAME\n");
    print(&out)
}

fn check(file: &str) -> Result<()> {
    let scenario = Scenario::load(file)?;
    print(&format!(
        "{file}: valid scenario `{}` ({}), seed {}, {} ticks\n",
        scenario.name, scenario.model, scenario.seed, scenario.ticks
    ))
}

/// A progress bar on standard error when it is a terminal (hidden otherwise), with the time left.
fn progress_bar(total: u64, unit: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {unit} {{pos}}/{{len}}, {{per_sec}}, {{eta}} left"
        ))
        .expect("a valid template"),
    );
    bar
}

/// Worker threads for parallel runs: `jobs`, or one per core.
fn worker_pool(jobs: Option<u32>) -> Result<(rayon::ThreadPool, usize)> {
    let jobs = jobs
        .map(|j| j as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("starting the worker threads")?;
    Ok((pool, jobs))
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}
