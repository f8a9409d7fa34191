//! The n-fold way (rejection-free kinetic Monte Carlo): only the events that change something
//! are drawn, and the idle events between them counted in one geometric draw.

use super::grid::DEGREE;
use super::{AxelrodModel, AxelrodOutcome};
use crate::sim::rng::{ModelRng, below, below_u64, unit};

impl AxelrodModel {
    /// Like [`run`](Self::run), until no active bond is left or `max_events` events have been
    /// done in all, but by the n-fold way (rejection-free kinetic Monte Carlo, Bortz, Kalos and
    /// Lebowitz 1975): it draws only the events that change something, and counts the ones in
    /// between that would have changed nothing without doing them.
    ///
    /// An event of the plain method picks the directed pair `i -> j` with probability
    /// `1 / (N deg(i))` (`N = size²`) and then changes `i` with probability `overlap / F` if the
    /// bond is active, so it changes something with probability
    /// `P = Σ (1 / (N deg(i))) (overlap(i, j) / F)` over the active directed pairs. The number of
    /// events up to and including the next change is then geometric with parameter `P`, and the
    /// pair that changes is `i -> j` with probability proportional to `overlap(i, j) / deg(i)`;
    /// `i` then copies one of the features where they differ, uniformly, as in the plain method.
    /// The weights are kept as integers (`overlap × 12 / deg(i)`), summed per site and sampled
    /// by composition and rejection in O(1); only the changed site and the neighbours whose
    /// bond changed are updated after a change.
    ///
    /// The runs have the same distribution as [`run`](Self::run)'s: the same sequence of
    /// changes with the same probabilities, the same stable regions at convergence and the same
    /// distribution of events to convergence. They are not the same runs for the same seed
    /// (the draws differ, and the event counts are drawn with floating point logarithms), but
    /// they are reproducible from the seed. If the next change would fall after `max_events`,
    /// the run stops at `max_events` without it: the events skipped change nothing.
    ///
    /// It leaves the model as [`run`](Self::run) does (cultures, overlaps, active count, event
    /// count and generator), so every other method, saving included, works after it.
    ///
    /// It costs O(sites) per call to build its rates, then O(1) per change, about fifteen
    /// times a plain attempt that changes nothing: it pays where fewer than about one attempt
    /// in fifteen changes something. In Axelrod's model that is the fragmented phase (many
    /// traits: `F = 5, q = 30` or `F = 3, q = 20`, several times faster); it does not pay at
    /// `F = 5, q = 10`, where a quarter of the attempts change something on average and about
    /// one in ten even in the last stage, so that the plain method is faster there, and it
    /// breaks about even at `F = 2, q = 3` (docs/performance.md).
    pub fn run_nfold(&mut self, max_events: Option<u64>) -> AxelrodOutcome {
        self.run_nfold_weighted(max_events, NFOLD_FACTORS)
    }

    /// The n-fold way with the weight of a directed pair `overlap × factors[deg(i)]`: the exact
    /// factors are [`NFOLD_FACTORS`]; the tests give wrong ones to check that a wrong method
    /// is caught.
    pub(super) fn run_nfold_weighted(
        &mut self,
        max_events: Option<u64>,
        factors: [u32; 5],
    ) -> AxelrodOutcome {
        let limit = max_events.unwrap_or(u64::MAX);
        if self.active > 0 && self.events < limit {
            let mut rng = self.rng.clone();
            let mut rates = SiteRates::new(self, factors);
            // P = total / (12 N F): the weights are (12 / deg(i)) overlap, the probabilities
            // (1 / (N deg(i))) (overlap / F).
            let scale = 12 * u64::from(self.sites) * u64::from(self.params.features);
            let features = self.params.features;
            while self.active > 0 && self.events < limit {
                let wait = events_to_change(&mut rng, rates.total, scale);
                if wait > limit - self.events {
                    self.events = limit;
                    break;
                }
                self.events += wait;
                // The pair that changes: a site by its weight, then a bond by its overlap.
                let (s, offset) = rates.draw(&mut rng);
                let kind = usize::from(self.kinds[s] & 15);
                let mut rest = offset / factors[usize::from(DEGREE[kind])];
                let mut chosen = None;
                for (n, slot) in self.links_of(s) {
                    let overlap = u32::from(self.overlaps[slot]);
                    if overlap > 0 && overlap < features {
                        if rest < overlap {
                            chosen = Some((n, overlap));
                            break;
                        }
                        rest -= overlap;
                    }
                }
                let (n, overlap) = chosen.expect("the draw falls on one of the site's bonds");
                let pick = below(&mut rng, features - overlap);
                // The bonds whose overlap changed, and the change of their weight per factor.
                let mut changed = [(0usize, 0i32); 4];
                let mut count = 0;
                let mut parts = self.parts();
                parts.copy_trait_then(s, n, pick, |m, before, after| {
                    let weight = |o: u8| i32::from(o) * i32::from(u32::from(o) < features);
                    changed[count] = (m, weight(after) - weight(before));
                    count += 1;
                });
                self.active = parts.active;
                let mut own = 0;
                for &(m, delta) in &changed[..count] {
                    own += delta;
                    let factor = factors[usize::from(DEGREE[usize::from(self.kinds[m] & 15)])];
                    rates.add(m, delta * factor as i32);
                }
                rates.add(s, own * factors[usize::from(DEGREE[kind])] as i32);
                #[cfg(test)]
                rates.check(self, factors);
            }
            self.rng = rng;
        }
        self.outcome()
    }
}

/// Per degree of a site (0 to 4), the integer weight of one shared feature on one of its active
/// bonds in the n-fold way: `12 / deg`, so that the weights are proportional to
/// `(1 / deg) × overlap` and stay integers.
pub(super) const NFOLD_FACTORS: [u32; 5] = [0, 12, 6, 4, 3];

/// The number of weight classes of [`SiteRates`]: a site's weight is at most
/// `12 × 4 × 254 < 2^14`.
const CLASSES: usize = 14;

/// The n-fold way's rates: per site, the integer weight of its changes (`factor(deg)` times the
/// sum of the overlaps of its active bonds), sampled in O(1) by composition and rejection
/// (Slepoy, Thompson and Plimpton 2008): the sites of positive weight are kept in classes by
/// weight, class `k` holding the weights in `2^k..2^(k+1)`; a draw picks a class by its total
/// weight, then a site of the class uniformly, accepted with probability `weight / 2^(k+1)`
/// (at least one half).
struct SiteRates {
    /// Per site, its weight.
    weights: Vec<u32>,
    /// Per site of positive weight, its index in its class's list.
    places: Vec<u32>,
    /// Per class, its sites.
    members: [Vec<u32>; CLASSES],
    /// Per class, the sum of its weights.
    sums: [u64; CLASSES],
    /// The sum of all weights.
    total: u64,
}

impl SiteRates {
    /// The rates of every site of the model, built in O(sites).
    fn new(model: &AxelrodModel, factors: [u32; 5]) -> Self {
        let sites = model.sites();
        let features = model.params.features;
        let mut rates = Self {
            weights: vec![0; sites],
            places: vec![0; sites],
            members: Default::default(),
            sums: [0; CLASSES],
            total: 0,
        };
        for s in 0..sites {
            let shared: u32 = model
                .links_of(s)
                .map(|(_, slot)| u32::from(model.overlaps[slot]))
                .filter(|&overlap| overlap > 0 && overlap < features)
                .sum();
            let factor = factors[usize::from(DEGREE[usize::from(model.kinds[s] & 15)])];
            rates.add(s, (factor * shared) as i32);
        }
        rates
    }

    /// Checks the rates against a rebuild from the model: the same weights and total, each
    /// class holding exactly the sites of its weights, with their places and sums.
    #[cfg(test)]
    fn check(&self, model: &AxelrodModel, factors: [u32; 5]) {
        let fresh = Self::new(model, factors);
        assert_eq!(self.weights, fresh.weights);
        assert_eq!(self.total, fresh.total);
        assert_eq!(self.total, self.sums.iter().sum::<u64>());
        for (k, list) in self.members.iter().enumerate() {
            let sum: u64 = list
                .iter()
                .map(|&s| u64::from(self.weights[s as usize]))
                .sum();
            assert_eq!(sum, self.sums[k], "class {k}");
            for (place, &s) in list.iter().enumerate() {
                assert_eq!(Self::class(self.weights[s as usize]), k);
                assert_eq!(self.places[s as usize] as usize, place);
            }
        }
        let members: usize = self.members.iter().map(Vec::len).sum();
        assert_eq!(members, self.weights.iter().filter(|&&w| w > 0).count());
    }

    /// The class of a positive weight.
    #[inline]
    fn class(weight: u32) -> usize {
        weight.ilog2() as usize
    }

    /// Adds `delta` to the weight of site `s`.
    #[inline]
    fn add(&mut self, s: usize, delta: i32) {
        if delta == 0 {
            return;
        }
        let old = self.weights[s];
        let new = old.wrapping_add_signed(delta);
        debug_assert!(new < 1 << CLASSES, "weight {old} + {delta} out of range");
        self.weights[s] = new;
        self.total = self.total.wrapping_add_signed(i64::from(delta));
        if old > 0 && new > 0 && Self::class(old) == Self::class(new) {
            let k = Self::class(new);
            self.sums[k] = self.sums[k].wrapping_add_signed(i64::from(delta));
            return;
        }
        if old > 0 {
            let k = Self::class(old);
            self.sums[k] -= u64::from(old);
            let place = self.places[s] as usize;
            let list = &mut self.members[k];
            list.swap_remove(place);
            if let Some(&moved) = list.get(place) {
                self.places[moved as usize] = place as u32;
            }
        }
        if new > 0 {
            let k = Self::class(new);
            self.sums[k] += u64::from(new);
            self.places[s] = self.members[k].len() as u32;
            self.members[k].push(s as u32);
        }
    }

    /// A site drawn with probability proportional to its weight (the total must be positive),
    /// and an offset uniform in `0..its weight`, independent of the site.
    #[inline]
    fn draw(&self, rng: &mut ModelRng) -> (usize, u32) {
        let mut target = below_u64(rng, self.total);
        let mut k = 0;
        while target >= self.sums[k] {
            target -= self.sums[k];
            k += 1;
        }
        let list = &self.members[k];
        let len = list.len() as u32;
        loop {
            let s = list[below(rng, len) as usize] as usize;
            let offset = below(rng, 2 << k);
            if offset < self.weights[s] {
                return (s, offset);
            }
        }
    }
}

/// The number of events up to and including the next change, each event a change with
/// probability `p = weight / scale` (`0 < weight < scale`): Geometric(p) on 1, 2, ....
///
/// For `p >= 1/4`, by drawing the events one by one, each an exact integer Bernoulli draw
/// (at most 4 on average); below, by inversion, `1 + floor(ln(1 - u) / ln(1 - p))` with `u`
/// uniform in `[0, 1)` (53 bits) and both logarithms by `ln_1p`, so that a tiny `p` keeps its
/// precision. Saturates at `u64::MAX`.
#[inline]
fn events_to_change(rng: &mut ModelRng, weight: u64, scale: u64) -> u64 {
    debug_assert!(0 < weight && weight < scale, "p = {weight} / {scale}");
    if 4 * weight >= scale {
        let mut events = 1;
        while below_u64(rng, scale) >= weight {
            events += 1;
        }
        return events;
    }
    let p = weight as f64 / scale as f64;
    let u = unit(rng);
    // Both logarithms are <= 0 (the first is 0 only for u = 0): the ratio is >= 0, and `as`
    // rounds it down and saturates.
    let failures = ((-u).ln_1p() / (-p).ln_1p()) as u64;
    failures.saturating_add(1)
}
