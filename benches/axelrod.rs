//! Events per second of Axelrod's culture model: the crate's model against a plain hand-written loop;
//! and time to convergence, plain (`run`) against the n-fold way (`run_nfold`).
//!
//! `model` and `plain_loop` run the first 20 million events of a 100 x 100 grid, F = 5, q = 10,
//! from the same seed, with the same draws from `nano_diplomacy::sim::rng`. The `converge_*`
//! benches run a 50 x 50 grid to convergence by each method, one run per sample, the samples
//! from seeds 0, 1, 2, ... (the same grids for both methods; their runs differ, so compare the
//! mean and median over the samples). Run with
//! `cargo bench --no-default-features --bench axelrod`.

use std::cell::Cell;

use divan::Bencher;
use divan::counter::ItemsCount;
use nano_diplomacy::sim::axelrod::{AxelrodMethod, AxelrodModel, AxelrodParams};
use nano_diplomacy::sim::rng::{ModelRng, below, seeded};
use rand::Rng;

const SIZE: usize = 100;
const FEATURES: usize = 5;
const TRAITS: u32 = 10;
const EVENTS: u64 = 20_000_000;
const SEED: u64 = 2024;

fn main() {
    divan::main();
}

fn params() -> AxelrodParams {
    AxelrodParams {
        size: SIZE as u32,
        features: FEATURES as u32,
        traits: TRAITS,
    }
}

/// The crate's model, `run(Some(20_000_000))`.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn model(bencher: Bencher) {
    let events = AxelrodModel::new(params(), SEED)
        .expect("valid parameters")
        .run(Some(EVENTS))
        .events;
    bencher
        .counter(ItemsCount::new(events))
        .with_inputs(|| AxelrodModel::new(params(), SEED).expect("valid parameters"))
        .bench_local_values(|mut model| {
            model.run(Some(EVENTS));
            model
        });
}

/// The yardstick: the same rules as a plain loop over flat arrays.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn plain_loop(bencher: Bencher) {
    // The same rules and draws give the same run: check it once, outside the timing.
    let mut plain = Plain::new(SEED);
    let events = plain.run(EVENTS);
    let mut model = AxelrodModel::new(params(), SEED).expect("valid parameters");
    model.run(Some(EVENTS));
    assert_eq!(events, model.events());
    assert_eq!(plain.cultures, model.cultures());
    assert_eq!(plain.active, model.active_bonds());
    bencher
        .counter(ItemsCount::new(events))
        .with_inputs(|| Plain::new(SEED))
        .bench_local_values(|mut plain| {
            plain.run(EVENTS);
            plain
        });
}

/// The grid side of the runs to convergence.
const CONVERGE_SIZE: u32 = 50;
/// The runs to convergence per method (one per sample).
const CONVERGE_RUNS: u32 = 12;

/// Runs of a `CONVERGE_SIZE` square grid to convergence by `method`, the grid of sample `i`
/// from seed `i`; counts events.
fn converge(bencher: Bencher, method: AxelrodMethod, features: u32, traits: u32) {
    let params = AxelrodParams {
        size: CONVERGE_SIZE,
        features,
        traits,
    };
    let seed = Cell::new(0);
    bencher
        .with_inputs(|| {
            seed.set(seed.get() + 1);
            AxelrodModel::new(params, seed.get() - 1).expect("valid parameters")
        })
        .bench_local_values(|mut model| {
            let outcome = model.run_with(method, None);
            assert!(outcome.converged);
            model
        });
}

/// 50 x 50, F = 5, q = 10 to convergence: about a quarter of the attempts change something.
#[divan::bench(args = [AxelrodMethod::Plain, AxelrodMethod::NFold], sample_count = CONVERGE_RUNS, sample_size = 1)]
fn converge_f5_q10(bencher: Bencher, method: AxelrodMethod) {
    converge(bencher, method, 5, 10);
}

/// 50 x 50, F = 2, q = 3 to convergence: few features, few attempts change something.
#[divan::bench(args = [AxelrodMethod::Plain, AxelrodMethod::NFold], sample_count = CONVERGE_RUNS, sample_size = 1)]
fn converge_f2_q3(bencher: Bencher, method: AxelrodMethod) {
    converge(bencher, method, 2, 3);
}

/// 50 x 50, F = 5, q = 30 to convergence: the fragmented phase, most attempts meet a
/// neighbour sharing nothing.
#[divan::bench(args = [AxelrodMethod::Plain, AxelrodMethod::NFold], sample_count = 4 * CONVERGE_RUNS, sample_size = 1)]
fn converge_f5_q30(bencher: Bencher, method: AxelrodMethod) {
    converge(bencher, method, 5, 30);
}

/// The yardstick: flat arrays, a plain loop, and the same draws as the crate's model (one
/// word per event for the site, the trial, the direction and the feature; see
/// `Parts::event` in src/sim/axelrod/plain.rs), so that both make the same run.
struct Plain {
    rng: ModelRng,
    cultures: Vec<u8>,
    /// Per site, its neighbour in each direction (up, down, left, right), where `valid` says
    /// it has one.
    neighbours: Vec<[u32; 4]>,
    /// Per site, the bond in each direction.
    bonds: Vec<[u32; 4]>,
    /// Per site, the mask of the directions in which it has a neighbour.
    valid: Vec<u8>,
    overlap: Vec<u8>,
    active: u64,
}

impl Plain {
    fn new(seed: u64) -> Self {
        let mut rng = seeded(seed);
        let sites = SIZE * SIZE;
        let cultures: Vec<u8> = (0..sites * FEATURES)
            .map(|_| below(&mut rng, TRAITS) as u8)
            .collect();
        let mut neighbours = vec![[0u32; 4]; sites];
        let mut bonds = vec![[0u32; 4]; sites];
        let mut valid = vec![0u8; sites];
        let mut overlap = Vec::new();
        let mut active = 0;
        for s in 0..sites {
            let (row, col) = (s / SIZE, s % SIZE);
            let candidates = [
                (row > 0).then(|| s - SIZE),
                (row + 1 < SIZE).then(|| s + SIZE),
                (col > 0).then(|| s - 1),
                (col + 1 < SIZE).then(|| s + 1),
            ];
            for (d, n) in candidates.into_iter().enumerate() {
                let Some(n) = n else { continue };
                valid[s] |= 1 << d;
                neighbours[s][d] = n as u32;
                if n > s {
                    let shared = (0..FEATURES)
                        .filter(|&f| cultures[s * FEATURES + f] == cultures[n * FEATURES + f])
                        .count();
                    bonds[s][d] = overlap.len() as u32;
                    overlap.push(shared as u8);
                    active += u64::from(shared > 0 && shared < FEATURES);
                } else {
                    // The bond was made from `n`, in the opposite direction (0 <-> 1, 2 <-> 3).
                    bonds[s][d] = bonds[n][d ^ 1];
                }
            }
        }
        Self {
            rng,
            cultures,
            neighbours,
            bonds,
            valid,
            overlap,
            active,
        }
    }

    /// Events until none is active or `max` are done; returns the number done.
    fn run(&mut self, max: u64) -> u64 {
        let sites = (SIZE * SIZE) as u64;
        let features = FEATURES as u32;
        let site_reject = ((1u64 << 32) % sites) as u32;
        // The trial's 16 bits: accepted below F⌊2^16/F⌋, interacting below k⌊2^16/F⌋.
        let step = (1u32 << 16) / features;
        let mut events = 0;
        while self.active > 0 && events < max {
            events += 1;
            let (word, s, trial) = loop {
                let word = self.rng.next_u64();
                let site = (word & 0xffff_ffff) * sites;
                let trial = ((word >> 32) & 0xffff) as u32;
                if (site as u32) >= site_reject && trial < features * step {
                    break (word, (site >> 32) as usize, trial);
                }
            };
            let mut d = (word >> 48) as usize & 3;
            while self.valid[s] & (1 << d) == 0 {
                d = (self.rng.next_u64() >> 62) as usize;
            }
            let n = self.neighbours[s][d] as usize;
            let shared = u32::from(self.overlap[self.bonds[s][d] as usize]);
            if trial >= shared * step || shared == features {
                continue;
            }
            let differing = features - shared;
            let product = (word >> 50) as u32 * differing;
            let mut pick = if (product & 0x3fff) >= (1 << 14) % differing {
                product >> 14
            } else {
                below(&mut self.rng, differing)
            };
            let mut feature = 0;
            for f in 0..FEATURES {
                if self.cultures[s * FEATURES + f] != self.cultures[n * FEATURES + f] {
                    if pick == 0 {
                        feature = f;
                        break;
                    }
                    pick -= 1;
                }
            }
            let old = self.cultures[s * FEATURES + feature];
            let new = self.cultures[n * FEATURES + feature];
            self.cultures[s * FEATURES + feature] = new;
            for j in 0..4 {
                if self.valid[s] & (1 << j) == 0 {
                    continue;
                }
                let m = self.neighbours[s][j] as usize;
                let theirs = self.cultures[m * FEATURES + feature];
                let bond = self.bonds[s][j] as usize;
                let before = self.overlap[bond];
                let after = if theirs == new {
                    before + 1
                } else if theirs == old {
                    before - 1
                } else {
                    continue;
                };
                self.overlap[bond] = after;
                self.active -= u64::from(before > 0 && (before as usize) < FEATURES);
                self.active += u64::from(after > 0 && (after as usize) < FEATURES);
            }
        }
        events
    }
}
