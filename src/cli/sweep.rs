//! `nano-diplomacy sweep`: a scenario over combinations of parameters, replicated, in parallel,
//! as tidy CSV with a summary beside it; shards for a cluster's array jobs.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use anyhow::{Context, Result, bail};
use clap::Args;
use rayon::prelude::*;

use nano_diplomacy::files::{self, PartialFile};
use nano_diplomacy::provenance::Provenance;
use nano_diplomacy::runs::{CsvWriter, Row, Schedule, Value};
use nano_diplomacy::scenario::{DEFAULT_SCENARIO, ModelSpec};
use nano_diplomacy::stats::mean_and_interval;
use nano_diplomacy::sweep::{Axis, Sweep, SweepFile, shard};

/// Arguments of `sweep`.
#[derive(Args, Debug)]
pub struct SweepArgs {
    /// A preset's name or a scenario file [default: marketplace].
    #[arg(long, conflicts_with = "file")]
    scenario: Option<String>,
    /// A sweep file (RON: scenario, vary, reps, ticks) instead of --scenario and --set.
    #[arg(long)]
    file: Option<PathBuf>,
    /// A parameter to vary: `name=a:b:step` (a to b inclusive) or `name=v1,v2,...`; one value
    /// fixes it.
    #[arg(long = "set", value_name = "NAME=VALUES")]
    set: Vec<String>,
    /// Replicates of each combination, each with its own seed [default: 1, or the sweep
    /// file's].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MOST_REPS)))]
    reps: Option<u32>,
    /// Ticks per run (default: the scenario's).
    #[arg(long)]
    ticks: Option<u64>,
    /// The base seed, from which every run's seed is derived (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Record every K ticks (and the last).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    every: u64,
    /// Record only each run's last row.
    #[arg(long = "final")]
    final_only: bool,
    /// Runs at once (default: every core). The output is the same whatever it is.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
    /// Run only the I-th of N equal parts of the sweep (1-based), for a cluster's array job.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Skip the first K runs (of the shard): to continue a sweep that was stopped.
    #[arg(long, default_value_t = 0)]
    skip: usize,
    /// The measures to summarise per combination (their final values).
    #[arg(long, value_delimiter = ',')]
    summarise: Vec<String>,
    /// The CSV to write; the summary goes beside it as NAME.summary.csv.
    #[arg(long)]
    out: PathBuf,
    /// Also draw a measure's final value against the first varied parameter, one line per
    /// value of the others, with 95% intervals, as a PNG.
    #[arg(long, value_name = "FILE.png")]
    plot: Option<PathBuf>,
    /// The measure to plot [default: kin_cross_share, or stable_regions for Axelrod].
    #[arg(long, value_name = "NAME", requires = "plot")]
    plot_measure: Option<String>,
}

/// The measures summarised when none are named.
const NANO_SUMMARY: &[&str] = &[
    "kin",
    "kin_cross_community",
    "kin_cross_share",
    "kin_giant_share",
    "mean_affinity",
    "common_language_share",
    "distinct_cultures",
];
const AXELROD_SUMMARY: &[&str] = &["stable_regions", "events"];

/// The most replicates of one combination, from --reps or a sweep file.
const MOST_REPS: u32 = 100_000;

fn plan(args: &SweepArgs) -> Result<Sweep> {
    let (scenario, vary, reps, ticks) = match &args.file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read sweep file {}", path.display()))?;
            let file: SweepFile = ron::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}:{}:{}: {}",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )
            })?;
            if args.reps.is_none() && !(1..=MOST_REPS).contains(&file.reps) {
                anyhow::bail!(
                    "{}: `reps` is {}, but must be from 1 to {MOST_REPS}, as with --reps",
                    path.display(),
                    file.reps
                );
            }
            let mut vary = file.vary;
            vary.extend(args.set.iter().cloned());
            (
                file.scenario,
                vary,
                args.reps.unwrap_or(file.reps),
                args.ticks.or(file.ticks),
            )
        }
        None => (
            args.scenario
                .clone()
                .unwrap_or_else(|| DEFAULT_SCENARIO.into()),
            args.set.clone(),
            args.reps.unwrap_or(1),
            args.ticks,
        ),
    };
    let mut base = super::load_scenario(&scenario)?;
    if let Some(seed) = args.seed {
        base.seed = seed;
    }
    let axes = vary
        .iter()
        .map(|s| Axis::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let ticks = ticks.unwrap_or(base.ticks);
    Ok(Sweep::new(base, axes, reps, ticks)?)
}

/// Runs `sweep`.
pub fn run(args: &SweepArgs) -> Result<()> {
    let sweep = plan(args)?;
    let all = match &args.shard {
        Some(spec) => shard(sweep.runs(), spec)?,
        None => 0..sweep.runs(),
    };
    if args.skip > all.len() {
        bail!(
            "--skip {}: there are only {} runs{}",
            args.skip,
            all.len(),
            if args.shard.is_some() {
                " in this shard"
            } else {
                ""
            }
        );
    }
    let runs: Vec<usize> = all.clone().skip(args.skip).collect();
    let summarise: Vec<String> = if args.summarise.is_empty() {
        let names = match sweep.base.model {
            ModelSpec::Nano(_) => NANO_SUMMARY,
            ModelSpec::Axelrod(_) => AXELROD_SUMMARY,
        };
        names.iter().map(|s| s.to_string()).collect()
    } else {
        args.summarise.clone()
    };
    let plot_measure = args.plot.as_ref().map(|_| {
        args.plot_measure
            .clone()
            .unwrap_or_else(|| match sweep.base.model {
                ModelSpec::Nano(_) => "kin_cross_share".to_string(),
                ModelSpec::Axelrod(_) => "stable_regions".to_string(),
            })
    });
    if args.plot.is_some() && sweep.axes.is_empty() {
        bail!(
            "--plot draws a measure against a varied parameter: vary one with --set name=a:b:step"
        );
    }
    let mut summarise = summarise;
    if let Some(measure) = &plot_measure
        && !summarise.contains(measure)
    {
        summarise.push(measure.clone());
    }
    let measures = Row::columns_of(&sweep.base.model);
    if let Some(name) = summarise
        .iter()
        .find(|name| !measures.contains(&name.as_str()))
    {
        bail!("--summarise {name}: not a measure of this model's rows");
    }

    // Where the files go is checked before the work, not after it.
    files::check_writable(&args.out, "--out")?;
    if let Some(plot) = &args.plot {
        files::check_writable(plot, "--plot")?;
    }
    let summary = summary_path(&args.out);
    let mut outputs = vec![
        (args.out.as_path(), "--out"),
        (summary.as_path(), "the summary"),
    ];
    outputs.extend(args.plot.as_deref().map(|plot| (plot, "--plot")));
    files::check_distinct(&outputs)?;
    let (pool, jobs) = super::worker_pool(args.jobs, sweep.largest_run_bytes())?;
    let interrupted = super::run::interrupted_flag();
    let mut out = CsvWriter::new(
        PartialFile::create(&args.out)
            .with_context(|| format!("writing {}", args.out.display()))?,
    );
    out.record(sweep.columns())?;
    let schedule = if args.final_only {
        Schedule::Last
    } else {
        Schedule::Every {
            every: args.every,
            first: true,
        }
    };
    let progress = super::progress_bar(runs.len() as u64, "run");
    // For the summary: each run's last row, by combination.
    let mut finals: std::collections::BTreeMap<usize, Vec<Vec<f64>>> = Default::default();
    let mut done = 0;
    // A run that fails (a combination out of range, in a sweep too big to check each
    // beforehand) stops the sweep like Ctrl-C, keeping the runs before it.
    let mut failed = None;
    // In batches of a few runs per thread: rows are written in run order as each batch ends,
    // so memory stays small and the file is the same whatever the number of threads. After
    // Ctrl-C (or SIGTERM, SIGHUP) no new run starts; the complete ones before the first
    // skipped are kept.
    'batches: for batch in runs.chunks(jobs * 4) {
        let results: Vec<_> = pool.install(|| {
            batch
                .par_iter()
                .map(|&index| {
                    if interrupted.load(Ordering::SeqCst) {
                        return None;
                    }
                    let planned = sweep.planned(index);
                    Some(
                        sweep
                            .rows_of(&planned, schedule)
                            .map(|rows| (planned, rows)),
                    )
                })
                .collect()
        });
        for result in results {
            let Some(result) = result else {
                break 'batches;
            };
            let (planned, rows) = match result {
                Ok(done_run) => done_run,
                Err(error) => {
                    failed = Some(error);
                    break 'batches;
                }
            };
            let identity = planned.identity();
            for row in &rows {
                out.row_after(&identity, row)?;
            }
            if let Some(last) = rows.last() {
                let values = summarise
                    .iter()
                    .map(|name| last.value(name).map_or(f64::NAN, Value::as_written))
                    .collect();
                finals.entry(planned.combination).or_default().push(values);
            }
            done += 1;
            progress.inc(1);
        }
        if interrupted.load(Ordering::SeqCst) {
            break;
        }
    }
    progress.finish_and_clear();
    out.finish()
        .and_then(PartialFile::commit)
        .with_context(|| format!("writing {}", args.out.display()))?;
    // What made these files, beside each (and inside the PNG).
    let provenance = Provenance::now(Some(&sweep.base));
    let traced = |path: &Path| {
        provenance
            .write_beside(path)
            .with_context(|| format!("writing the provenance of {}", path.display()))
    };
    traced(&args.out)?;

    let summary_path = summary_path(&args.out);
    write_summary(&sweep, &summarise, &finals, &summary_path)?;
    traced(&summary_path)?;
    if let (Some(path), Some(measure)) = (&args.plot, &plot_measure) {
        let at = summarise
            .iter()
            .position(|m| m == measure)
            .expect("added above");
        let chart = chart(&sweep, measure, at, &finals);
        files::write_atomically(path, &nano_diplomacy::plot::png(&chart, &provenance))
            .with_context(|| format!("writing {}", path.display()))?;
        traced(path)?;
    }

    if let Some(error) = failed {
        bail!(
            "{error}\nThe {done} runs before it are in {} (summary in {}); a sweep without that \
             combination can continue from run {} with --skip",
            args.out.display(),
            summary_path.display(),
            args.skip + done
        );
    }
    if done < runs.len() {
        let next = args.skip + done;
        bail!(
            "stopped by Ctrl-C or a termination signal after {done} of {} runs: their rows are \
             in {} (summary in {}). Continue with the same command and --skip {next} --out REST.csv, then append \
             REST.csv's rows (without its header) to {}",
            runs.len(),
            args.out.display(),
            summary_path.display(),
            args.out.display()
        );
    }
    super::print(&format!(
        "{} runs ({} combinations x {} replicates{}) written to {}; summary in {}\n",
        runs.len(),
        sweep.combinations(),
        sweep.reps,
        args.shard
            .as_ref()
            .map(|s| format!(", shard {s} of {} runs", sweep.runs()))
            .unwrap_or_default(),
        args.out.display(),
        summary_path.display()
    ))
}

/// The chart of a measure: x is the first varied parameter (its position where it is not a
/// number), one line per combination of the others' values.
fn chart(
    sweep: &Sweep,
    measure: &str,
    at: usize,
    finals: &std::collections::BTreeMap<usize, Vec<Vec<f64>>>,
) -> nano_diplomacy::plot::Chart {
    let first = &sweep.axes[0];
    let mut lines: Vec<nano_diplomacy::plot::Series> = Vec::new();
    for (&combination, runs) in finals {
        let values = sweep.values_of(combination);
        let x = values[0].parse::<f64>().unwrap_or_else(|_| {
            first
                .values
                .iter()
                .position(|v| *v == values[0])
                .unwrap_or(0) as f64
        });
        let label = sweep.axes[1..]
            .iter()
            .zip(&values[1..])
            .map(|(axis, value)| format!("{} = {value}", axis.name))
            .collect::<Vec<_>>()
            .join(", ");
        let label = if label.is_empty() {
            measure.to_string()
        } else {
            label
        };
        let (mean, half) = mean_and_interval(&runs.iter().map(|r| r[at]).collect::<Vec<_>>());
        match lines.iter_mut().find(|l| l.label == label) {
            Some(line) => line.points.push((x, mean, half)),
            None => lines.push(nano_diplomacy::plot::Series {
                label,
                points: vec![(x, mean, half)],
            }),
        }
    }
    for line in &mut lines {
        line.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    nano_diplomacy::plot::Chart {
        title: format!(
            "{measure} at the end ({}), mean and 95% interval",
            sweep.base.name
        ),
        x_label: first.name.clone(),
        y_label: measure.to_string(),
        series: lines,
    }
}

/// `sweep.csv` -> `sweep.summary.csv`.
fn summary_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "sweep".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.summary.csv"))
}

/// For each combination: its values, the replicates run, and the mean and 95% interval (the
/// half-width, Student's t) of each summarised measure's final value.
fn write_summary(
    sweep: &Sweep,
    summarise: &[String],
    finals: &std::collections::BTreeMap<usize, Vec<Vec<f64>>>,
    path: &Path,
) -> Result<()> {
    let mut table = CsvWriter::new(Vec::new());
    let mut header = vec!["combination".to_string()];
    header.extend(sweep.axes.iter().map(|axis| axis.name.clone()));
    header.push("replicates".into());
    for name in summarise {
        header.extend([format!("{name}_mean"), format!("{name}_ci95")]);
    }
    table.record(header)?;
    for (&combination, runs) in finals {
        let mut fields = vec![combination.to_string()];
        fields.extend(sweep.values_of(combination));
        fields.push(runs.len().to_string());
        for i in 0..summarise.len() {
            let values: Vec<f64> = runs.iter().map(|r| r[i]).collect();
            let (mean, half) = mean_and_interval(&values);
            fields.extend([format!("{mean:.6}"), format!("{half:.6}")]);
        }
        table.record(fields)?;
    }
    files::write_atomically(path, &table.finish()?)
        .with_context(|| format!("writing {}", path.display()))
}
