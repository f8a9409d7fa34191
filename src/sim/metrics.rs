//! What is measured each recorded tick (the data collector's model reporters), as numbers;
//! `runs` names them as columns and writes them.

use serde::{Deserialize, Serialize};

use super::model::NanoModel;
use super::ties::Stage;

/// The measures of one tick. docs/model.md, "What is measured", defines each exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Ticks done.
    pub tick: u64,
    /// Contacts that took place in this tick.
    pub contacts: u64,
    /// Contacts that succeeded in this tick.
    pub successes: u64,
    /// Public events held in this tick.
    pub public_events: u64,
    /// Ties of every stage.
    pub ties: u64,
    /// Ties at the friend stage or closer (kin included).
    pub friends: u64,
    /// Kin ties.
    pub kin: u64,
    /// Kin ties between persons of different communities.
    pub kin_cross_community: u64,
    /// Their share of all kin ties.
    pub kin_cross_share: f64,
    /// Mean affinity over all ties.
    pub mean_affinity: f64,
    /// Share of persons in the largest connected component of the kin network.
    pub kin_giant_share: f64,
    /// Connected components of the kin network, a person without kin counting as one.
    pub kin_components: u64,
    /// Krackhardt and Stern's E-I index of the kin network by community: (E - I) / (E + I).
    pub ei_index: f64,
    /// Mean number of symbols a person knows.
    pub mean_symbols: f64,
    /// Share of a known symbol's other persons who know it too (see docs/model.md).
    pub symbol_overlap: f64,
    /// Number of distinct customs vectors.
    pub distinct_cultures: u64,
    /// Shannon entropy of the customs vectors, in bits.
    pub customs_entropy: f64,
    /// Share of pairs of persons with a common language.
    pub common_language_share: f64,
    /// Mean openness.
    pub mean_openness: f64,
    /// Exposures of hidden agendas since the start (a holder can be exposed more than once).
    pub agendas_exposed: u64,
    /// Whether a crisis is on.
    pub crisis: bool,
    /// Kin ties between persons of different belief.
    pub kin_cross_belief: u64,
    /// Their share of all kin ties.
    pub kin_cross_belief_share: f64,
    /// Kin ties between persons of different mother tongue.
    pub kin_cross_tongue: u64,
    /// Their share of all kin ties.
    pub kin_cross_tongue_share: f64,
    /// Kin ties between persons whose socio-economic levels are at least 0.2 apart.
    pub kin_cross_ses: u64,
    /// Their share of all kin ties.
    pub kin_cross_ses_share: f64,
    /// Kin ties between persons whose appearances are at least 0.2 apart.
    pub kin_cross_appearance: u64,
    /// Their share of all kin ties.
    pub kin_cross_appearance_share: f64,
    /// Mean familiarity with foreign communities: the mean of `f(p, c)` over persons `p` and
    /// the communities `c` not their own (0 with one community).
    pub familiarity: f64,
    /// Mean kin ties per person of the poorest third by socio-economic level over the richest
    /// third's; `None` (an empty CSV field) when the richest third has no kin tie or there are
    /// fewer than three persons.
    pub kin_equity: Option<f64>,
}

/// How far apart two socio-economic levels or appearances must be for a kin tie between them
/// to count as bridging that difference.
pub const BRIDGING_DISTANCE: f64 = 0.2;

impl Metrics {
    /// Measures a model as it stands.
    pub fn measure(model: &NanoModel) -> Self {
        let population = model.population();
        let n = population.len();
        let ties = model.ties();

        let (mut friends, mut kin, mut kin_cross) = (0u64, 0u64, 0u64);
        let mut bridging = Bridging::default();
        let mut kin_degree = vec![0u32; n];
        let mut components = UnionFind::new(n);
        // The communities in an array of their own: a byte a person fits the cache, where the
        // ties' ends, in the order the ties were made, would read whole person records at
        // random.
        let communities: Vec<u8> = population.persons.iter().map(|p| p.community).collect();
        for (_, tie) in ties.iter() {
            // Counted as a number, not under a branch that a mix of stages would mispredict.
            friends += u64::from(tie.stage >= Stage::Friend);
            if tie.stage == Stage::Kin {
                kin += 1;
                kin_cross += u64::from(communities[tie.a as usize] != communities[tie.b as usize]);
                components.union(tie.a, tie.b);
                let (pa, pb) = (
                    &population.persons[tie.a as usize],
                    &population.persons[tie.b as usize],
                );
                bridging.belief += u64::from(pa.belief != pb.belief);
                bridging.tongue += u64::from(pa.mother_tongue != pb.mother_tongue);
                bridging.ses += u64::from((pa.ses - pb.ses).abs() >= BRIDGING_DISTANCE);
                bridging.appearance +=
                    u64::from((pa.appearance - pb.appearance).abs() >= BRIDGING_DISTANCE);
                kin_degree[tie.a as usize] += 1;
                kin_degree[tie.b as usize] += 1;
            }
        }
        let (component_count, largest) = components.count_and_largest();

        let holders = population.symbol_holders();
        let known: u64 = holders.iter().sum();
        let shared_with_others: f64 = holders
            .iter()
            .map(|&h| h as f64 * h.saturating_sub(1) as f64)
            .sum();
        let symbol_overlap = if known > 0 && n > 1 {
            shared_with_others / ((n - 1) as f64 * known as f64)
        } else {
            0.0
        };

        let (distinct_cultures, customs_entropy) = customs_diversity(model);

        let counts = model.counts();
        Metrics {
            tick: model.tick(),
            contacts: counts.contacts,
            successes: counts.successes,
            public_events: counts.public_events,
            ties: ties.len() as u64,
            friends,
            kin,
            kin_cross_community: kin_cross,
            kin_cross_share: ratio(kin_cross as f64, kin as f64),
            mean_affinity: ratio(ties.affinity_sum(), ties.len() as f64),
            kin_giant_share: ratio(largest as f64, n as f64),
            kin_components: component_count as u64,
            ei_index: ratio(kin_cross as f64 - (kin - kin_cross) as f64, kin as f64),
            mean_symbols: ratio(known as f64, n as f64),
            symbol_overlap,
            distinct_cultures,
            customs_entropy,
            common_language_share: common_language_share(model),
            mean_openness: ratio(
                population.persons.iter().map(|p| p.openness).sum(),
                n as f64,
            ),
            agendas_exposed: model.agendas_exposed(),
            crisis: model.crisis().is_some(),
            kin_cross_belief: bridging.belief,
            kin_cross_belief_share: ratio(bridging.belief as f64, kin as f64),
            kin_cross_tongue: bridging.tongue,
            kin_cross_tongue_share: ratio(bridging.tongue as f64, kin as f64),
            kin_cross_ses: bridging.ses,
            kin_cross_ses_share: ratio(bridging.ses as f64, kin as f64),
            kin_cross_appearance: bridging.appearance,
            kin_cross_appearance_share: ratio(bridging.appearance as f64, kin as f64),
            familiarity: mean_foreign_familiarity(model),
            kin_equity: kin_equity(model, &kin_degree),
        }
    }
}

/// Kin ties that bridge a difference other than community.
#[derive(Default)]
struct Bridging {
    belief: u64,
    tongue: u64,
    ses: u64,
    appearance: u64,
}

/// The mean of `f(p, c)` over persons `p` and the communities `c` not their own.
fn mean_foreign_familiarity(model: &NanoModel) -> f64 {
    let population = model.population();
    let communities = model.params().communities as u8;
    if communities < 2 || population.is_empty() {
        return 0.0;
    }
    // Each person's count of the symbols of other communities it knows, kept by the model.
    let known: u64 = (0..population.len() as u32)
        .map(|p| u64::from(population.foreign_known(p)))
        .sum();
    let possible = population.len() as f64
        * f64::from(communities - 1)
        * f64::from(model.params().symbols_per_community);
    known as f64 / possible
}

/// The poorest third's mean kin ties per person over the richest third's. Persons are ranked
/// by socio-economic level (ties broken by id); each third has `n / 3` persons, rounded down.
fn kin_equity(model: &NanoModel, kin_degree: &[u32]) -> Option<f64> {
    let persons = &model.population().persons;
    let third = persons.len() / 3;
    if third == 0 {
        return None;
    }
    // The thirds need only be apart from the middle, not sorted within: two selections, each
    // linear, instead of a sort of everyone at every recorded tick (the order is total, so
    // the thirds are the same persons).
    let order = |&p: &u32, &q: &u32| {
        persons[p as usize]
            .ses
            .total_cmp(&persons[q as usize].ses)
            .then(p.cmp(&q))
    };
    let mut by_ses: Vec<u32> = (0..persons.len() as u32).collect();
    by_ses.select_nth_unstable_by(third, order);
    let n = by_ses.len();
    by_ses[third..].select_nth_unstable_by(n - 2 * third, order);
    let kin_of = |group: &[u32]| -> u64 {
        group
            .iter()
            .map(|&p| u64::from(kin_degree[p as usize]))
            .sum()
    };
    let poorest = kin_of(&by_ses[..third]);
    let richest = kin_of(&by_ses[by_ses.len() - third..]);
    // Both thirds have `third` persons, so the ratio of means is the ratio of sums.
    (richest > 0).then(|| poorest as f64 / richest as f64)
}

/// `x / y`, or 0 when `y` is 0 (no ties, no kin, nobody).
fn ratio(x: f64, y: f64) -> f64 {
    if y == 0.0 { 0.0 } else { x / y }
}

/// The number of distinct customs vectors and the Shannon entropy (bits) of their shares.
fn customs_diversity(model: &NanoModel) -> (u64, f64) {
    let population = model.population();
    let n = population.len();
    // The size of each class of equal customs, found by sorting the customs (each packed into
    // one number when it fits: a sort of numbers is several times faster than hashing rows).
    let mut sizes = if population.features() <= 8 {
        class_sizes(
            (0..n as u32)
                .map(|p| {
                    let mut bytes = [0u8; 8];
                    bytes[..population.features()].copy_from_slice(population.customs(p));
                    u64::from_le_bytes(bytes)
                })
                .collect(),
        )
    } else {
        class_sizes((0..n as u32).map(|p| population.customs(p)).collect())
    };
    // Summed in a fixed order (by size), so that the value depends only on the sizes.
    sizes.sort_unstable();
    let entropy = sizes
        .iter()
        .map(|&c| {
            let share = c as f64 / n as f64;
            -share * share.log2()
        })
        .sum::<f64>();
    (sizes.len() as u64, entropy.max(0.0))
}

/// The size of each class of equal keys, in the keys' sorted order.
fn class_sizes<T: Ord>(mut keys: Vec<T>) -> Vec<u64> {
    keys.sort_unstable();
    keys.chunk_by(|x, y| x == y)
        .map(|class| class.len() as u64)
        .collect()
}

/// The share of unordered pairs of distinct persons who speak a language in common, counted
/// exactly through the few distinct sets of spoken languages.
fn common_language_share(model: &NanoModel) -> f64 {
    let population = model.population();
    let n = population.len() as u64;
    if n < 2 {
        return 0.0;
    }
    let mut by_set = [0u64; 256];
    for p in 0..n as u32 {
        by_set[population.spoken(p) as usize] += 1;
    }
    let sets: Vec<(usize, u64)> = by_set
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(s, &c)| (s, c))
        .collect();
    let mut pairs = 0u64;
    for (i, &(s1, c1)) in sets.iter().enumerate() {
        if s1 != 0 {
            pairs += c1 * (c1 - 1) / 2;
        }
        for &(s2, c2) in &sets[i + 1..] {
            if s1 & s2 != 0 {
                pairs += c1 * c2;
            }
        }
    }
    pairs as f64 / (n * (n - 1) / 2) as f64
}

/// Disjoint sets with union by size, for the kin network's components.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra as usize] < self.size[rb as usize] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb as usize] = ra;
        self.size[ra as usize] += self.size[rb as usize];
    }

    /// The number of sets and the size of the largest.
    fn count_and_largest(&mut self) -> (usize, u32) {
        let mut count = 0;
        let mut largest = 0;
        for x in 0..self.parent.len() as u32 {
            if self.find(x) == x {
                count += 1;
                largest = largest.max(self.size[x as usize]);
            }
        }
        (count, largest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_counts_components() {
        let mut uf = UnionFind::new(6);
        uf.union(0, 1);
        uf.union(1, 2);
        uf.union(4, 5);
        assert_eq!(uf.count_and_largest(), (3, 3));
    }

    #[test]
    fn customs_diversity_counts_the_classes_of_equal_customs() {
        // Both ways of sorting (customs packed into a number up to 8 features, rows beyond),
        // against classes counted in a map.
        for features in [1, 5, 8, 9, 12] {
            let params = crate::sim::NanoParams {
                features,
                traits: 2,
                ..crate::sim::testing::small_params()
            };
            let model = NanoModel::new(params, 5);
            let population = model.population();
            let mut classes = std::collections::BTreeMap::<&[u8], u64>::new();
            for p in 0..population.len() as u32 {
                *classes.entry(population.customs(p)).or_default() += 1;
            }
            let mut sizes: Vec<u64> = classes.into_values().collect();
            sizes.sort_unstable();
            assert!(sizes.len() < population.len(), "some persons share customs");
            let n = population.len() as f64;
            let entropy: f64 = sizes
                .iter()
                .map(|&c| -(c as f64 / n) * (c as f64 / n).log2())
                .sum();
            assert_eq!(
                customs_diversity(&model),
                (sizes.len() as u64, entropy.max(0.0)),
                "{features} features"
            );
        }
    }
}
