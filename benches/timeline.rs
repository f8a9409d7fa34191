//! The timeline behind the app's scrubber: how long going back to a tick takes, and how much
//! memory a long run's timeline holds.
//!
//! - `seek`: the worst seek of a 5,000-tick run of the marketplace scaled to 5,000 persons (the
//!   timeline's default options): to the tick just before the last checkpoint after the widest
//!   gap, from the head, so that the most ticks are replayed from the largest state. Also
//!   `record`: 128 ticks stepped with the timeline recording, against `step` without it.
//!   `cargo bench --no-default-features --bench timeline` (building the run takes a minute).
//! - `memory`: the marketplace preset (600 persons) for 10,000 ticks with the timeline
//!   recording, then scrubbed back and played on; the process's peak resident memory (VmHWM).
//!   `cargo bench --no-default-features --bench timeline -- memory` (PERSONS and TICKS change
//!   the world and the run).

mod common;

use std::cell::RefCell;
use std::time::Instant;

use divan::Bencher;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::timeline::Timeline;

use common::{scaled_marketplace, status_kib};

fn main() {
    if std::env::args().any(|a| a == "memory") {
        memory();
    } else {
        divan::main();
    }
}

const PERSONS: u32 = 5_000;
const TICKS: u64 = 5_000;

/// A run of `ticks` ticks of the marketplace at `persons`, recorded.
fn recorded(persons: u32, ticks: u64) -> (Timeline, NanoModel) {
    let (params, seed) = scaled_marketplace(persons);
    let mut live = NanoModel::new(params, seed);
    let mut timeline = Timeline::new(&live);
    for _ in 0..ticks {
        timeline.step(&mut live);
    }
    (timeline, live)
}

/// The tick before the last checkpoint that ends the widest gap: the worst seek.
fn worst_tick(timeline: &Timeline) -> u64 {
    let mut ticks: Vec<u64> = timeline.checkpoints().map(|c| c.tick).collect();
    ticks.push(timeline.head_tick() + 1);
    let widest = ticks.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(1);
    ticks
        .windows(2)
        .filter(|w| w[1] - w[0] == widest)
        .map(|w| w[1] - 1)
        .next_back()
        .unwrap_or(0)
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn seek(bencher: Bencher) {
    let (timeline, live) = recorded(PERSONS, TICKS);
    let target = worst_tick(&timeline);
    let head = timeline.head_tick();
    let state = RefCell::new((timeline, live));
    {
        let (timeline, live) = &mut *state.borrow_mut();
        let replayed = timeline.seek(live, target);
        timeline.seek(live, head);
        println!(
            "seek to tick {target} of {head}: {replayed} ticks replayed; every {} ticks, {} \
             checkpoints, {:.0} MB",
            timeline.options().every,
            timeline.checkpoints().count(),
            timeline.checkpoint_bytes() as f64 / 1e6
        );
    }
    bencher
        .with_inputs(|| {
            let (timeline, live) = &mut *state.borrow_mut();
            timeline.seek(live, head);
        })
        .bench_local_values(|()| {
            let (timeline, live) = &mut *state.borrow_mut();
            timeline.seek(live, target)
        });
}

const RECORDED_TICKS: u64 = 128;

/// 128 ticks from tick 1,000 at 5,000 persons, with the timeline recording or without.
#[divan::bench(args = [false, true], sample_count = 10, sample_size = 1)]
fn record(bencher: Bencher, recording: bool) {
    let (timeline, live) = recorded(PERSONS, 1_000);
    bencher
        .with_inputs(|| (timeline.clone(), live.clone()))
        .bench_local_values(|(mut timeline, mut live)| {
            for _ in 0..RECORDED_TICKS {
                if recording {
                    timeline.step(&mut live);
                } else {
                    live.step();
                }
            }
            (timeline, live)
        });
}

fn number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The marketplace for a long run with the timeline recording, then scrubbed: peak memory.
fn memory() {
    let persons = number("PERSONS", 600) as u32;
    let ticks = number("TICKS", 10_000);
    let start = Instant::now();
    let (mut timeline, mut live) = recorded(persons, ticks);
    let seconds = start.elapsed().as_secs_f64();
    let report = |timeline: &Timeline, live: &NanoModel, what: &str| {
        println!(
            "{what}: peak {:.0} MiB, resident {:.0} MiB; timeline {:.1} MB ({} checkpoints every \
             {} ticks, {:.1} MB), the live model {:.1} MB ({} history records)",
            mib(status_kib("VmHWM:")),
            mib(status_kib("VmRSS:")),
            timeline.heap_bytes() as f64 / 1e6,
            timeline.checkpoints().count(),
            timeline.options().every,
            timeline.checkpoint_bytes() as f64 / 1e6,
            live.heap_bytes() as f64 / 1e6,
            live.tie_history().len(),
        );
    };
    println!("{persons} persons, {ticks} ticks recorded in {seconds:.1} s");
    report(&timeline, &live, "at the head");
    // Scrubbed: back to the worst tick, the start, the middle; then played on 100 ticks.
    for tick in [worst_tick(&timeline), 1, ticks / 2] {
        let start = Instant::now();
        let replayed = timeline.seek(&mut live, tick);
        println!(
            "seek to tick {tick}: {replayed} ticks replayed in {:.1} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    for _ in 0..100 {
        timeline.step(&mut live);
    }
    report(&timeline, &live, "scrubbed and played on");
    let peak = mib(status_kib("VmHWM:"));
    println!(
        "peak resident memory {peak:.0} MiB: {} 300 MB",
        if peak * 1.048_576 <= 300.0 {
            "within"
        } else {
            "over"
        }
    );
}
