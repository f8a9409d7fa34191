//! The persons of a world and the symbols they can share, and how a scenario's population is
//! drawn at the start of a run.
//!
//! Attributes that every person has one of live in [`Person`]; customs, fluencies and repertoires
//! are rows of flat arrays (one row per person), which keeps a million persons compact.

use serde::{Deserialize, Serialize};

use super::prefetch;

use super::params::{NanoParams, SymbolKind};
use super::rng::{ModelRng, below, chance, unit};
use super::spatial::Position;

/// One person: a nano actor, with no power over anyone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The household it belongs to; members of a household start as kin.
    pub household: u32,
    /// Its community (ethnicity, appearance), drawn as a hue.
    pub community: u8,
    /// Its belief.
    pub belief: u8,
    /// Its mother tongue.
    pub mother_tongue: u8,
    /// Socio-economic level, 0 to 1.
    pub ses: f64,
    /// Appearance (skin colour), 0 to 1: its household's, drawn around its community's centre.
    pub appearance: f64,
    /// Openness to strangers, 0 to 1.
    pub openness: f64,
    /// Whether it hides an agenda behind its contacts.
    pub hidden_agenda: bool,
}

/// One symbol of the world's catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Symbol {
    /// The community it originates in.
    pub origin: u8,
    /// Verbal or non-verbal.
    pub kind: SymbolKind,
    /// Its display name.
    pub name: String,
}

/// All persons, with their customs, languages and symbols.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Population {
    /// The persons, indexed by id.
    pub persons: Vec<Person>,
    /// Home positions, indexed by person id (homes never move).
    pub homes: Vec<Position>,
    /// The symbol catalogue, indexed by symbol id.
    pub symbols: Vec<Symbol>,
    features: usize,
    customs: Vec<u8>,
    languages: usize,
    fluency: Vec<f64>,
    /// Bit `l` is set when a person speaks language `l` (fluency at least `fluency_to_speak`).
    spoken: Vec<u8>,
    fluency_to_speak: f64,
    words: usize,
    repertoire: Vec<u64>,
    /// Bit set of the non-verbal symbols, `words` long.
    nonverbal: Vec<u64>,
    /// For each community, the bit set of its own symbols (`words` long each): a contiguous
    /// range of ids, so that familiarity is a masked popcount.
    community_symbols: Vec<u64>,
    /// Symbols that originate in each community.
    symbols_per_community: u32,
    /// For each person, how many symbols of other communities it knows: the forgetting pass
    /// skips persons by these counts instead of reading every repertoire.
    foreign_known: Vec<u16>,
    /// The forgetting pass's table of gaps, kept from tick to tick while the rate stays.
    #[serde(skip)]
    gaps: Option<GeometricGaps>,
}

/// Geometric gaps for the forgetting pass: the number of trials passed over before the next
/// success, for a success probability `rate`, drawn by inversion against a table of the powers
/// of `1 - rate`. Only multiplications and comparisons, which IEEE 754 rounds exactly, so a
/// gap is the same on every machine (a logarithm from the system's maths library need not be).
#[derive(Clone, Debug)]
struct GeometricGaps {
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
    fn new(rate: f64) -> Self {
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
    fn draw(&self, rng: &mut ModelRng, enough: u64) -> u64 {
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
    fn new(gaps: &'a GeometricGaps, enough: u64, rng: &ModelRng) -> Self {
        GapStream {
            gaps,
            enough,
            batch: [0; GAP_BATCH],
            next: GAP_BATCH,
            before_batch: rng.clone(),
        }
    }

    /// The next gap.
    fn next(&mut self, rng: &mut ModelRng) -> u64 {
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
    fn finish(self, rng: &mut ModelRng) {
        if self.next < GAP_BATCH {
            *rng = self.before_batch;
            for _ in 0..self.next {
                self.gaps.draw(rng, self.enough);
            }
        }
    }
}

/// Each community's bit set of its own symbols (`words` long each), from the symbols' origins.
fn community_masks(symbols: &[Symbol], communities: usize, words: usize) -> Vec<u64> {
    let mut masks = vec![0u64; communities * words];
    for (id, symbol) in symbols.iter().enumerate() {
        masks[usize::from(symbol.origin) * words + id / 64] |= 1 << (id % 64);
    }
    masks
}

/// Spread of socio-economic level within a community, around its mean.
const SES_SPREAD: f64 = 0.2;
/// How far household members live from their household's centre.
const HOUSEHOLD_JITTER: f64 = 0.004;

impl Population {
    /// Draws a population as the parameters describe (see docs/model.md, "The start").
    pub fn generate(params: &NanoParams, rng: &mut ModelRng) -> Self {
        let n = params.persons as usize;
        let communities = params.communities;
        let features = params.features as usize;
        let languages = params.languages as usize;
        let symbol_count = params.symbol_count() as usize;
        let words = symbol_count.div_ceil(64);

        // Each community's typical customs, belief and mean socio-economic level.
        let prototypes: Vec<Vec<u8>> = (0..communities)
            .map(|_| {
                (0..features)
                    .map(|_| below(rng, params.traits) as u8)
                    .collect()
            })
            .collect();
        let mean_ses = |c: u32| -> f64 {
            if communities == 1 {
                0.5
            } else {
                0.5 - params.ses_gap / 2.0 + params.ses_gap * c as f64 / (communities - 1) as f64
            }
        };

        let mut symbols = Vec::with_capacity(symbol_count);
        let mut nonverbal = vec![0u64; words];
        for c in 0..communities {
            for _ in 0..params.symbols_per_community {
                let id = symbols.len();
                let entry = &params.catalogue[id % params.catalogue.len()];
                if entry.kind == SymbolKind::NonVerbal {
                    nonverbal[id / 64] |= 1 << (id % 64);
                }
                symbols.push(Symbol {
                    origin: c as u8,
                    kind: entry.kind,
                    name: entry.name.clone(),
                });
            }
        }

        let community_symbols = community_masks(&symbols, communities as usize, words);
        let mut population = Population {
            persons: Vec::with_capacity(n),
            homes: Vec::with_capacity(n),
            symbols,
            features,
            customs: Vec::with_capacity(n * features),
            languages,
            fluency: vec![0.0; n * languages],
            spoken: vec![0; n],
            fluency_to_speak: params.fluency_to_speak,
            words,
            repertoire: vec![0; n * words],
            nonverbal,
            community_symbols,
            symbols_per_community: params.symbols_per_community,
            // Persons start knowing only their own community's symbols.
            foreign_known: vec![0; n],
            gaps: None,
        };

        let mut household = 0u32;
        while population.persons.len() < n {
            let size = (1 + below(rng, params.household_size_max) as usize)
                .min(n - population.persons.len());
            let community = below(rng, communities);
            let centre = if chance(rng, params.mixing) {
                Position {
                    x: unit(rng),
                    y: unit(rng),
                }
            } else {
                // The community's own quarter: a vertical strip of the square.
                Position {
                    x: (community as f64 + unit(rng)) / communities as f64,
                    y: unit(rng),
                }
            };
            let ses = (mean_ses(community) + (unit(rng) - 0.5) * SES_SPREAD).clamp(0.0, 1.0);
            // Drawn for every household whatever `appearance_spread`, so that one seed gives
            // the same people with any spread (docs/model.md, "The start").
            let appearance_centre = (community as f64 + 0.5) / communities as f64;
            let appearance =
                (appearance_centre + (unit(rng) - 0.5) * params.appearance_spread).clamp(0.0, 1.0);
            for _ in 0..size {
                let id = population.persons.len();
                let home = Position {
                    x: (centre.x + (unit(rng) - 0.5) * 2.0 * HOUSEHOLD_JITTER).clamp(0.0, 1.0),
                    y: (centre.y + (unit(rng) - 0.5) * 2.0 * HOUSEHOLD_JITTER).clamp(0.0, 1.0),
                };
                let belief = if chance(rng, params.belief_community_bias) {
                    community % params.beliefs
                } else {
                    below(rng, params.beliefs)
                };
                for &typical in &prototypes[community as usize] {
                    let trait_ = if chance(rng, params.customs_community_bias) {
                        typical
                    } else {
                        below(rng, params.traits) as u8
                    };
                    population.customs.push(trait_);
                }
                let mother_tongue = community % params.languages;
                population.fluency[id * languages + mother_tongue as usize] = 1.0;
                if languages > 1 {
                    // Another language, uniformly among the others. Both draws are made for
                    // everyone, so that scenarios differing only in bilingualism draw the same
                    // people (homes, customs, beliefs, openness) from the same seed.
                    let bilingual = chance(rng, params.bilingual_share);
                    let mut other = below(rng, params.languages - 1);
                    if other >= mother_tongue {
                        other += 1;
                    }
                    if bilingual {
                        population.fluency[id * languages + other as usize] =
                            params.bilingual_fluency;
                    }
                }
                for k in 0..params.symbols_per_community {
                    if chance(rng, params.symbol_knowledge) {
                        let s = (community * params.symbols_per_community + k) as usize;
                        population.repertoire[id * words + s / 64] |= 1 << (s % 64);
                    }
                }
                let openness = (params.openness_mean + (unit(rng) - 0.5) * params.openness_spread)
                    .clamp(0.0, 1.0);
                let hidden_agenda = !chance(rng, params.transparency);
                population.persons.push(Person {
                    household,
                    community: community as u8,
                    belief: belief as u8,
                    mother_tongue: mother_tongue as u8,
                    ses,
                    appearance,
                    openness,
                    hidden_agenda,
                });
                population.homes.push(home);
                population.refresh_spoken(id as u32);
            }
            household += 1;
        }
        population
    }

    /// The number of persons.
    pub fn len(&self) -> usize {
        self.persons.len()
    }

    /// Numbers the persons anew: new person `i` is old person `order[i]` (`order` must be a
    /// permutation of the ids). Only the labels change, not who is who.
    pub fn renumber(&mut self, order: &[u32]) {
        debug_assert!(
            {
                let mut seen = vec![false; self.len()];
                order.len() == self.len()
                    && order
                        .iter()
                        .all(|&old| !std::mem::replace(&mut seen[old as usize], true))
            },
            "`order` must be a permutation of the ids"
        );
        fn rows<T: Copy>(data: &[T], width: usize, order: &[u32]) -> Vec<T> {
            order
                .iter()
                .flat_map(|&old| &data[old as usize * width..(old as usize + 1) * width])
                .copied()
                .collect()
        }
        self.persons = order
            .iter()
            .map(|&old| self.persons[old as usize].clone())
            .collect();
        self.homes = rows(&self.homes, 1, order);
        self.customs = rows(&self.customs, self.features, order);
        self.fluency = rows(&self.fluency, self.languages, order);
        self.spoken = rows(&self.spoken, 1, order);
        self.repertoire = rows(&self.repertoire, self.words, order);
        self.foreign_known = rows(&self.foreign_known, 1, order);
    }

    /// Prefetches the person's rows (customs, fluencies, spoken languages, repertoire) ahead of
    /// use; see [`prefetch`].
    pub fn prefetch_rows(&self, person: usize) {
        prefetch(&self.customs, person * self.features);
        prefetch(&self.fluency, person * self.languages);
        prefetch(&self.spoken, person);
        prefetch(&self.repertoire, person * self.words);
    }

    /// Whether there is nobody.
    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    /// A person's customs, one trait per feature.
    pub fn customs(&self, person: u32) -> &[u8] {
        let start = person as usize * self.features;
        &self.customs[start..start + self.features]
    }

    /// A person's customs, to change.
    pub fn customs_mut(&mut self, person: u32) -> &mut [u8] {
        let start = person as usize * self.features;
        &mut self.customs[start..start + self.features]
    }

    /// The number of features of customs.
    pub fn features(&self) -> usize {
        self.features
    }

    /// The number of customs two persons share.
    pub fn shared_customs(&self, p: u32, q: u32) -> usize {
        self.customs(p)
            .iter()
            .zip(self.customs(q))
            .filter(|(x, y)| x == y)
            .count()
    }

    /// A person's fluency in each language.
    pub fn fluency(&self, person: u32) -> &[f64] {
        let start = person as usize * self.languages;
        &self.fluency[start..start + self.languages]
    }

    /// Raises a person's fluency in a language by `rate` of what is missing to 1.
    pub fn learn_language(&mut self, person: u32, language: u8, rate: f64) {
        let f = &mut self.fluency[person as usize * self.languages + language as usize];
        *f += rate * (1.0 - *f);
        self.refresh_spoken(person);
    }

    fn refresh_spoken(&mut self, person: u32) {
        let mut mask = 0u8;
        for (l, &f) in self.fluency(person).iter().enumerate() {
            if f >= self.fluency_to_speak {
                mask |= 1 << l;
            }
        }
        self.spoken[person as usize] = mask;
    }

    /// The languages a person speaks, as a bit set.
    pub fn spoken(&self, person: u32) -> u8 {
        self.spoken[person as usize]
    }

    /// The number of languages.
    pub fn languages(&self) -> usize {
        self.languages
    }

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
    fn is_foreign(&self, person: u32, symbol: usize) -> bool {
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

    /// The bit set of a community's own symbols.
    fn community_mask(&self, community: u8) -> &[u64] {
        let start = community as usize * self.words;
        &self.community_symbols[start..start + self.words]
    }

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
            // Pass over whole persons while the gap reaches beyond their foreign symbols: four
            // at a time, then within the four by counting, without a branch, how many the gap
            // passes (a loop that stops after a random number of persons would mispredict its
            // end for nearly every forgotten symbol).
            while person + 4 <= n {
                let counts = &self.foreign_known[person..person + 4];
                let first = u64::from(counts[0]);
                let two = first + u64::from(counts[1]);
                let three = two + u64::from(counts[2]);
                let four = three + u64::from(counts[3]);
                if skip >= four {
                    skip -= four;
                    person += 4;
                    continue;
                }
                let passed = usize::from(skip >= first)
                    + usize::from(skip >= two)
                    + usize::from(skip >= three);
                skip -= [0, first, two, three][passed];
                person += passed;
                break;
            }
            // The last few persons (or a gap that passes them all), one at a time.
            while person < n && skip >= u64::from(self.foreign_known[person]) {
                skip -= u64::from(self.foreign_known[person]);
                person += 1;
            }
            if person == n {
                break;
            }
            // The gap lands within this person's known foreign symbols, in symbol order.
            let own = self.persons[person].community as usize * words;
            let mut forgotten_here = 0;
            for w in 0..words {
                let foreign =
                    self.repertoire[person * words + w] & !self.community_symbols[own + w];
                // With one word (up to 64 symbols), its count is the person's count, already
                // read: a software popcount less on the path of every forgotten symbol.
                let count = if words == 1 {
                    u64::from(self.foreign_known[person])
                } else {
                    u64::from(foreign.count_ones())
                };
                if skip >= count {
                    skip -= count;
                    continue;
                }
                // `left` counts the foreign symbols of `remaining`, those not yet passed over.
                let mut remaining = foreign;
                let mut left = count;
                let mut forget = 0u64;
                loop {
                    for _ in 0..skip {
                        remaining &= remaining - 1; // pass over the lowest
                    }
                    let lowest = remaining & remaining.wrapping_neg();
                    forget |= lowest;
                    remaining &= !lowest;
                    left -= skip + 1;
                    forgotten_here += 1;
                    skip = stream.next(rng);
                    if skip >= left {
                        skip -= left;
                        break;
                    }
                }
                self.repertoire[person * words + w] &= !forget;
            }
            self.foreign_known[person] -= forgotten_here;
            forgotten += u64::from(forgotten_here);
            person += 1;
        }
        stream.finish(rng);
        self.gaps = Some(gaps);
        forgotten
    }

    /// How many symbols of other communities a person knows.
    pub fn foreign_known(&self, person: u32) -> u32 {
        u32::from(self.foreign_known[person as usize])
    }

    /// Each person's count of known foreign symbols, counted from the repertoires.
    fn count_foreign_known(&self) -> Vec<u16> {
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
        let mut offer = [0u64; 4];
        let mut total = 0u32;
        for (w, slot) in offer.iter_mut().enumerate().take(self.words) {
            let mut bits = self.repertoire(giver)[w] & !self.repertoire(taker)[w];
            if nonverbal_only {
                bits &= self.nonverbal[w];
            }
            *slot = bits;
            total += bits.count_ones();
        }
        if total == 0 {
            return None;
        }
        let mut k = below(rng, total);
        for (w, &bits) in offer.iter().enumerate() {
            let ones = bits.count_ones();
            if k < ones {
                let mut bits = bits;
                for _ in 0..k {
                    bits &= bits - 1; // drop the lowest set bit
                }
                return Some(w * 64 + bits.trailing_zeros() as usize);
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

    /// Checks that the arrays fit together and match the parameters (a saved run from a file
    /// must, before anything indexes into it).
    pub fn check_shape(&self, params: &NanoParams) -> Result<(), String> {
        let n = params.persons as usize;
        let expect = |what: &str, got: usize, wanted: usize| {
            if got == wanted {
                Ok(())
            } else {
                Err(format!("{what} has {got} entries, not {wanted}"))
            }
        };
        expect("persons", self.persons.len(), n)?;
        expect("homes", self.homes.len(), n)?;
        expect(
            "symbols",
            self.symbols.len(),
            params.symbol_count() as usize,
        )?;
        if self.features != params.features as usize
            || self.languages != params.languages as usize
            || self.words != self.symbols.len().div_ceil(64)
        {
            return Err("the sizes of customs, languages or repertoires do not match".into());
        }
        expect("customs", self.customs.len(), n * self.features)?;
        expect("fluency", self.fluency.len(), n * self.languages)?;
        expect("spoken languages", self.spoken.len(), n)?;
        expect("repertoires", self.repertoire.len(), n * self.words)?;
        expect("non-verbal symbols", self.nonverbal.len(), self.words)?;
        expect(
            "communities' symbols",
            self.community_symbols.len(),
            params.communities as usize * self.words,
        )?;
        // Each symbol comes from the community its id says, and each community's bit set holds
        // exactly its symbols: learning counts foreign symbols by origin, forgetting by the bit
        // sets, and the two must agree or a count could run below zero.
        let spc = params.symbols_per_community.max(1) as usize;
        if let Some(id) =
            (0..self.symbols.len()).find(|&id| usize::from(self.symbols[id].origin) != id / spc)
        {
            return Err(format!("symbol {id} comes from the wrong community"));
        }
        if community_masks(&self.symbols, params.communities as usize, self.words)
            != self.community_symbols
        {
            return Err("the communities' sets of symbols do not match the symbols".into());
        }
        if self.symbols_per_community != params.symbols_per_community {
            return Err("the symbols per community do not match".into());
        }
        expect("counts of foreign symbols", self.foreign_known.len(), n)?;
        for (id, p) in self.persons.iter().enumerate() {
            if u32::from(p.community) >= params.communities
                || u32::from(p.belief) >= params.beliefs
                || u32::from(p.mother_tongue) >= params.languages
            {
                return Err(format!(
                    "person {id} has a community, belief or language out of range"
                ));
            }
        }
        if self.customs.iter().any(|&t| u32::from(t) >= params.traits) {
            return Err("a custom has a trait out of range".into());
        }
        if self
            .symbols
            .iter()
            .any(|s| u32::from(s.origin) >= params.communities)
        {
            return Err("a symbol comes from a community out of range".into());
        }
        // Last: counting reads each person's community's symbols, now known to exist.
        if self.foreign_known != self.count_foreign_known() {
            return Err("the counts of known foreign symbols do not match the repertoires".into());
        }
        Ok(())
    }

    /// Checks each person's attributes against their ranges.
    pub fn check(&self) -> Result<(), String> {
        for (id, person) in self.persons.iter().enumerate() {
            if !(0.0..=1.0).contains(&person.openness) {
                return Err(format!("person {id} has openness {}", person.openness));
            }
            if !(0.0..=1.0).contains(&person.appearance) {
                return Err(format!("person {id} has appearance {}", person.appearance));
            }
            if !(0.0..=1.0).contains(&person.ses) {
                return Err(format!(
                    "person {id} has socio-economic level {}",
                    person.ses
                ));
            }
            for &f in self.fluency(id as u32) {
                if !(0.0..=1.0).contains(&f) {
                    return Err(format!("person {id} has fluency {f}"));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::seeded;

    /// The forgetting pass done plainly: every known foreign symbol in order of person and
    /// symbol id is a trial, the gaps drawn one at a time.
    fn forget_by_walking(population: &mut Population, rate: f64, rng: &mut ModelRng) -> u64 {
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

    #[test]
    fn the_forgetting_pass_forgets_what_the_plain_walk_forgets_from_the_same_draws() {
        // One word of symbols and two; rates from rare (gaps past the table, persons passed
        // many at a time) to certain; every pass leaves the generator where the walk does.
        for (per_community, rate) in [(4, 0.0005), (4, 0.04), (4, 0.6), (30, 0.04), (30, 1.0)] {
            let params = NanoParams {
                persons: 500,
                symbols_per_community: per_community,
                ..crate::sim::testing::small_params()
            };
            let mut rng = seeded(u64::from(per_community));
            let mut population = Population::generate(&params, &mut rng);
            let symbols = population.symbols.len();
            for _ in 0..20 * 500 {
                let person = below(&mut rng, 500);
                population.learn_symbol(person, below(&mut rng, symbols as u32) as usize);
            }
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
    fn geometric_gaps_have_the_geometric_distribution() {
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
    fn the_logarithm_estimate_is_within_its_bound() {
        let mut rng = seeded(9);
        for _ in 0..100_000 {
            let v = 1.0 - unit(&mut rng);
            assert!((log2_estimate(v) - v.log2()).abs() < 0.008, "{v}");
        }
        assert_eq!(log2_estimate(1.0), 0.0);
        assert_eq!(log2_estimate(0.5), -1.0);
    }

    #[test]
    fn long_gaps_continue_past_the_table_and_stop_when_enough() {
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
