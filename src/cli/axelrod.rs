//! `nano-diplomacy axelrod`: independent runs of Axelrod's model to convergence, summarised as
//! in the paper's tables.

use std::time::Instant;

use anyhow::Result;
use clap::Args;
use rayon::prelude::*;

use nano_diplomacy::sim::axelrod::{AxelrodMethod, AxelrodModel, AxelrodOutcome, AxelrodParams};
use nano_diplomacy::sim::rng::derive_seed;
use nano_diplomacy::stats::mean_and_sd;
use nano_diplomacy::sweep::MOST_RUNS;

/// Arguments of `axelrod`.
#[derive(Args, Debug)]
pub struct AxelrodArgs {
    /// The grid side L (an L x L grid, bounded, not a torus); a list (10,20) makes a table.
    #[arg(long, default_value = "10", value_delimiter = ',')]
    size: Vec<u32>,
    /// The number of features F; a list (5,10,15) makes a table.
    #[arg(long, default_value = "5", value_delimiter = ',')]
    features: Vec<u32>,
    /// The number of traits q per feature; a list (5,10,15) makes a table.
    #[arg(long, default_value = "10", value_delimiter = ',')]
    traits: Vec<u32>,
    /// Independent runs, each from its own seed derived from --seed.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// The base seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Stop a run after this many events even if it has not converged.
    #[arg(long)]
    max_events: Option<u64>,
    /// Print one JSON object instead of text (a list of them for a table).
    #[arg(long)]
    json: bool,
    /// `plain` draws every event as the paper does; `nfold` draws only the changes and counts
    /// the idle events between them (exact in distribution; faster when most attempts change
    /// nothing, as with many traits, slower for F = 5, q = 10; see docs/model.md).
    #[arg(long, default_value = "plain", value_parser = ["plain", "nfold"])]
    method: String,
    /// Runs at once for a table (default: every core). A single setting runs on one core, so
    /// that its speed is one core's.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
}

/// What the runs of one setting gave.
struct Outcomes {
    params: AxelrodParams,
    regions: Vec<f64>,
    events: Vec<f64>,
    /// Per run, the largest stable region's share of the sites.
    largest_shares: Vec<f64>,
    converged: u32,
}

impl Outcomes {
    fn new(params: AxelrodParams) -> Self {
        Self {
            params,
            regions: Vec::new(),
            events: Vec::new(),
            largest_shares: Vec::new(),
            converged: 0,
        }
    }

    fn push(&mut self, outcome: &AxelrodOutcome) {
        let sites = f64::from(self.params.size) * f64::from(self.params.size);
        self.regions.push(outcome.stable_regions as f64);
        self.events.push(outcome.events as f64);
        self.largest_shares
            .push(outcome.largest_region as f64 / sites);
        self.converged += u32::from(outcome.converged);
    }

    fn json(&self, args: &AxelrodArgs, events_per_second: f64) -> serde_json::Value {
        let (mean_regions, sd_regions) = mean_and_sd(&self.regions);
        let (mean_events, _) = mean_and_sd(&self.events);
        let (mean_share, sd_share) = mean_and_sd(&self.largest_shares);
        serde_json::json!({
            "size": self.params.size,
            "features": self.params.features,
            "traits": self.params.traits,
            "seed": args.seed,
            "method": args.method,
            "runs": args.runs,
            "converged": self.converged,
            "mean_regions": mean_regions,
            "sd_regions": sd_regions,
            "regions": self.regions,
            "mean_largest_region_share": mean_share,
            "sd_largest_region_share": sd_share,
            "largest_region_shares": self.largest_shares,
            "mean_events": mean_events,
            "events_per_second": events_per_second,
        })
    }
}

/// One run of a setting; run `i` of every setting uses the same seed, as Axelrod compared
/// settings.
fn one_run(params: AxelrodParams, args: &AxelrodArgs, run: u32) -> Result<AxelrodOutcome> {
    let mut model = AxelrodModel::new(params, derive_seed(args.seed, u64::from(run)))?;
    let method = if args.method == "nfold" {
        AxelrodMethod::NFold
    } else {
        AxelrodMethod::Plain
    };
    Ok(model.run_with(method, args.max_events))
}

/// Several settings: every run of every setting in parallel, then the table of mean stable
/// regions (rows F, columns q, one table per grid size), as in Axelrod's paper, and the same
/// table of the largest region's share of the sites.
fn table(args: &AxelrodArgs, settings: Vec<AxelrodParams>) -> Result<()> {
    let largest = settings.iter().map(AxelrodParams::estimated_bytes).max();
    let (pool, jobs) = super::worker_pool(args.jobs, largest.unwrap_or(0))?;
    let started = Instant::now();
    let work: Vec<(usize, u32)> = (0..settings.len())
        .flat_map(|s| (0..args.runs).map(move |r| (s, r)))
        .collect();
    let results: Vec<Result<AxelrodOutcome>> = pool.install(|| {
        work.par_iter()
            .map(|&(s, r)| one_run(settings[s], args, r))
            .collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut outcomes: Vec<Outcomes> = settings.iter().map(|&p| Outcomes::new(p)).collect();
    let mut total_events = 0.0;
    for (&(s, _), result) in work.iter().zip(results) {
        let outcome = result?;
        outcomes[s].push(&outcome);
        total_events += outcome.events as f64;
    }
    let throughput = total_events / seconds.max(1e-9);
    if args.json {
        let list: Vec<_> = outcomes.iter().map(|o| o.json(args, throughput)).collect();
        return super::print(&(serde_json::Value::Array(list).to_string() + "\n"));
    }
    let mut text = format!(
        "Axelrod 1997: mean number of stable regions over {} runs per setting (seed {})\n",
        args.runs, args.seed
    );
    for &size in &args.size {
        // Each cell: the mean, and a mark for a setting whose runs did not all converge.
        text.push_str(&grid_table(args, &outcomes, size, |o| {
            let mark = if o.converged < args.runs { "*" } else { " " };
            format!("{:.2}{mark}", mean_and_sd(&o.regions).0)
        }));
    }
    text.push_str("\nthe largest stable region's share of the sites: mean (sd)\n");
    for &size in &args.size {
        text.push_str(&grid_table(args, &outcomes, size, |o| {
            let (mean, sd) = mean_and_sd(&o.largest_shares);
            format!("{mean:.3} ({sd:.3}) ")
        }));
    }
    if outcomes.iter().any(|o| o.converged < args.runs) {
        text.push_str("\n* some runs stopped at --max-events before converging\n");
    }
    text.push_str(&format!(
        "\n{} runs in {seconds:.2} s on {jobs} threads ({:.1} million events per second in all)\n",
        work.len(),
        throughput / 1e6
    ));
    super::print(&text)
}

/// One grid size's table: a row per F, a column per q, each cell `cell` of that setting's
/// outcomes.
fn grid_table(
    args: &AxelrodArgs,
    outcomes: &[Outcomes],
    size: u32,
    cell: impl Fn(&Outcomes) -> String,
) -> String {
    let cells: Vec<Vec<String>> = args
        .features
        .iter()
        .map(|&features| {
            args.traits
                .iter()
                .map(|&traits| {
                    let setting = AxelrodParams {
                        size,
                        features,
                        traits,
                    };
                    cell(
                        outcomes
                            .iter()
                            .find(|o| o.params == setting)
                            .expect("every setting was run"),
                    )
                })
                .collect()
        })
        .collect();
    // Wide enough for the longest cell, so that big grids' counts stay apart.
    let widest = cells.iter().flatten().map(String::len).max().unwrap_or(0);
    let width = (widest + 2).max(10);
    let corner = format!("{size} x {size} grid");
    let label = (corner.len() + 2).max(15);
    let mut text = format!("\n{corner:<label$}");
    for q in &args.traits {
        text.push_str(&format!("{:>width$}", format!("q = {q} ")));
    }
    text.push('\n');
    for (&f, row) in args.features.iter().zip(&cells) {
        text.push_str(&format!("{:<label$}", format!("F = {f}")));
        for cell in row {
            text.push_str(&format!("{cell:>width$}"));
        }
        text.push('\n');
    }
    text
}

/// Runs `axelrod`.
pub fn run(args: &AxelrodArgs) -> Result<()> {
    let mut settings = Vec::new();
    for &size in &args.size {
        for &features in &args.features {
            for &traits in &args.traits {
                let params = AxelrodParams {
                    size,
                    features,
                    traits,
                };
                params.validate()?;
                settings.push(params);
            }
        }
    }
    // Each run's outcome is kept until the summary: bound them, as a sweep's runs are.
    let runs = settings.len() as u64 * u64::from(args.runs);
    if runs > MOST_RUNS as u64 {
        let settings = match settings.len() {
            1 => String::new(),
            n => format!("{n} settings x {} runs is {runs} runs, ", args.runs),
        };
        anyhow::bail!(
            "{settings}more than {MOST_RUNS} runs; make it smaller or split it into several \
             commands"
        );
    }
    if settings.len() > 1 {
        return table(args, settings);
    }
    let params = settings[0];
    let mut outcomes = Outcomes::new(params);
    let started = Instant::now();
    for run in 0..args.runs {
        outcomes.push(&one_run(params, args, run)?);
    }
    let seconds = started.elapsed().as_secs_f64();
    let (mean_regions, sd_regions) = mean_and_sd(&outcomes.regions);
    let (mean_events, _) = mean_and_sd(&outcomes.events);
    let (mean_share, sd_share) = mean_and_sd(&outcomes.largest_shares);
    let events_per_second = outcomes.events.iter().sum::<f64>() / seconds.max(1e-9);
    let converged = outcomes.converged;
    let text = if args.json {
        outcomes.json(args, events_per_second).to_string() + "\n"
    } else {
        format!(
            "Axelrod 1997: {0} x {0} grid, F = {1}, q = {2}, {3} runs from seed {4}\n\
             stable regions:        mean {mean_regions:.2}, sd {sd_regions:.2} (each run: {5})\n\
             largest region:        mean {mean_share:.3}, sd {sd_share:.3} of the sites\n\
             converged:             {converged} of {3}\n\
             {7}: mean {mean_events:.0}\n\
             speed:                 {6:.1} million events per second ({seconds:.2} s)\n",
            params.size,
            params.features,
            params.traits,
            args.runs,
            args.seed,
            outcomes
                .regions
                .iter()
                .map(|r| format!("{r}"))
                .collect::<Vec<_>>()
                .join(" "),
            events_per_second / 1e6,
            // Runs stopped by --max-events did not converge: their events are not "to
            // convergence".
            if converged == args.runs {
                "events to convergence"
            } else {
                "events per run       "
            },
        )
    };
    super::print(&text)
}
