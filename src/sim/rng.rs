//! The model's one random generator, and the few draws the model makes from it.
//!
//! Every random choice in the model goes through [`ModelRng`], a named, portable generator
//! (xoshiro256++), seeded from the scenario. The draws below are written out by hand on top of
//! its raw 64-bit output so that a run is the same, bit for bit, on every machine and with every
//! version of the `rand` crate's distribution code.

use rand::{Rng, SeedableRng};

/// The model's random generator: xoshiro256++, fast, small and portable.
pub type ModelRng = rand::rngs::Xoshiro256PlusPlus;

/// A generator seeded from a scenario's seed (expanded with SplitMix64).
pub fn seeded(seed: u64) -> ModelRng {
    ModelRng::seed_from_u64(seed)
}

/// A seed for an independent stream, derived from a base seed and a stream number
/// (a run of a batch, a replicate): SplitMix64 of both, so nearby inputs give unrelated seeds.
pub fn derive_seed(base: u64, stream: u64) -> u64 {
    let mut z = base ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(17);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform integer in `0..n` (n > 0), unbiased, by Lemire's multiply-and-reject method.
#[inline]
pub fn below(rng: &mut ModelRng, n: u32) -> u32 {
    debug_assert!(n > 0, "below(0) has no value to return");
    let n64 = u64::from(n);
    let mut product = u64::from(rng.next_u32()) * n64;
    let mut low = product as u32;
    if low < n {
        let threshold = n.wrapping_neg() % n;
        while low < threshold {
            product = u64::from(rng.next_u32()) * n64;
            low = product as u32;
        }
    }
    (product >> 32) as u32
}

/// A uniform integer in `0..n` (n > 0) on 64 bits, by the same method as [`below`] (the n-fold
/// way's total weight may pass `u32::MAX`).
#[inline]
pub fn below_u64(rng: &mut ModelRng, n: u64) -> u64 {
    debug_assert!(n > 0, "below_u64(0) has no value to return");
    let n128 = u128::from(n);
    let mut product = u128::from(rng.next_u64()) * n128;
    let mut low = product as u64;
    if low < n {
        let threshold = n.wrapping_neg() % n;
        while low < threshold {
            product = u128::from(rng.next_u64()) * n128;
            low = product as u64;
        }
    }
    (product >> 64) as u64
}

/// A uniform index into a slice of length `len` (len > 0).
#[inline]
pub fn index(rng: &mut ModelRng, len: usize) -> usize {
    below(
        rng,
        u32::try_from(len).expect("the model indexes at most u32::MAX items"),
    ) as usize
}

/// A uniform float in `[0, 1)` with 53 random bits.
#[inline]
pub fn unit(rng: &mut ModelRng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// True with probability `p` (p <= 0 is never, p >= 1 is always).
#[inline]
pub fn chance(rng: &mut ModelRng, p: f64) -> bool {
    unit(rng) < p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = seeded(7);
        let mut seen = [0u32; 7];
        for _ in 0..70_000 {
            seen[below(&mut rng, 7) as usize] += 1;
        }
        for count in seen {
            assert!((9_000..11_000).contains(&count), "{seen:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_stream() {
        let mut a = seeded(42);
        let mut b = seeded(42);
        let mut c = seeded(43);
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn stream_is_pinned_across_machines() {
        // xoshiro256++ seeded by SplitMix64 is specified exactly: if this value changes, every
        // saved run and published figure of the project changes with it.
        let mut rng = seeded(0);
        assert_eq!(rng.next_u64(), 0x53175d61490b23df);
    }

    #[test]
    fn unit_is_in_the_half_open_interval() {
        let mut rng = seeded(1);
        for _ in 0..10_000 {
            let x = unit(&mut rng);
            assert!((0.0..1.0).contains(&x));
        }
    }

    #[test]
    fn derived_seeds_differ() {
        let seeds: std::collections::HashSet<u64> = (0..1000).map(|i| derive_seed(1, i)).collect();
        assert_eq!(seeds.len(), 1000);
    }
}
