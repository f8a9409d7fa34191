//! Symbols: each person's repertoire as a bit set, learning and forgetting one, familiarity
//! with a community (a masked popcount), and the offer a giver draws for a taker.

use super::Population;
use crate::sim::rng::{ModelRng, below};

impl Population {
    /// A person's repertoire of symbols, as a bit set.
    pub fn repertoire(&self, person: u32) -> &[u64] {
        let start = person as usize * self.words;
        &self.repertoire[start..start + self.words]
    }

    /// Whether a person knows a symbol.
    pub fn knows(&self, person: u32, symbol: usize) -> bool {
        self.repertoire(person)[symbol / 64] & (1 << (symbol % 64)) != 0
    }

    /// Teaches a person a symbol.
    #[inline]
    pub fn learn_symbol(&mut self, person: u32, symbol: usize) {
        let bit = 1 << (symbol % 64);
        let word = &mut self.repertoire[person as usize * self.words + symbol / 64];
        if *word & bit == 0 {
            *word |= bit;
            let foreign = self.is_foreign(person, symbol);
            self.foreign_known[person as usize] += u16::from(foreign);
        }
    }

    /// Forgets a symbol.
    pub fn forget_symbol(&mut self, person: u32, symbol: usize) {
        let bit = 1 << (symbol % 64);
        let word = &mut self.repertoire[person as usize * self.words + symbol / 64];
        if *word & bit != 0 {
            *word &= !bit;
            let foreign = self.is_foreign(person, symbol);
            self.foreign_known[person as usize] -= u16::from(foreign);
        }
    }

    /// Whether a symbol comes from another community than the person's: by the same bit sets
    /// as the forgetting pass, so that the counts of known foreign symbols and the pass agree.
    pub(super) fn is_foreign(&self, person: u32, symbol: usize) -> bool {
        self.community_mask(self.persons[person as usize].community)[symbol / 64]
            & (1 << (symbol % 64))
            == 0
    }

    /// How many symbols of community `community` a person knows.
    #[inline]
    pub fn known_of_community(&self, person: u32, community: u8) -> u32 {
        let mask = self.community_mask(community);
        self.repertoire(person)
            .iter()
            .zip(mask)
            .map(|(r, m)| (r & m).count_ones())
            .sum()
    }

    /// Familiarity `f(p, c)`: the share of community `c`'s symbols that person `p` knows
    /// (docs/model.md, rule 3).
    #[inline]
    pub fn familiarity(&self, person: u32, community: u8) -> f64 {
        f64::from(self.known_of_community(person, community))
            / f64::from(self.symbols_per_community)
    }

    /// The number of communities.
    pub fn communities(&self) -> usize {
        self.community_symbols.len() / self.words.max(1)
    }

    /// A person's familiarity with each community, by community id, its own included: how the
    /// world looks through its eyes.
    pub fn familiarities(&self, person: u32) -> Vec<f64> {
        (0..self.communities())
            .map(|c| self.familiarity(person, c as u8))
            .collect()
    }

    /// Everyone's familiarity with a community, by person id: how well the world knows it.
    pub fn familiarity_with(&self, community: u8) -> impl ExactSizeIterator<Item = f64> + '_ {
        (0..self.len() as u32).map(move |q| self.familiarity(q, community))
    }

    /// Everyone's familiarity with a person's community, by person id: how well the world knows
    /// the culture it comes from.
    pub fn familiarity_with_community_of(
        &self,
        person: u32,
    ) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.familiarity_with(self.persons[person as usize].community)
    }

    /// The bit set of a community's own symbols.
    pub(super) fn community_mask(&self, community: u8) -> &[u64] {
        let start = community as usize * self.words;
        &self.community_symbols[start..start + self.words]
    }

    /// How many symbols a person knows, of every community.
    pub fn known_count(&self, person: u32) -> u32 {
        self.repertoire(person).iter().map(|w| w.count_ones()).sum()
    }

    /// A person's mean familiarity with the communities not its own (docs/model.md, rule 3:
    /// the mean of `f(p, c)` over them, every community having `symbols_per_community`
    /// symbols); 0 with one community.
    pub fn foreign_familiarity(&self, person: u32, communities: u32) -> f64 {
        if communities < 2 {
            return 0.0;
        }
        f64::from(self.foreign_known(person))
            / (f64::from(communities - 1) * f64::from(self.symbols_per_community))
    }

    /// How many symbols of other communities a person knows.
    pub fn foreign_known(&self, person: u32) -> u32 {
        u32::from(self.foreign_known[person as usize])
    }

    /// Each person's count of known foreign symbols, counted from the repertoires.
    pub(super) fn count_foreign_known(&self) -> Vec<u16> {
        (0..self.persons.len())
            .map(|p| {
                let own = self.community_mask(self.persons[p].community);
                self.repertoire(p as u32)
                    .iter()
                    .zip(own)
                    .map(|(r, m)| (r & !m).count_ones() as u16)
                    .sum()
            })
            .collect()
    }

    /// The ids of the symbols a person knows.
    pub fn symbols_known(&self, person: u32) -> Vec<usize> {
        (0..self.symbols.len())
            .filter(|&s| self.knows(person, s))
            .collect()
    }

    /// Draws uniformly a symbol that `giver` knows and `taker` lacks, non-verbal only if asked;
    /// `None` when there is none.
    pub fn draw_offer(
        &self,
        giver: u32,
        taker: u32,
        nonverbal_only: bool,
        rng: &mut ModelRng,
    ) -> Option<usize> {
        let offerable = |w: usize| {
            let bits = self.repertoire(giver)[w] & !self.repertoire(taker)[w];
            if nonverbal_only {
                bits & self.nonverbal[w]
            } else {
                bits
            }
        };
        if self.words == 1 {
            // One word (up to 64 symbols, the presets' case): the same draw without the loops
            // over words.
            let bits = offerable(0);
            if bits == 0 {
                return None;
            }
            return Some(nth_set_bit(bits, below(rng, bits.count_ones())) as usize);
        }
        let mut offer = [0u64; 4];
        let mut total = 0u32;
        for (w, slot) in offer.iter_mut().enumerate().take(self.words) {
            *slot = offerable(w);
            total += slot.count_ones();
        }
        if total == 0 {
            return None;
        }
        let mut k = below(rng, total);
        for (w, &bits) in offer.iter().enumerate() {
            let ones = bits.count_ones();
            if k < ones {
                return Some(w * 64 + nth_set_bit(bits, k) as usize);
            }
            k -= ones;
        }
        unreachable!("k is below the number of offerable symbols")
    }

    /// How many persons know each symbol.
    pub fn symbol_holders(&self) -> Vec<u64> {
        let mut holders = vec![0u64; self.symbols.len()];
        for row in self.repertoire.chunks_exact(self.words.max(1)) {
            for (s, count) in holders.iter_mut().enumerate() {
                // Added as a number, not under a branch on a bit that the processor cannot predict.
                *count += (row[s / 64] >> (s % 64)) & 1;
            }
        }
        holders
    }
}

/// The position of the `k`-th set bit of `bits`, counting from the lowest as the 0th (`k` below
/// the number of set bits).
fn nth_set_bit(bits: u64, k: u32) -> u32 {
    debug_assert!(k < bits.count_ones());
    without_lowest_set_bits(bits, u64::from(k)).trailing_zeros()
}

/// `bits` with its `k` lowest set bits cleared: a loop of `k` steps, which for the few symbols
/// a person knows is quicker than a select without branches (docs/performance.md).
#[inline(always)]
pub(super) fn without_lowest_set_bits(mut bits: u64, k: u64) -> u64 {
    for _ in 0..k {
        bits &= bits - 1; // drop the lowest set bit
    }
    bits
}
