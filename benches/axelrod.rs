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

/// A plain implementation: per-site neighbour and bond tables, one overlap per bond.
struct Plain {
    rng: ModelRng,
    cultures: Vec<u8>,
    /// Per site, its neighbours (the first `degree` are valid).
    neighbours: Vec<[u32; 4]>,
    /// Per site, the bond to each neighbour.
    bonds: Vec<[u32; 4]>,
    degree: Vec<u8>,
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
        let mut degree = vec![0u8; sites];
        let mut overlap = Vec::new();
        let mut active = 0;
        for s in 0..sites {
            let (row, col) = (s / SIZE, s % SIZE);
            // Up, down, left, right, as the crate's model orders them.
            let candidates = [
                (row > 0).then(|| s - SIZE),
                (row + 1 < SIZE).then(|| s + SIZE),
                (col > 0).then(|| s - 1),
                (col + 1 < SIZE).then(|| s + 1),
            ];
            for n in candidates.into_iter().flatten() {
                let k = degree[s] as usize;
                neighbours[s][k] = n as u32;
                if n > s {
                    let shared = (0..FEATURES)
                        .filter(|&f| cultures[s * FEATURES + f] == cultures[n * FEATURES + f])
                        .count();
                    bonds[s][k] = overlap.len() as u32;
                    overlap.push(shared as u8);
                    active += u64::from(shared > 0 && shared < FEATURES);
                } else {
                    let back = neighbours[n][..degree[n] as usize]
                        .iter()
                        .position(|&m| m as usize == s)
                        .expect("bond made from the other end");
                    bonds[s][k] = bonds[n][back];
                }
                degree[s] += 1;
            }
        }
        Self {
            rng,
            cultures,
            neighbours,
            bonds,
            degree,
            overlap,
            active,
        }
    }

    /// Events until none is active or `max` are done; returns the number done.
    fn run(&mut self, max: u64) -> u64 {
        let sites = (SIZE * SIZE) as u32;
        let mut events = 0;
        while self.active > 0 && events < max {
            events += 1;
            let s = below(&mut self.rng, sites) as usize;
            let k = below(&mut self.rng, u32::from(self.degree[s])) as usize;
            let n = self.neighbours[s][k] as usize;
            let shared = u32::from(self.overlap[self.bonds[s][k] as usize]);
            if shared == 0 || shared == FEATURES as u32 {
                continue;
            }
            if below(&mut self.rng, FEATURES as u32) >= shared {
                continue;
            }
            let mut pick = below(&mut self.rng, FEATURES as u32 - shared);
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
            for j in 0..self.degree[s] as usize {
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
