//! `nano-diplomacy run`: one scenario, headless, its metrics as tidy CSV; saved and resumed
//! runs; Ctrl-C (or SIGTERM, SIGHUP) stops cleanly, keeping every complete row and saying how to
//! resume.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use clap::Args;

use nano_diplomacy::files::{self, PartialFile};
use nano_diplomacy::network::{self, NetworkFormat, NetworkOptions};
use nano_diplomacy::provenance::Provenance;
use nano_diplomacy::runs::{CsvWriter, Recorder, Row, RunState, Schedule};
use nano_diplomacy::saved::SavedRun;
use nano_diplomacy::scenario::{DEFAULT_SCENARIO, Scenario};
use nano_diplomacy::sim::ties::Stage;

/// Arguments of `run`.
#[derive(Args, Debug, Default)]
pub struct RunArgs {
    /// A preset's name (see `nano-diplomacy scenarios`) or a scenario file [default: marketplace].
    #[arg(long, conflicts_with = "resume")]
    scenario: Option<String>,
    /// Ticks to run (default: the scenario's; with --resume, on to where the saved run was
    /// meant to end).
    #[arg(long)]
    ticks: Option<u64>,
    /// The seed (default: the scenario's).
    #[arg(long, conflicts_with = "resume")]
    seed: Option<u64>,
    /// Override a parameter by its name in the scenario file, e.g. `--set persons=1000`.
    #[arg(long = "set", value_name = "NAME=VALUE", conflicts_with = "resume")]
    set: Vec<String>,
    /// Record every K ticks (the first and the last tick are always recorded) [default: 1, or
    /// the saved run's].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    every: Option<u64>,
    /// Write the CSV here; without it, print a summary of the first and last rows.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Save the run's state here at the end (and every --save-every ticks), to resume later.
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
    /// Save the state every K ticks as well as at the end.
    #[arg(long, value_name = "K", requires = "save", value_parser = clap::value_parser!(u64).range(1..))]
    save_every: Option<u64>,
    /// Continue a saved run where it stopped (its rows continue those already written).
    #[arg(long, value_name = "FILE")]
    resume: Option<PathBuf>,
    /// Write the kinship network at the end, in the format the extension names: .graphml,
    /// .gexf (dynamic: every tie's stages over the run) or .csv (an edge list, with the nodes
    /// in NAME.nodes.csv beside it).
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
    /// Also write the network every K ticks, one file per tick (NAME-tick120.graphml, ...).
    #[arg(long, value_name = "K", requires = "network", value_parser = clap::value_parser!(u64).range(1..))]
    network_every: Option<u64>,
    /// Keep only the ties at this stage or closer in the network (every person stays a node).
    #[arg(long, value_enum, requires = "network", default_value_t = NetworkStage::Acquaintance)]
    network_stage: NetworkStage,
}

/// The least close stage of the ties a network file keeps.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NetworkStage {
    /// Every live tie.
    #[default]
    Acquaintance,
    /// Friends and kin.
    Friend,
    /// Kin only.
    Kin,
}

impl NetworkStage {
    fn options(self) -> NetworkOptions {
        NetworkOptions {
            closest_at_least: match self {
                NetworkStage::Acquaintance => Stage::Acquaintance,
                NetworkStage::Friend => Stage::Friend,
                NetworkStage::Kin => Stage::Kin,
            },
        }
    }
}

/// The file of the network at `tick` for `--network-every`: `kin.graphml` gives
/// `kin-tick120.graphml` (and `kin-tick120.nodes.csv` beside an edge list).
fn network_at_tick(path: &Path, tick: u64) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem}-tick{tick}{extension}"))
}

/// Why `--network` is refused for an Axelrod scenario (before the run, and by the writer).
const NO_NETWORK_IN_AXELROD: &str =
    "--network: Axelrod's grid has no ties to write; --network is for the nano model";

/// Writes the network of a run's state, if it is the nano model's.
fn write_network_of(state: &RunState, path: &Path, stage: NetworkStage) -> Result<()> {
    let RunState::Nano(model) = state else {
        bail!(NO_NETWORK_IN_AXELROD);
    };
    network::write_network(model, path, stage.options()).map_err(anyhow::Error::msg)
}

/// Runs the default scenario with a summary: what the program does without a command in a
/// build without the app.
#[cfg_attr(
    feature = "app",
    expect(dead_code, reason = "the app build opens the window instead")
)]
pub fn run_default() -> Result<()> {
    run(&RunArgs::default())
}

/// A run in progress: its scenario and state.
struct Running {
    scenario: Scenario,
    state: RunState,
}

/// Where rows go: a CSV file written as the run goes, or the first and last row for a summary.
enum Sink {
    File(CsvWriter<PartialFile>, PathBuf),
    Summary {
        first: Option<Row>,
        last: Option<Row>,
    },
}

impl Sink {
    fn open(out: Option<&Path>, columns: &[&str]) -> Result<Self> {
        let Some(path) = out else {
            return Ok(Sink::Summary {
                first: None,
                last: None,
            });
        };
        let context = || format!("writing {}", path.display());
        let mut file = CsvWriter::new(PartialFile::create(path).with_context(context)?);
        file.record(columns).with_context(context)?;
        Ok(Sink::File(file, path.to_path_buf()))
    }

    /// Adds a row; a file's complete rows reach the disk as they come.
    fn row(&mut self, row: Row) -> Result<()> {
        match self {
            Sink::File(file, path) => file
                .row(&row)
                .with_context(|| format!("writing {}", path.display())),
            Sink::Summary { first, last } => {
                if first.is_none() {
                    *first = Some(row);
                } else {
                    *last = Some(row);
                }
                Ok(())
            }
        }
    }

    /// Puts the file in place (renamed over any older one), or returns the summary's rows.
    fn finish(self) -> Result<Option<(Option<Row>, Option<Row>)>> {
        match self {
            Sink::File(file, path) => {
                let context = || format!("writing {}", path.display());
                file.finish()
                    .with_context(context)?
                    .commit()
                    .with_context(context)?;
                Ok(None)
            }
            Sink::Summary { first, last } => Ok(Some((first, last))),
        }
    }
}

/// What `run` does with each row (to the sink) and between ticks (saves every `--save-every`
/// ticks, progress), and when it stops (Ctrl-C).
struct Recording<'a> {
    sink: Sink,
    args: &'a RunArgs,
    scenario: &'a Scenario,
    every: u64,
    end: u64,
    progress: indicatif::ProgressBar,
    interrupted: Arc<AtomicBool>,
}

impl Recorder for Recording<'_> {
    type Error = anyhow::Error;

    fn row(&mut self, row: Row) -> Result<()> {
        self.sink.row(row)
    }

    fn ticked(&mut self, state: &RunState, tick: u64) -> Result<()> {
        if let (Some(path), Some(k)) = (&self.args.save, self.args.save_every)
            && tick.is_multiple_of(k)
        {
            save(self.scenario, state, self.every, self.end, path)?;
        }
        if let (Some(path), Some(k)) = (&self.args.network, self.args.network_every)
            && tick.is_multiple_of(k)
        {
            let path = network_at_tick(path, tick);
            write_network_of(state, &path, self.args.network_stage)?;
            Provenance::now(Some(self.scenario)).write_beside(&path)?;
        }
        self.progress.inc(1);
        Ok(())
    }

    fn stop(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }
}

/// Set by Ctrl-C, SIGTERM or SIGHUP (a cluster's time limit, a closed terminal): the run stops
/// at the end of the tick.
pub fn interrupted_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = flag.clone();
    // Fails only if a handler is already set, which this program never does twice.
    let _ = ctrlc::set_handler(move || handler_flag.store(true, Ordering::SeqCst));
    flag
}

/// Runs `run`.
pub fn run(args: &RunArgs) -> Result<()> {
    let (mut running, every, record_start, planned_end) = match &args.resume {
        Some(path) => {
            let saved = SavedRun::load(path)?;
            let every = args.every.unwrap_or(saved.every);
            let planned_end = saved.end;
            let running = Running {
                scenario: saved.scenario,
                state: saved.state,
            };
            // The saved tick's row was written by the run that saved it.
            (running, every, false, planned_end)
        }
        None => {
            let mut scenario =
                super::load_scenario(args.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO))?;
            scenario.set_all(args.set.iter().map(String::as_str))?;
            if let Some(seed) = args.seed {
                scenario.seed = seed;
            }
            let state = RunState::new(&scenario)?;
            (
                Running { scenario, state },
                args.every.unwrap_or(1),
                true,
                None,
            )
        }
    };
    let start = running.state.tick();
    let ticks = match (args.ticks, planned_end) {
        (Some(ticks), _) => ticks,
        // A resumed run goes on to where it was meant to end.
        (None, Some(end)) => end.saturating_sub(start),
        (None, None) => running.scenario.ticks.saturating_sub(start),
    };
    let end = start.checked_add(ticks).with_context(|| {
        format!("--ticks {ticks} from tick {start} goes beyond the last tick there can be")
    })?;
    // Check where files go before the work, not after it.
    if let Some(out) = &args.out {
        files::check_writable(out, "--out")?;
    }
    if let Some(save) = &args.save {
        files::check_writable(save, "--save")?;
    }
    if let Some(path) = &args.network {
        NetworkFormat::of(path).map_err(|e| anyhow::anyhow!("--network {e}"))?;
        files::check_writable(path, "--network")?;
        if !matches!(running.state, RunState::Nano(_)) {
            bail!(
                "--network: Axelrod's grid has no ties to write; --network is for the nano model"
            );
        }
    }
    let outputs: Vec<(&Path, &str)> = [
        (args.out.as_deref(), "--out"),
        (args.save.as_deref(), "--save"),
        (args.network.as_deref(), "--network"),
    ]
    .into_iter()
    .filter_map(|(path, what)| Some((path?, what)))
    .collect();
    files::check_distinct(&outputs)?;

    let columns = running.state.columns();
    let mut recording = Recording {
        sink: Sink::open(args.out.as_deref(), columns)?,
        args,
        scenario: &running.scenario,
        every,
        end,
        progress: super::progress_bar(ticks, "tick"),
        interrupted: interrupted_flag(),
    };
    let schedule = Schedule::Every {
        every,
        first: record_start,
    };
    let tick = running.state.record(end, schedule, &mut recording)?;
    recording.progress.finish_and_clear();

    let stopped_early = tick < end && recording.stop();
    let summary = recording.sink.finish()?;
    if let Some(path) = &args.save {
        save(&running.scenario, &running.state, every, end, path)?;
    }
    if let Some(path) = &args.network {
        write_network_of(&running.state, path, args.network_stage)?;
    }
    // What made these files, beside each.
    let provenance = Provenance::now(Some(&running.scenario));
    for path in [&args.out, &args.save, &args.network].into_iter().flatten() {
        provenance
            .write_beside(path)
            .with_context(|| format!("writing the provenance of {}", path.display()))?;
    }
    if stopped_early {
        let resume_file = match &args.save {
            Some(path) => path.clone(),
            None => {
                let path = PathBuf::from(format!(
                    "{}-stopped-at-tick{tick}.run",
                    files::safe_file_stem(&running.scenario.name, "run")
                ));
                save(&running.scenario, &running.state, every, end, &path)?;
                path
            }
        };
        let written = match &args.out {
            Some(out) => format!("rows up to tick {tick} are in {}; ", out.display()),
            None => String::new(),
        };
        bail!(
            "stopped by Ctrl-C or a termination signal at tick {tick} of {end}: {written}the run \
             is saved in {}. Resume it with: nano-diplomacy run --resume {} --out REST.csv",
            resume_file.display(),
            resume_file.display(),
        );
    }
    if let Some((first, last)) = summary {
        super::print(&summary_text(
            &running.scenario,
            columns,
            first.as_ref(),
            last.as_ref(),
        ))?;
    }
    Ok(())
}

fn save(scenario: &Scenario, state: &RunState, every: u64, end: u64, path: &Path) -> Result<()> {
    let mut saved = SavedRun::new(scenario.clone(), every, state.clone());
    saved.end = Some(end);
    saved.save(path).context("saving the run")
}

/// The first and the last recorded row, side by side, one measure a line.
fn summary_text(
    scenario: &Scenario,
    columns: &[&str],
    first: Option<&Row>,
    last: Option<&Row>,
) -> String {
    let fields =
        |row: &Row| -> Vec<String> { row.values().iter().map(|v| v.to_string()).collect() };
    let first: Vec<String> = first.map(fields).unwrap_or_default();
    let last: Vec<String> = last.map(fields).unwrap_or_else(|| first.clone());
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
    for (i, name) in columns.iter().enumerate() {
        out.push_str(&format!(
            "{name:<24}{:>14}{:>14}\n",
            first.get(i).map_or("", String::as_str),
            last.get(i).map_or("", String::as_str)
        ));
    }
    out.push_str("\nAll rows as CSV: add --out FILE.csv\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_network_every_k_ticks_is_named_by_its_tick() {
        use std::path::Path;
        assert_eq!(
            super::network_at_tick(Path::new("out/kin.graphml"), 120),
            Path::new("out/kin-tick120.graphml")
        );
        assert_eq!(
            super::network_at_tick(Path::new("kin.csv"), 0),
            Path::new("kin-tick0.csv")
        );
    }
}
