//! The nano power diplomacy model: one tick of contacts, exchanges, trust and learning.
//!
//! Every rule here is stated exactly in docs/model.md, section by section in the same order as
//! [`NanoModel::step`]. The model owns its random generator, so a run depends on nothing but its
//! parameters and seed.

mod checks;
mod contact;
mod crisis;
mod history;
mod public;
mod symbol_log;
#[cfg(test)]
mod tests;
mod willingness;

pub use contact::Channel;
pub use crisis::ActiveCrisis;
pub use history::TieRecord;
use history::{announce, stage_changed};
pub use symbol_log::{SymbolEvent, Via};
pub use willingness::{FamiliarityTerm, WillingnessTerms};

use serde::{Deserialize, Serialize};

use super::events::ModelEvent;
use super::params::NanoParams;
use super::population::Population;
use super::prefetch;
use super::rng::{ModelRng, below, chance, seeded};
use super::spatial::SpatialIndex;
use super::ties::{Stage, StageChange, StageThresholds, TieSet};

/// Counters of what happened in the last tick.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TickCounts {
    /// Contacts that took place (a partner was found and willing).
    pub contacts: u64,
    /// Contacts that succeeded.
    pub successes: u64,
    /// Public events held.
    pub public_events: u64,
}

/// Where a person's familiarity with a partner's community is read from (rule 3). The placebo
/// is a research instrument, not a scenario parameter: it asks whether it matters *which*
/// culture one knows (docs/model.md, "The placebo").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FamiliaritySource {
    /// The rule: familiarity with the partner's community.
    #[default]
    Partner,
    /// The placebo: familiarity with a third community, neither one's own nor the partner's
    /// (the next such community after the partner's, counting round); 0 when there is none.
    ThirdCommunity,
}

/// The whole state of a run: enough to continue it bit for bit.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NanoModel {
    params: NanoParams,
    seed: u64,
    tick: u64,
    rng: ModelRng,
    population: Population,
    ties: TieSet,
    index: SpatialIndex,
    crisis: Option<ActiveCrisis>,
    agendas_exposed: u64,
    counts: TickCounts,
    /// Every change of a tie's stage since the start, in order.
    history: Vec<TieRecord>,
    familiarity_source: FamiliaritySource,
    /// What happened in the last tick, for the log and the renderer.
    events: Vec<ModelEvent>,
    /// Scratch: the persons who start a contact this tick, in the order they act.
    #[serde(skip)]
    order: Vec<u32>,
    /// Whether the symbol log is kept: a viewing option, not the run's state, so not saved.
    #[serde(skip)]
    symbol_log_on: bool,
    /// The symbols passed and forgotten in the last tick, while the log is on.
    #[serde(skip)]
    symbol_log: Vec<SymbolEvent>,
}

/// How many places ahead in a tick's order [`NanoModel::load_ahead`] starts loading a person's
/// record, home, neighbourhood and the header of its list of ties; then the list itself, once
/// the header is in; then the states of the ties on it, once the list is in. Each stage needs
/// the one before it to have arrived. (At 100,000 persons 8/4/2, 10/6/4 and 12/6/3 took 3,509,
/// 3,430 and 3,185 ms for 150 ticks, the fastest of three runs each: 12/6/3 the fastest, by a
/// margin within the spread between runs; docs/performance.md, "2026-12-02".)
const PERSON_AHEAD: usize = 12;
const LIST_AHEAD: usize = 6;
const STATES_AHEAD: usize = 3;

/// The ties' states are loaded ahead only when they take this many bytes or more (slots, live
/// and free). At 10,000 persons (3.2 MiB of states by tick 800) loading all of a person's
/// (about 27) to use one or two cost more than the misses it saved, on a quiet machine; at
/// 30,000 (loaded at every size) and at 100,000 it saved more. The threshold is a proxy chosen
/// between the two on this machine (1 MiB L2, 32 MiB L3 shared), not a measured crossover; a
/// 30,000-person world passes it at about tick 400 (docs/performance.md, "2026-12-02").
const PREFETCH_STATES_FROM_BYTES: usize = 8 << 20;

impl NanoModel {
    /// A new world at tick 0, drawn from the parameters and the seed. The parameters must be
    /// valid ([`NanoParams::validate`]).
    pub fn new(params: NanoParams, seed: u64) -> Self {
        debug_assert!(params.validate().is_ok(), "validate parameters first");
        let mut rng = seeded(seed);
        let mut population = Population::generate(&params, &mut rng);
        // Persons are numbered in the spatial index's order (docs/model.md, "The start"), so
        // that a person's neighbours, who are most of its partners, sit near it in memory.
        population.renumber(&SpatialIndex::spatial_order(
            &population.homes,
            params.contact_radius,
        ));
        let index = SpatialIndex::new(&population.homes, params.contact_radius)
            .expect("persons numbered in the index's order");
        let mut ties = TieSet::new(population.len());
        let mut history = Vec::new();
        // Members of a household start as kin.
        let mut by_household: Vec<(u32, u32)> = (0..population.len() as u32)
            .map(|p| (population.persons[p as usize].household, p))
            .collect();
        by_household.sort_unstable();
        for household in by_household.chunk_by(|a, b| a.0 == b.0) {
            for (i, &(_, p)) in household.iter().enumerate() {
                for &(_, q) in &household[i + 1..] {
                    ties.insert(p, q, 1.0, Stage::Kin, 0);
                    history.push(TieRecord::born(0, p, q, Stage::Kin));
                }
            }
        }
        NanoModel {
            params,
            seed,
            tick: 0,
            rng,
            population,
            ties,
            index,
            crisis: None,
            agendas_exposed: 0,
            counts: TickCounts::default(),
            history,
            familiarity_source: FamiliaritySource::Partner,
            events: Vec::new(),
            order: Vec::new(),
            symbol_log_on: false,
            symbol_log: Vec::new(),
        }
    }

    /// The parameters.
    pub fn params(&self) -> &NanoParams {
        &self.params
    }

    /// Replaces the parameters that change the rules, not the population (rates, weights,
    /// thresholds, the exchange rule, the crisis schedule): they take effect from the next tick.
    /// Population parameters in `rules` are ignored: they need a new world. (A test in
    /// tests/model.rs fails for a parameter that is not sorted into one kind or the other.)
    pub fn set_rules(&mut self, rules: &NanoParams) {
        let population = self.params.clone();
        self.params = NanoParams {
            persons: population.persons,
            communities: population.communities,
            household_size_max: population.household_size_max,
            mixing: population.mixing,
            languages: population.languages,
            bilingual_share: population.bilingual_share,
            bilingual_fluency: population.bilingual_fluency,
            beliefs: population.beliefs,
            belief_community_bias: population.belief_community_bias,
            features: population.features,
            traits: population.traits,
            customs_community_bias: population.customs_community_bias,
            ses_gap: population.ses_gap,
            openness_mean: population.openness_mean,
            openness_spread: population.openness_spread,
            transparency: population.transparency,
            appearance_spread: population.appearance_spread,
            community_names: population.community_names,
            symbols_per_community: population.symbols_per_community,
            symbol_knowledge: population.symbol_knowledge,
            catalogue: population.catalogue,
            contact_radius: population.contact_radius,
            fluency_to_speak: population.fluency_to_speak,
            ..rules.clone()
        };
        // New thresholds may move ties across them at once.
        let thresholds = self.thresholds();
        let persons = &self.population.persons;
        let events = &mut self.events;
        let history = &mut self.history;
        let tick = self.tick;
        self.ties.restage(&thresholds, |change| {
            announce(events, history, tick, stage_changed(persons, change))
        });
    }

    /// Reads familiarity from a third community instead of the partner's (the placebo of
    /// docs/model.md), from now on.
    pub fn set_familiarity_source(&mut self, source: FamiliaritySource) {
        self.familiarity_source = source;
    }

    /// Every change of a tie's stage since the start, in order of tick.
    pub fn tie_history(&self) -> &[TieRecord] {
        &self.history
    }

    /// The seed the world was drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The number of ticks done.
    pub fn tick(&self) -> u64 {
        self.tick
    }

    /// The persons, their customs, languages and symbols.
    pub fn population(&self) -> &Population {
        &self.population
    }

    /// The population, to change by hand: for tests that set up a situation (teach a symbol).
    /// Not for running the model: the rules change the population, nothing else should.
    #[doc(hidden)]
    pub fn population_mut_for_tests(&mut self) -> &mut Population {
        &mut self.population
    }

    /// Ties two persons by hand at a given affinity and stage, now, with its birth in the
    /// history: for tests that set up a situation.
    #[doc(hidden)]
    pub fn insert_tie_for_tests(&mut self, p: u32, q: u32, affinity: f64, stage: Stage) -> u32 {
        let id = self.ties.insert(p, q, affinity, stage, self.tick);
        self.history.push(TieRecord::born(self.tick, p, q, stage));
        id
    }

    /// The ties.
    pub fn ties(&self) -> &TieSet {
        &self.ties
    }

    /// The crisis under way, if any.
    pub fn crisis(&self) -> Option<&ActiveCrisis> {
        self.crisis.as_ref()
    }

    /// Exposures of hidden agendas since the start (a holder can be exposed more than once).
    pub fn agendas_exposed(&self) -> u64 {
        self.agendas_exposed
    }

    /// What the last tick counted.
    pub fn counts(&self) -> &TickCounts {
        &self.counts
    }

    /// What happened in the last tick (and in calls such as [`Self::start_crisis`] since).
    pub fn events(&self) -> &[ModelEvent] {
        &self.events
    }

    fn thresholds(&self) -> StageThresholds {
        self.params.stage_thresholds()
    }

    /// Advances the world by one tick (docs/model.md, "One tick").
    pub fn step(&mut self) {
        self.events.clear();
        self.symbol_log.clear();
        self.counts = TickCounts::default();
        let now = self.tick + 1;
        // Before the tick advances, so that a crisis started now covers its `duration` ticks
        // from `now` on.
        self.update_crisis(now);
        self.tick = now;

        // 1. Everyone, in an order drawn afresh each tick, may start a contact. Who does is
        // drawn for everyone first (each a `chance(contact_rate)`, independent of all else, so
        // drawing them first changes no probability), so that the loop below visits, and
        // loads ahead, only those who act.
        let n = self.population.len();
        self.order.clear();
        self.order.extend(0..n as u32);
        for i in (1..n).rev() {
            let j = below(&mut self.rng, i as u32 + 1) as usize;
            self.order.swap(i, j);
        }
        // Kept by moving each person down and counting it in only if it acts: the same draws
        // in the same order as a `retain`, without a branch that mispredicts half the time.
        let rate = self.params.contact_rate;
        let mut acting = 0;
        for i in 0..n {
            self.order[acting] = self.order[i];
            acting += usize::from(chance(&mut self.rng, rate));
        }
        self.order.truncate(acting);
        // Decided once a tick (the ties made during it change the size by little).
        let load_states = self.ties.state_bytes() >= PREFETCH_STATES_FROM_BYTES;
        for k in 0..self.order.len() {
            self.load_ahead(k, load_states);
            self.contact(self.order[k], now);
        }

        // 9 to 12. Once a tick: the crisis' strain, the decay of untouched ties, forgetting, then
        // public events.
        self.strain();
        self.decay(now);
        self.forget_symbols();
        let whole = self.params.public_rate.floor();
        let mut events = whole as u64;
        if chance(&mut self.rng, self.params.public_rate - whole) {
            events += 1;
        }
        for _ in 0..events {
            self.public_event();
        }
    }

    /// Starts loading the data of the persons about to act, a few places ahead in this tick's
    /// order ([`PERSON_AHEAD`]): memory, not arithmetic, bounds a large world
    /// (docs/performance.md). In a large world (`load_states`, [`PREFETCH_STATES_FROM_BYTES`])
    /// the states of all of a person's ties are loaded, because the contact reads one of them (the known partner's, or the stranger's if they
    /// are tied) that only the contact's own draws pick. No effect on the run.
    fn load_ahead(&self, k: usize, load_states: bool) {
        if let Some(&ahead) = self.order.get(k + PERSON_AHEAD) {
            let ahead = ahead as usize;
            self.population.prefetch_person(ahead);
            prefetch(&self.population.homes, ahead);
            self.index.prefetch_neighbourhood(ahead);
            self.ties.prefetch_person(ahead);
        }
        if let Some(&ahead) = self.order.get(k + LIST_AHEAD) {
            self.ties.prefetch_list(ahead as usize);
        }
        if load_states && let Some(&ahead) = self.order.get(k + STATES_AHEAD) {
            self.ties.prefetch_states(ahead as usize);
        }
    }

    fn announce(&mut self, event: ModelEvent) {
        announce(&mut self.events, &mut self.history, self.tick, event);
    }

    /// Removes a tie and announces that it was forgotten.
    fn forget_tie(&mut self, id: u32) {
        let tie = self.ties.get(id);
        self.ties.remove(id);
        let event = stage_changed(
            &self.population.persons,
            StageChange {
                a: tie.a,
                b: tie.b,
                from: tie.stage,
                to: None,
            },
        );
        self.announce(event);
    }

    /// Rule 10: ties untouched this tick lose affinity; those that fall below `forget_below`
    /// are forgotten.
    fn decay(&mut self, now: u64) {
        let thresholds = self.thresholds();
        let persons = &self.population.persons;
        let events = &mut self.events;
        let history = &mut self.history;
        self.ties.decay(
            now,
            self.params.decay,
            self.params.kin_decay,
            self.params.forget_below,
            &thresholds,
            |change| announce(events, history, now, stage_changed(persons, change)),
        );
    }
}
