//! What the nano model's benchmarks share: the marketplace preset scaled up, warmed up, and
//! timed over a number of ticks; the process's memory.

#![allow(dead_code, reason = "each benchmark uses a part of it")]

use divan::Bencher;
use divan::counter::ItemsCount;
use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::{NanoModel, NanoParams};

/// Ticks run before measuring, so that ties have formed.
pub const WARM_UP: u64 = 50;

/// The marketplace preset at `persons`, its contact radius shrunk so that a person has about as
/// many neighbours within it as in the 600-person preset; and the preset's seed.
pub fn scaled_marketplace(persons: u32) -> (NanoParams, u64) {
    let mut scenario = Scenario::default_preset();
    let preset = scenario.nano().expect("a nano preset").clone();
    let radius = preset.contact_radius * (f64::from(preset.persons) / f64::from(persons)).sqrt();
    scenario
        .set(&format!("persons={persons}"))
        .expect("a valid population");
    scenario
        .set(&format!("contact_radius={radius}"))
        .expect("a valid radius");
    (
        scenario.nano().expect("a nano preset").clone(),
        scenario.seed,
    )
}

/// The scaled marketplace after [`WARM_UP`] ticks.
pub fn warmed_up(persons: u32) -> NanoModel {
    stepped(persons, WARM_UP)
}

/// The scaled marketplace after `ticks` ticks.
pub fn stepped(persons: u32, ticks: u64) -> NanoModel {
    let (params, seed) = scaled_marketplace(persons);
    let mut model = NanoModel::new(params, seed);
    for _ in 0..ticks {
        model.step();
    }
    model
}

/// Times `ticks` ticks of the model from `start` per sample, counting the contacts made (the
/// run is deterministic, so they are counted once beforehand on a copy).
pub fn bench_ticks(bencher: Bencher, start: &NanoModel, ticks: u64) {
    let mut counted = start.clone();
    let contacts: u64 = (0..ticks)
        .map(|_| {
            counted.step();
            counted.counts().contacts
        })
        .sum();
    bencher
        .counter(ItemsCount::new(contacts))
        .with_inputs(|| start.clone())
        .bench_local_values(|mut model| {
            for _ in 0..ticks {
                model.step();
            }
            model
        });
}

/// A line of /proc/self/status in KiB (`VmRSS`, `VmHWM`; Linux), or 0 where it cannot be read.
pub fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}
