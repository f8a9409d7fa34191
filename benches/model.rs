//! Contacts per second of the full nano power diplomacy model at 100,000 persons.
//!
//! The marketplace preset scaled up: 100,000 persons, with the contact radius shrunk so that a
//! person has about as many neighbours within it as in the 600-person preset. Each sample runs
//! 20 ticks from the same state (after 50 ticks of warm-up, so that ties have formed); the
//! counter is the number of contacts that took place, counted exactly beforehand on a clone
//! (the run is deterministic). Run with `cargo bench --no-default-features --bench model`.
//!
//! Also the measures of one recorded tick on that state (`metrics`): what `run --every 1`, a
//! sweep and the app's live plots pay on top of the model each tick; and the forgetting pass of
//! one tick alone (`forgetting`, rule 11) on the state after 300 ticks, when repertoires are
//! near their level at tick 600; and the decay of one tick alone (`decay`, rule 10) on the ties
//! of that state, as in a tick without contacts (every live tie decays; in a run the few ties
//! in contact that tick are multiplied by 1 instead, which costs the same).

mod common;

use divan::Bencher;
use nano_diplomacy::sim::Metrics;
use nano_diplomacy::sim::rng::seeded;

use common::{bench_ticks, stepped, warmed_up};

fn main() {
    divan::main();
}

const TICKS: u64 = 20;

#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn contacts(bencher: Bencher, persons: u32) {
    bench_ticks(bencher, &warmed_up(persons), TICKS);
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 20)]
fn metrics(bencher: Bencher, persons: u32) {
    let model = warmed_up(persons);
    bencher.bench_local(|| Metrics::measure(&model));
}

#[divan::bench(args = [10_000, 100_000], sample_count = 30)]
fn forgetting(bencher: Bencher, persons: u32) {
    let model = stepped(persons, 300);
    let rate = model.params().symbol_forgetting;
    bencher
        .with_inputs(|| (model.population().clone(), seeded(1)))
        .bench_local_values(|(mut population, mut rng)| {
            population.forget_foreign_symbols(rate, &mut rng);
            population
        });
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 30)]
fn decay(bencher: Bencher, persons: u32) {
    let model = stepped(persons, 300);
    let params = model.params();
    let thresholds = params.stage_thresholds();
    let now = model.tick() + 1;
    bencher
        .with_inputs(|| model.ties().clone())
        .bench_local_values(|mut ties| {
            let mut changes = 0u32;
            let (decay, kin_decay, forget_below) =
                (params.decay, params.kin_decay, params.forget_below);
            ties.decay(now, decay, kin_decay, forget_below, &thresholds, |_| {
                changes += 1
            });
            (ties, changes)
        });
}
