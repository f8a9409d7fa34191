//! Contacts per second of the full nano power diplomacy model at 100,000 persons.
//!
//! The marketplace preset scaled up: 100,000 persons, with the contact radius shrunk so that a
//! person has about as many neighbours within it as in the 600-person preset. Each sample runs
//! 20 ticks from the same state (after 50 ticks of warm-up, so that ties have formed); the
//! counter is the number of contacts that took place, counted exactly beforehand on a clone
//! (the run is deterministic). Run with `cargo bench --no-default-features --bench model`.
//!
//! Also the measures of one recorded tick on that state (`metrics`): what `run --every 1`, a
//! sweep and the app's live plots pay on top of the model each tick.

use divan::Bencher;
use divan::counter::ItemsCount;
use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::{Metrics, NanoModel};

fn main() {
    divan::main();
}

const TICKS: u64 = 20;
const WARM_UP: u64 = 50;

/// The marketplace at `persons`, its radius scaled to keep the neighbourhood's size.
fn warmed_up(persons: u32) -> NanoModel {
    let mut scenario = Scenario::default_preset();
    let preset_persons = scenario.nano().expect("a nano preset").persons as f64;
    let preset_radius = scenario.nano().expect("a nano preset").contact_radius;
    let radius = preset_radius * (preset_persons / persons as f64).sqrt();
    scenario
        .set(&format!("persons={persons}"))
        .expect("a valid population");
    scenario
        .set(&format!("contact_radius={radius}"))
        .expect("a valid radius");
    let mut model = NanoModel::new(
        scenario.nano().expect("a nano preset").clone(),
        scenario.seed,
    );
    for _ in 0..WARM_UP {
        model.step();
    }
    model
}

fn contacts_in(model: &NanoModel, ticks: u64) -> u64 {
    let mut model = model.clone();
    (0..ticks)
        .map(|_| {
            model.step();
            model.counts().contacts
        })
        .sum()
}

#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn contacts(bencher: Bencher, persons: u32) {
    let start = warmed_up(persons);
    let contacts = contacts_in(&start, TICKS);
    bencher
        .counter(ItemsCount::new(contacts))
        .with_inputs(|| start.clone())
        .bench_local_values(|mut model| {
            for _ in 0..TICKS {
                model.step();
            }
            model
        });
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 20)]
fn metrics(bencher: Bencher, persons: u32) {
    let model = warmed_up(persons);
    bencher.bench_local(|| Metrics::measure(&model));
}
