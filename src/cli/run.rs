//! `nano-diplomacy run`: one scenario, headless, its metrics as tidy CSV.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use nano_diplomacy::scenario::{ModelSpec, Scenario};
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::axelrod::AxelrodModel;
use nano_diplomacy::sim::metrics::{CSV_HEADER, Metrics};

/// Arguments of `run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// A preset's name (see `nano-diplomacy scenarios`) or a scenario file.
    #[arg(long, default_value = "marketplace")]
    scenario: String,
    /// Ticks to run (default: the scenario's).
    #[arg(long)]
    ticks: Option<u64>,
    /// The seed (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Override a parameter by its name in the scenario file, e.g. `--set persons=1000`.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// Record every K ticks (the first and the last tick are always recorded).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    every: u64,
    /// Write the CSV here; without it, print a summary of the first and last rows.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The scenario as the arguments shape it.
fn scenario_from(args: &RunArgs) -> Result<Scenario> {
    let mut scenario = Scenario::load(&args.scenario)?;
    for assignment in &args.set {
        scenario.set(assignment)?;
    }
    if let Some(seed) = args.seed {
        scenario.seed = seed;
    }
    if let Some(ticks) = args.ticks {
        scenario.ticks = ticks;
    }
    Ok(scenario)
}

/// Runs the default scenario with a summary: what the program does without a command in a
/// build without the app.
#[cfg_attr(
    feature = "app",
    expect(dead_code, reason = "the app build opens the window instead")
)]
pub fn run_default() -> Result<()> {
    run(&RunArgs {
        scenario: nano_diplomacy::scenario::DEFAULT_SCENARIO.to_string(),
        ticks: None,
        seed: None,
        set: Vec::new(),
        every: 1,
        out: None,
    })
}

/// Runs `run`.
pub fn run(args: &RunArgs) -> Result<()> {
    let scenario = scenario_from(args)?;
    let progress = progress_bar(scenario.ticks);
    let (header, rows) = match &scenario.model {
        ModelSpec::Nano(params) => {
            let mut model = NanoModel::new(params.clone(), scenario.seed);
            let mut rows = vec![Metrics::measure(&model).csv_row()];
            for t in 1..=scenario.ticks {
                model.step();
                if t % args.every == 0 || t == scenario.ticks {
                    rows.push(Metrics::measure(&model).csv_row());
                }
                progress.inc(1);
            }
            (CSV_HEADER.to_string(), rows)
        }
        ModelSpec::Axelrod(params) => {
            let mut model = AxelrodModel::new(*params, scenario.seed)?;
            let sweep = model.sites() as u64;
            let row = |m: &AxelrodModel, tick: u64| {
                format!(
                    "{tick},{},{},{},{}",
                    m.events(),
                    m.active_bonds(),
                    m.stable_regions(),
                    u8::from(m.is_converged())
                )
            };
            let mut rows = vec![row(&model, 0)];
            for t in 1..=scenario.ticks {
                model.run(Some(model.events() + sweep));
                if t % args.every == 0 || t == scenario.ticks || model.is_converged() {
                    rows.push(row(&model, t));
                }
                progress.inc(1);
                if model.is_converged() {
                    break;
                }
            }
            (
                "tick,events,active_bonds,stable_regions,converged".to_string(),
                rows,
            )
        }
    };
    progress.finish_and_clear();
    match &args.out {
        Some(path) => write_csv(path, &header, &rows),
        None => super::print(&summary(&scenario, &header, &rows)),
    }
}

fn progress_bar(ticks: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(ticks), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{bar:40} tick {pos}/{len}, {per_sec}, {eta} left")
            .expect("a valid template"),
    );
    bar
}

/// Writes the CSV safely (a temporary file renamed into place).
pub fn write_csv(path: &Path, header: &str, rows: &[String]) -> Result<()> {
    let mut text = String::with_capacity(rows.len() * 160 + header.len() + 1);
    text.push_str(header);
    text.push('\n');
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    nano_diplomacy::files::write_atomically(path, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

/// The first and the last recorded row, side by side, one measure a line.
fn summary(scenario: &Scenario, header: &str, rows: &[String]) -> String {
    let first: Vec<&str> = rows
        .first()
        .map(|r| r.split(',').collect())
        .unwrap_or_default();
    let last: Vec<&str> = rows
        .last()
        .map(|r| r.split(',').collect())
        .unwrap_or_default();
    let mut out = format!(
        "{}: {} (seed {})\n{}\n\n{:<24}{:>14}{:>14}\n",
        scenario.name,
        scenario.model,
        scenario.seed,
        scenario.description,
        "measure",
        "first",
        "last"
    );
    for (i, name) in header.split(',').enumerate() {
        out.push_str(&format!(
            "{name:<24}{:>14}{:>14}\n",
            first.get(i).unwrap_or(&""),
            last.get(i).unwrap_or(&"")
        ));
    }
    out.push_str("\nAll rows as CSV: add --out FILE.csv\n");
    out
}
