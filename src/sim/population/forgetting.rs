//! Rule 11, forgetting: the known foreign symbols of all persons as one sequence of trials,
//! skipped over by geometric gaps drawn against a table (the same on every machine).

use super::Population;
use super::symbols::without_lowest_set_bits;
use crate::sim::rng::{ModelRng, unit};

/// Geometric gaps for the forgetting pass: the number of trials passed over before the next
/// success, for a success probability `rate`, drawn by inversion against a table of the powers
/// of `1 - rate`. Only multiplications and comparisons, which IEEE 754 rounds exactly, so a
/// gap is the same on every machine (a logarithm from the system's maths library need not be).
#[derive(Clone, Debug)]
pub(super) struct GeometricGaps {
    /// The success probability the table is for.
    rate: f64,
    /// `powers[k]` is `(1 - rate)^k`, by repeated multiplication from `powers[0] = 1`.
    powers: Vec<f64>,
    /// `1 / log2(1 - rate)`: only for a first guess of where to look in the table.
    inverse_log2_keep: f64,
}

/// `log2(v)` within 0.008, for `v` a positive normal number: the exponent plus a quadratic in
/// the mantissa, exact at its ends. Cheaper than the maths library's logarithm, and only a
/// guess's starting point (see [`GeometricGaps::draw`]).
fn log2_estimate(v: f64) -> f64 {
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as f64 - 1023.0;
    let x = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52)) - 1.0;
    exponent + x * (1.34656 - 0.34656 * x)
}

/// Entries of the table beyond the first: a gap this long is continued by a fresh draw.
const GAP_TABLE: usize = 4096;

impl GeometricGaps {
    pub(super) fn new(rate: f64) -> Self {
        let keep = 1.0 - rate;
        let mut powers = Vec::with_capacity(GAP_TABLE + 1);
        let mut power = 1.0;
        powers.push(power);
        for _ in 0..GAP_TABLE {
            power *= keep;
            powers.push(power);
        }
        GeometricGaps {
            rate,
            powers,
            inverse_log2_keep: 1.0 / keep.log2(),
        }
    }

    /// A gap `G` with `P(G >= k) = (1 - rate)^k`: with `V = 1 - U` in (0, 1], `G` is the
    /// largest `k` with `powers[k] >= V`; when that is the table's last entry, the gap goes on
    /// by a fresh draw (a geometric gap forgets how long it has been), until it reaches
    /// `enough` (the trials left to pass over: a longer gap changes nothing).
    pub(super) fn draw(&self, rng: &mut ModelRng, enough: u64) -> u64 {
        let mut gap = 0u64;
        while gap < enough {
            let v = 1.0 - unit(rng);
            // A guess from logarithms (the answer, but for the estimate's error), then the
            // table decides: the largest `k` with `powers[k] >= v`. The powers fall (or stay
            // at 0) and `powers[0]` is 1, so the walks stop; they take a step or none, where a
            // binary search would mispredict a dozen branches. The guess may differ between
            // machines; the answer may not.
            let guess = (log2_estimate(v) * self.inverse_log2_keep) as usize;
            let mut k = guess.min(GAP_TABLE);
            // The guess is off by at most one step unless the rate is tiny: one step down and
            // one up, each without a branch (whether they are taken is random, and a branch
            // would mispredict for every other gap), leave the walks below nothing to do.
            // (`&`, not `&&`, which may compile to a branch; both entries are within the table.)
            k -= usize::from((k > 0) & (self.powers[k] < v));
            k += usize::from((k < GAP_TABLE) & (self.powers[(k + 1).min(GAP_TABLE)] >= v));
            while k > 0 && self.powers[k] < v {
                k -= 1;
            }
            while k < GAP_TABLE && self.powers[k + 1] >= v {
                k += 1;
            }
            let k = k as u64;
            if k < GAP_TABLE as u64 {
                return gap.saturating_add(k);
            }
            gap = gap.saturating_add(k);
        }
        gap
    }
}

/// How many gaps the forgetting pass draws at a time.
const GAP_BATCH: usize = 64;

/// The forgetting pass' gaps, drawn [`GAP_BATCH`] at a time: a batch of draws that do not wait
/// on one another runs several at once in the processor, where one draw between two searches
/// for a symbol waits on its search. The pass uses the same gaps from the same draws as one
/// draw at a time, and [`GapStream::finish`] leaves the generator where those draws leave it
/// (the last batch's unused draws are taken back).
struct GapStream<'a> {
    gaps: &'a GeometricGaps,
    /// Passed to every draw: see [`GeometricGaps::draw`].
    enough: u64,
    batch: [u64; GAP_BATCH],
    /// The next gap of the batch to hand out; `GAP_BATCH` when it is spent.
    next: usize,
    /// The generator as it was before the batch was drawn.
    before_batch: ModelRng,
}

impl<'a> GapStream<'a> {
    pub(super) fn new(gaps: &'a GeometricGaps, enough: u64, rng: &ModelRng) -> Self {
        GapStream {
            gaps,
            enough,
            batch: [0; GAP_BATCH],
            next: GAP_BATCH,
            before_batch: rng.clone(),
        }
    }

    /// The next gap.
    pub(super) fn next(&mut self, rng: &mut ModelRng) -> u64 {
        if self.next == GAP_BATCH {
            self.before_batch = rng.clone();
            for slot in &mut self.batch {
                *slot = self.gaps.draw(rng, self.enough);
            }
            self.next = 0;
        }
        self.next += 1;
        self.batch[self.next - 1]
    }

    /// Leaves `rng` as the gaps handed out would have left it, drawn one at a time.
    pub(super) fn finish(self, rng: &mut ModelRng) {
        if self.next < GAP_BATCH {
            *rng = self.before_batch;
            for _ in 0..self.next {
                self.gaps.draw(rng, self.enough);
            }
        }
    }
}

/// Passes over whole persons from `person` on while the gap `skip` reaches beyond their known
/// foreign symbols (`counts`), taking theirs off it; returns the person the gap lands in, or
/// the number of persons when it passes them all. Four at a time, then within the four by
/// counting, without a branch, how many the gap passes (a loop that stops after a random
/// number of persons would mispredict its end for nearly every forgotten symbol).
#[inline(always)]
fn pass_over(counts: &[u16], mut person: usize, skip: &mut u64) -> usize {
    let n = counts.len();
    while person + 4 <= n {
        let four = &counts[person..person + 4];
        let first = u64::from(four[0]);
        let two = first + u64::from(four[1]);
        let three = two + u64::from(four[2]);
        let all = three + u64::from(four[3]);
        if *skip >= all {
            *skip -= all;
            person += 4;
            continue;
        }
        let passed =
            usize::from(*skip >= first) + usize::from(*skip >= two) + usize::from(*skip >= three);
        *skip -= [0, first, two, three][passed];
        return person + passed;
    }
    // The last few persons, one at a time.
    while person < n && *skip >= u64::from(counts[person]) {
        *skip -= u64::from(counts[person]);
        person += 1;
    }
    person
}

/// Forgets among the set bits of `foreign` (`count` of them, more than `skip`), in order from
/// the lowest: the one `skip` bits on, then each next gap's further on, until a gap reaches past
/// the last; leaves in `skip` what that gap has left beyond it. Returns the bits forgotten and
/// how many.
#[inline(always)]
fn forget_among(
    foreign: u64,
    count: u64,
    skip: &mut u64,
    stream: &mut GapStream,
    rng: &mut ModelRng,
) -> (u64, u16) {
    debug_assert!(*skip < count && u64::from(foreign.count_ones()) == count);
    // `left` counts the bits of `remaining`, those not yet passed over.
    let mut remaining = foreign;
    let mut left = count;
    let mut forget = 0u64;
    let mut forgotten = 0u16;
    loop {
        remaining = without_lowest_set_bits(remaining, *skip);
        let lowest = remaining & remaining.wrapping_neg();
        forget |= lowest;
        remaining ^= lowest;
        left -= *skip + 1;
        forgotten += 1;
        *skip = stream.next(rng);
        if *skip >= left {
            *skip -= left;
            return (forget, forgotten);
        }
    }
}

impl Population {
    /// Rule 11, forgetting: each symbol of another community that a person knows is forgotten
    /// with probability `rate`, independently. The known foreign symbols of all persons, in
    /// order of person and symbol id, are one sequence of trials, skipped over by geometric
    /// gaps: the pass reads each person's count of known foreign symbols (a number, not its
    /// repertoire) and makes one draw per forgotten symbol, not one per symbol. Returns the
    /// number forgotten.
    pub fn forget_foreign_symbols(&mut self, rate: f64, rng: &mut ModelRng) -> u64 {
        if rate <= 0.0 {
            return 0;
        }
        if self.gaps.as_ref().is_none_or(|g| g.rate != rate) {
            self.gaps = Some(GeometricGaps::new(rate));
        }
        self.refresh_communities();
        let gaps = self.gaps.take().expect("just made");
        // Every known foreign symbol of the world: no gap need reach further.
        let trials: u64 = self.foreign_known.iter().map(|&c| u64::from(c)).sum();
        let mut stream = GapStream::new(&gaps, trials, rng);
        let mut skip = stream.next(rng);
        let mut forgotten = 0;
        let words = self.words;
        let n = self.persons.len();
        let mut person = 0;
        loop {
            person = pass_over(&self.foreign_known, person, &mut skip);
            if person == n {
                break;
            }
            // The gap lands within this person's known foreign symbols, in symbol order.
            let own = usize::from(self.communities[person]) * words;
            debug_assert_eq!(self.communities[person], self.persons[person].community);
            let mut forgotten_here = 0;
            if words == 1 {
                // One word (up to 64 symbols, the presets' case): its count of foreign symbols
                // is the person's, already read, and no loop over words.
                let row = self.repertoire[person];
                let (forget, count) = forget_among(
                    row & !self.community_symbols[own],
                    u64::from(self.foreign_known[person]),
                    &mut skip,
                    &mut stream,
                    rng,
                );
                self.repertoire[person] = row & !forget;
                forgotten_here = count;
            } else {
                for w in 0..words {
                    let row = self.repertoire[person * words + w];
                    let foreign = row & !self.community_symbols[own + w];
                    let count = u64::from(foreign.count_ones());
                    if skip >= count {
                        skip -= count;
                        continue;
                    }
                    let (forget, count) = forget_among(foreign, count, &mut skip, &mut stream, rng);
                    self.repertoire[person * words + w] = row & !forget;
                    forgotten_here += count;
                }
            }
            self.foreign_known[person] -= forgotten_here;
            forgotten += u64::from(forgotten_here);
            person += 1;
        }
        stream.finish(rng);
        self.gaps = Some(gaps);
        forgotten
    }

    /// Builds the forgetting pass's copy of each person's community when it does not have one
    /// per person (a new population, one loaded from a file, or one renumbered, which clears
    /// it): a byte a person, so that the pass does not read every person's whole record. No
    /// rule changes a person's community, so the copy stays right (a debug build checks it at
    /// every use).
    fn refresh_communities(&mut self) {
        if self.communities.len() != self.persons.len() {
            self.communities = self.persons.iter().map(|p| p.community).collect();
        }
    }

    /// [`Self::forget_foreign_symbols`], the same draws and the same result, telling `forgot`
    /// each symbol forgotten as `(person, symbol)`, in order of person and symbol id. The
    /// tuned pass is left alone, without a branch per symbol: the repertoires are copied before
    /// it and compared after (a word per person, and only with forgetting on and a viewer
    /// asking).
    pub fn forget_foreign_symbols_logged(
        &mut self,
        rate: f64,
        rng: &mut ModelRng,
        mut forgot: impl FnMut(u32, u32),
    ) -> u64 {
        if rate <= 0.0 {
            return 0;
        }
        let before = self.repertoire.clone();
        let forgotten = self.forget_foreign_symbols(rate, rng);
        if forgotten > 0 {
            let words = self.words;
            for (i, (&was, &is)) in before.iter().zip(&self.repertoire).enumerate() {
                let mut lost = was & !is;
                while lost != 0 {
                    let bit = lost.trailing_zeros() as usize;
                    forgot((i / words) as u32, ((i % words) * 64 + bit) as u32);
                    lost &= lost - 1;
                }
            }
        }
        forgotten
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::params::NanoParams;
    use crate::sim::rng::{below, seeded};

    /// The forgetting pass done plainly: every known foreign symbol in order of person and
    /// symbol id is a trial, the gaps drawn one at a time.
    pub(super) fn forget_by_walking(
        population: &mut Population,
        rate: f64,
        rng: &mut ModelRng,
    ) -> u64 {
        let gaps = GeometricGaps::new(rate);
        let trials: u64 = population.foreign_known.iter().map(|&c| u64::from(c)).sum();
        let mut skip = gaps.draw(rng, trials);
        let mut forgotten = 0;
        for person in 0..population.len() as u32 {
            for symbol in 0..population.symbols.len() {
                if population.knows(person, symbol) && population.is_foreign(person, symbol) {
                    if skip == 0 {
                        population.forget_symbol(person, symbol);
                        forgotten += 1;
                        skip = gaps.draw(rng, trials);
                    } else {
                        skip -= 1;
                    }
                }
            }
        }
        forgotten
    }

    /// A small world whose persons have each been taught 20 symbols drawn at random, most of
    /// them foreign; and the generator after the teaching.
    fn well_read(persons: u32, per_community: u32, seed: u64) -> (Population, ModelRng) {
        let params = NanoParams {
            persons,
            symbols_per_community: per_community,
            ..crate::sim::testing::small_params()
        };
        let mut rng = seeded(seed);
        let mut population = Population::generate(&params, &mut rng);
        let symbols = population.symbols.len() as u32;
        for _ in 0..20 * persons {
            let person = below(&mut rng, persons);
            population.learn_symbol(person, below(&mut rng, symbols) as usize);
        }
        (population, rng)
    }

    #[test]
    pub(super) fn the_forgetting_pass_forgets_what_the_plain_walk_forgets_from_the_same_draws() {
        // One word of symbols and two; rates from rare (gaps past the table, persons passed
        // many at a time) to certain; every pass leaves the generator where the walk does.
        for (per_community, rate) in [(4, 0.0005), (4, 0.04), (4, 0.6), (30, 0.04), (30, 1.0)] {
            let (mut population, mut rng) = well_read(500, per_community, u64::from(per_community));
            let mut plain = population.clone();
            let mut plain_rng = rng.clone();
            for tick in 0..5 {
                let forgotten = population.forget_foreign_symbols(rate, &mut rng);
                let expected = forget_by_walking(&mut plain, rate, &mut plain_rng);
                let case = format!("{per_community} a community, rate {rate}, tick {tick}");
                assert_eq!(forgotten, expected, "{case}");
                assert_eq!(population.repertoire, plain.repertoire, "{case}");
                assert_eq!(population.foreign_known, plain.foreign_known, "{case}");
                assert_eq!(rng, plain_rng, "{case}: the generator");
            }
            assert_eq!(population.foreign_known, population.count_foreign_known());
        }
    }

    #[test]
    fn the_logged_pass_forgets_the_same_and_names_what_it_forgot() {
        // Two words of symbols, so that a symbol's id is read across words.
        let (mut population, mut rng) = well_read(300, 30, 5);
        let symbols = population.symbols.len();
        let mut logged = population.clone();
        let mut logged_rng = rng.clone();
        for _ in 0..5 {
            let before = logged.clone();
            let forgotten = population.forget_foreign_symbols(0.1, &mut rng);
            let mut named = Vec::new();
            let count = logged.forget_foreign_symbols_logged(0.1, &mut logged_rng, |p, s| {
                named.push((p, s as usize));
            });
            assert_eq!(count, forgotten);
            assert_eq!(logged.repertoire, population.repertoire);
            assert_eq!(logged_rng, rng, "the same draws");
            // Exactly the symbols known before and not after, in order of person and symbol.
            let mut expected = Vec::new();
            for p in 0..300u32 {
                for s in 0..symbols {
                    if before.knows(p, s) && !logged.knows(p, s) {
                        assert!(before.is_foreign(p, s), "only foreign symbols");
                        expected.push((p, s));
                    }
                }
            }
            assert_eq!(named, expected);
            assert_eq!(named.len() as u64, forgotten);
            assert!(forgotten > 0);
        }
    }

    #[test]
    pub(super) fn geometric_gaps_have_the_geometric_distribution() {
        // P(G = k) = rate (1 - rate)^k: the counts of 0..5 and of the tail against their
        // expectations, by chi-square (5 degrees of freedom: 20.5 is the 0.1% point).
        for rate in [0.04, 0.3, 0.9] {
            let gaps = GeometricGaps::new(rate);
            let mut rng = seeded(7);
            let draws = 200_000;
            let mut counts = [0u64; 6];
            for _ in 0..draws {
                let g = gaps.draw(&mut rng, u64::MAX) as usize;
                counts[g.min(5)] += 1;
            }
            let keep: f64 = 1.0 - rate;
            let chi2: f64 = (0..6)
                .map(|k| {
                    let p = if k < 5 {
                        rate * keep.powi(k as i32)
                    } else {
                        keep.powi(5)
                    };
                    let expected = p * draws as f64;
                    (counts[k] as f64 - expected).powi(2) / expected
                })
                .sum();
            assert!(chi2 < 20.5, "rate {rate}: chi-square {chi2}, {counts:?}");
        }
    }

    #[test]
    pub(super) fn the_logarithm_estimate_is_within_its_bound() {
        let mut rng = seeded(9);
        for _ in 0..100_000 {
            let v = 1.0 - unit(&mut rng);
            assert!((log2_estimate(v) - v.log2()).abs() < 0.008, "{v}");
        }
        assert_eq!(log2_estimate(1.0), 0.0);
        assert_eq!(log2_estimate(0.5), -1.0);
    }

    #[test]
    pub(super) fn long_gaps_continue_past_the_table_and_stop_when_enough() {
        // With a tiny rate nearly every gap runs past the table: its mean is about
        // (1 - rate) / rate, and a limit stops it.
        let rate = 1e-4;
        let gaps = GeometricGaps::new(rate);
        let mut rng = seeded(8);
        let n = 4_000;
        let mean = (0..n)
            .map(|_| gaps.draw(&mut rng, u64::MAX) as f64)
            .sum::<f64>()
            / f64::from(n);
        let expected = (1.0 - rate) / rate;
        // The standard deviation of a mean of n gaps is about expected / sqrt(n).
        assert!(
            (mean - expected).abs() < 5.0 * expected / f64::from(n).sqrt(),
            "{mean}"
        );
        // A limit stops the extension within one table's length past it.
        let g = GeometricGaps::new(1e-9).draw(&mut rng, 5_000);
        assert!((5_000..=5_000 + GAP_TABLE as u64).contains(&g), "{g}");
        // A rate so small that 1 - rate rounds to 1 never loops for ever.
        let never = GeometricGaps::new(1e-18);
        assert!(never.draw(&mut rng, 1_000_000) >= 1_000_000);
        // Rate 1: every trial succeeds.
        assert_eq!(GeometricGaps::new(1.0).draw(&mut rng, u64::MAX), 0);
    }
}
