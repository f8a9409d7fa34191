//! What a load from memory costs on this machine, by the size of the data it falls in: random
//! loads that each depend on the one before (a pointer chase through the cache lines of a
//! table), one chain at a time, and 8 or 32 chains at once.
//!
//! A contact of the nano model is such a chain: who the partner is decides what is loaded next,
//! and rule 1 (one order, one random stream) fixes the next contact's partner only after this
//! one is done. So these figures bound what any layout of the model's data can reach at a given
//! size (docs/performance.md, "What a miss costs"). Run with
//! `cargo bench --no-default-features --bench memory`.

use divan::Bencher;
use divan::counter::ItemsCount;
use nano_diplomacy::sim::rng::{below, seeded};

fn main() {
    divan::main();
}

/// Words of a 64-byte cache line: each line holds, in its first word, the index of the next
/// line's first word.
const LINE_WORDS: usize = 8;

/// Loads timed per sample.
const LOADS: usize = 1 << 20;

/// A table of `mib` MiB whose lines form one cycle in a random order (each line points to the
/// next of a shuffled list, the last to the first), so that a chase visits every line before
/// it repeats and the prefetcher cannot guess the next.
fn random_cycle(mib: usize) -> Vec<u64> {
    let lines = (mib << 20) / (LINE_WORDS * 8);
    let mut order: Vec<u32> = (0..lines as u32).collect();
    let mut rng = seeded(1997);
    for i in (1..lines).rev() {
        let j = below(&mut rng, i as u32 + 1) as usize;
        order.swap(i, j);
    }
    let mut table = vec![0u64; lines * LINE_WORDS];
    for w in 0..lines {
        let (from, to) = (order[w], order[(w + 1) % lines]);
        table[from as usize * LINE_WORDS] = u64::from(to) * LINE_WORDS as u64;
    }
    table
}

/// `CHAINS` independent chains advanced together, each load waiting for the one before in its
/// chain: one chain is a contact waiting for its partner; more chains are as many loads in
/// flight as that many overlapped contacts would have.
#[divan::bench(consts = [1, 8, 32], args = [1, 2, 4, 8, 16, 32, 64], sample_count = 10)]
fn chains<const CHAINS: usize>(bencher: Bencher, mib: usize) {
    let table = random_cycle(mib);
    // Starts spread evenly along the cycle, so that the chains never meet.
    let lines = table.len() / LINE_WORDS;
    let mut starts = [0usize; CHAINS];
    let mut at = 0usize;
    for start in &mut starts {
        *start = at;
        for _ in 0..lines / CHAINS {
            at = table[at] as usize;
        }
    }
    bencher.counter(ItemsCount::new(LOADS)).bench_local(|| {
        let mut at = starts;
        for _ in 0..LOADS / CHAINS {
            for p in &mut at {
                *p = table[*p] as usize;
            }
        }
        at
    });
}
