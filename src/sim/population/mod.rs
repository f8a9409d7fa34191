//! The persons of a world and the symbols they can share, and how a scenario's population is
//! drawn at the start of a run.
//!
//! Attributes that every person has one of live in [`Person`]; customs, fluencies and repertoires
//! are rows of flat arrays (one row per person), which keeps a million persons compact.

mod forgetting;
mod start;
mod symbols;

use forgetting::GeometricGaps;
use start::community_masks;

use serde::{Deserialize, Serialize};

use super::{prefetch, vec_bytes};

use super::params::{NanoParams, SymbolKind};
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
    /// The forgetting pass's copy of each person's community, by person id: built when it
    /// does not have one per person, cleared by `renumber` (see `refresh_communities`). A cache,
    /// left out of `heap_bytes`.
    #[serde(skip)]
    communities: Vec<u8>,
}

impl Population {
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
        self.communities.clear();
    }

    /// Prefetches the person's record and rows (customs, fluencies, spoken languages,
    /// repertoire) ahead of use; see [`prefetch`].
    pub fn prefetch_person(&self, person: usize) {
        prefetch(&self.persons, person);
        prefetch(&self.customs, person * self.features);
        prefetch(&self.fluency, person * self.languages);
        prefetch(&self.spoken, person);
        prefetch(&self.repertoire, person * self.words);
    }

    /// About how many bytes the population holds on the heap (the arrays' capacities; the
    /// forgetting pass's table, a cache, is left out).
    pub fn heap_bytes(&self) -> usize {
        let names: usize = self.symbols.iter().map(|s| s.name.capacity()).sum();
        vec_bytes(&self.persons)
            + vec_bytes(&self.homes)
            + vec_bytes(&self.symbols)
            + names
            + vec_bytes(&self.customs)
            + vec_bytes(&self.fluency)
            + vec_bytes(&self.spoken)
            + vec_bytes(&self.repertoire)
            + vec_bytes(&self.nonverbal)
            + vec_bytes(&self.community_symbols)
            + vec_bytes(&self.foreign_known)
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
