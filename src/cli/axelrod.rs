//! `nano-diplomacy axelrod`: independent runs of Axelrod's model to convergence, summarised as
//! in the paper's tables.

use std::time::Instant;

use anyhow::Result;
use clap::Args;

use nano_diplomacy::sim::axelrod::{AxelrodModel, AxelrodParams};
use nano_diplomacy::sim::rng::derive_seed;

/// Arguments of `axelrod`.
#[derive(Args, Debug)]
pub struct AxelrodArgs {
    /// The grid side L (an L x L grid, bounded, not a torus).
    #[arg(long, default_value_t = 10)]
    size: u32,
    /// The number of features F.
    #[arg(long, default_value_t = 5)]
    features: u32,
    /// The number of traits q per feature.
    #[arg(long, default_value_t = 10)]
    traits: u32,
    /// Independent runs, each from its own seed derived from --seed.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// The base seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Stop a run after this many events even if it has not converged.
    #[arg(long)]
    max_events: Option<u64>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs `axelrod`.
pub fn run(args: &AxelrodArgs) -> Result<()> {
    let params = AxelrodParams {
        size: args.size,
        features: args.features,
        traits: args.traits,
    };
    params.validate()?;
    let mut regions = Vec::new();
    let mut events = Vec::new();
    let mut converged = 0u32;
    let started = Instant::now();
    for run in 0..args.runs {
        let mut model = AxelrodModel::new(params, derive_seed(args.seed, u64::from(run)))?;
        let outcome = model.run(args.max_events);
        regions.push(outcome.stable_regions as f64);
        events.push(outcome.events as f64);
        converged += u32::from(outcome.converged);
    }
    let seconds = started.elapsed().as_secs_f64();
    let (mean_regions, sd_regions) = mean_and_sd(&regions);
    let (mean_events, _) = mean_and_sd(&events);
    let events_per_second = events.iter().sum::<f64>() / seconds.max(1e-9);
    let text = if args.json {
        serde_json::json!({
            "size": args.size,
            "features": args.features,
            "traits": args.traits,
            "seed": args.seed,
            "runs": args.runs,
            "converged": converged,
            "mean_regions": mean_regions,
            "sd_regions": sd_regions,
            "regions": regions,
            "mean_events": mean_events,
            "events_per_second": events_per_second,
        })
        .to_string()
            + "\n"
    } else {
        format!(
            "Axelrod 1997: {0} x {0} grid, F = {1}, q = {2}, {3} runs from seed {4}\n\
             stable regions:        mean {mean_regions:.2}, sd {sd_regions:.2} (each run: {5})\n\
             converged:             {converged} of {3}\n\
             {7}: mean {mean_events:.0}\n\
             speed:                 {6:.1} million events per second ({seconds:.2} s)\n",
            args.size,
            args.features,
            args.traits,
            args.runs,
            args.seed,
            regions
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

/// The mean and the sample standard deviation (0 for a single value).
fn mean_and_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = if values.len() > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, variance.sqrt())
}
