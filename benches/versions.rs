//! Ticks of the model at 10,000 and 100,000 persons, for comparing versions side by side:
//! benches/versions.sh builds this file in version 1's tree (commit 3f1ae84) and in the present
//! one, and runs the two in interleaved pairs. It uses only what both versions have.
//!
//! The marketplace scaled up as in benches/model.rs (the contact radius shrunk with the
//! population, so that equal persons and contact rate make equal attempts per tick), run to
//! tick 200, when ties, repertoires and familiarity are near their later levels; each sample
//! runs the next ticks from that state (20 at 10,000 persons, 10 at 100,000), on a fresh copy
//! that has run one tick outside the sample. A sample's time is all the model's: drawing the
//! world and the warm-up are outside it, and so is the copy's first tick. A copy's vectors have
//! no spare capacity (a cloned `Vec`'s capacity is its length), so the first push into a
//! growing one reallocates it, most likely copying it whole: version 2 appends to its ties'
//! history every tick (3.3 MB at tick 200 at 10,000 persons). A running model pays that only
//! when the vector doubles, about one record copied per record appended; a sample that paid a
//! whole copy would charge it once per sample (docs/performance.md, "2026-12-02").

mod common;

use divan::Bencher;
use nano_diplomacy::sim::NanoModel;

use common::scaled_marketplace;

fn main() {
    divan::main();
}

/// Ticks run before measuring.
const WARM_UP: u64 = 200;

/// The scaled marketplace at tick [`WARM_UP`], then `ticks` ticks per sample, each on a copy
/// that has run one tick first. (Not `common::warmed_up` or `common::bench_ticks`: this file is
/// built in both trees and may rely on neither tree's `common` beyond `scaled_marketplace`;
/// both trees' warm up 50 ticks and run no tick before the sample. No count of contacts either:
/// the comparison reads only the times.)
fn ticks_from_warm_state(bencher: Bencher, persons: u32, ticks: u64) {
    let (params, seed) = scaled_marketplace(persons);
    let mut model = NanoModel::new(params, seed);
    for _ in 0..WARM_UP {
        model.step();
    }
    bencher
        .with_inputs(|| {
            let mut copy = model.clone();
            copy.step();
            copy
        })
        .bench_local_values(|mut model| {
            for _ in 0..ticks {
                model.step();
            }
            model
        });
}

#[divan::bench(sample_count = 40, sample_size = 1)]
fn ten_thousand(bencher: Bencher) {
    ticks_from_warm_state(bencher, 10_000, 20);
}

#[divan::bench(sample_count = 12, sample_size = 1)]
fn hundred_thousand(bencher: Bencher) {
    ticks_from_warm_state(bencher, 100_000, 10);
}
