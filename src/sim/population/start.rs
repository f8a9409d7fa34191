//! The start of a world (docs/model.md, "The start"): communities, households and homes,
//! beliefs, customs, languages, wealth, appearance, openness and the symbols each person knows.

use super::{Person, Population, Symbol};
use crate::sim::params::{NanoParams, SymbolKind};
use crate::sim::rng::{ModelRng, below, chance, unit};
use crate::sim::spatial::Position;

/// Each community's bit set of its own symbols (`words` long each), from the symbols' origins.
pub(super) fn community_masks(symbols: &[Symbol], communities: usize, words: usize) -> Vec<u64> {
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
            communities: Vec::new(),
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
}
