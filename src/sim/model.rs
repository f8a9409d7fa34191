//! The nano power diplomacy model: one tick of contacts, exchanges, trust and learning.
//!
//! Every rule here is stated exactly in docs/model.md, section by section in the same order as
//! [`NanoModel::step`]. The model owns its random generator, so a run depends on nothing but its
//! parameters and seed.

use serde::{Deserialize, Serialize};

use super::events::ModelEvent;
use super::params::{ExchangeRule, NanoParams};
use super::population::{Person, Population};
use super::prefetch;
use super::rng::{ModelRng, below, chance, index, seeded, unit};
use super::spatial::SpatialIndex;
use super::ties::{Stage, StageChange, StageThresholds, TieSet};

/// The event that announces a change of a tie's stage.
fn stage_changed(persons: &[Person], change: StageChange) -> ModelEvent {
    ModelEvent::StageChanged {
        a: change.a,
        b: change.b,
        from: Some(change.from),
        to: change.to,
        cross_community: persons[change.a as usize].community
            != persons[change.b as usize].community,
    }
}

/// Passes a change of stage to the log and the renderer (`events`) and keeps it in the ties'
/// history.
fn announce(
    events: &mut Vec<ModelEvent>,
    history: &mut Vec<TieRecord>,
    tick: u64,
    event: ModelEvent,
) {
    if let ModelEvent::StageChanged { a, b, from, to, .. } = event {
        history.push(TieRecord {
            tick,
            a,
            b,
            from,
            to,
        });
    }
    events.push(event);
}

/// How many uniform draws of a known partner to try before the exact walk over all ties.
const KNOWN_PARTNER_TRIES: u32 = 16;

/// A crisis under way between two communities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActiveCrisis {
    /// The two communities whose states quarrel.
    pub between: (u8, u8),
    /// The last tick of the crisis.
    pub until: u64,
    /// Share of the remaining gap to a full barrier that the crisis adds.
    pub prejudice: f64,
    /// Affinity each tie across the divide loses per tick, before familiarity (rule 9).
    pub strain: f64,
}

impl ActiveCrisis {
    fn divides(&self, c1: u8, c2: u8) -> bool {
        (c1, c2) == self.between || (c2, c1) == self.between
    }
}

/// How a contact is made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Channel {
    /// In a common language, succeeding with the product of both speakers' fluency in it.
    Verbal {
        /// The language they use.
        language: u8,
        /// The probability that they understand each other.
        success: f64,
    },
    /// Without a common language: gesture, food, music; only non-verbal symbols pass.
    NonVerbal,
}

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

/// One change of a tie's stage, with its tick: the ties' history (rule 8), from which the app
/// tells a person's story and an export replays the network. `from: None` is a tie's birth
/// (household ties are born at tick 0), `to: None` its end.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TieRecord {
    /// The tick of the change.
    pub tick: u64,
    /// The person with the smaller id.
    pub a: u32,
    /// The person with the larger id.
    pub b: u32,
    /// The stage before; `None` when the tie was born.
    pub from: Option<Stage>,
    /// The stage after; `None` when the tie was forgotten.
    pub to: Option<Stage>,
}

impl TieRecord {
    /// A tie's birth at `tick`, at `stage`.
    fn born(tick: u64, p: u32, q: u32, stage: Stage) -> Self {
        TieRecord {
            tick,
            a: p.min(q),
            b: p.max(q),
            from: None,
            to: Some(stage),
        }
    }
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
}

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
        StageThresholds {
            friend: self.params.theta_friend,
            kin: self.params.theta_kin,
            hysteresis: self.params.hysteresis,
        }
    }

    /// Advances the world by one tick (docs/model.md, "One tick").
    pub fn step(&mut self) {
        self.events.clear();
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
        for k in 0..self.order.len() {
            let person = self.order[k];
            // Memory, not arithmetic, bounds a large world: start loading the data of the
            // persons about to act (docs/performance.md). No effect on the run.
            if let Some(&ahead) = self.order.get(k + 8) {
                let ahead = ahead as usize;
                prefetch(&self.population.persons, ahead);
                prefetch(&self.population.homes, ahead);
                self.ties.prefetch_person(ahead);
                self.population.prefetch_rows(ahead);
            }
            if let Some(&ahead) = self.order.get(k + 4) {
                self.ties.prefetch_list(ahead as usize);
            }
            self.contact(person, now);
        }

        // 9 to 12. Once a tick: the crisis' strain, the decay of untouched ties, forgetting, then
        // public events.
        self.strain();
        self.decay(now);
        self.population
            .forget_foreign_symbols(self.params.symbol_forgetting, &mut self.rng);
        let whole = self.params.public_rate.floor();
        let mut events = whole as u64;
        if chance(&mut self.rng, self.params.public_rate - whole) {
            events += 1;
        }
        for _ in 0..events {
            self.public_event();
        }
    }

    fn update_crisis(&mut self, now: u64) {
        if let Some(active) = &self.crisis
            && now > active.until
        {
            let between = active.between;
            self.crisis = None;
            self.events.push(ModelEvent::CrisisEnded { between });
        }
        if let Some(planned) = &self.params.crisis
            && planned.start == now
        {
            let (a, b) = planned.between;
            self.start_crisis(
                (a as u8, b as u8),
                planned.duration,
                planned.prejudice,
                planned.strain,
            );
        }
    }

    /// Starts a crisis between two communities, over the next `duration` ticks.
    pub fn start_crisis(&mut self, between: (u8, u8), duration: u64, prejudice: f64, strain: f64) {
        let communities = self.params.communities;
        if between.0 == between.1
            || u32::from(between.0) >= communities
            || u32::from(between.1) >= communities
        {
            // Not two communities of this world: there is nobody to quarrel.
            return;
        }
        self.crisis = Some(ActiveCrisis {
            between,
            // Saturating: a crisis of `u64::MAX` ticks lasts to the end of any run.
            until: self.tick.saturating_add(duration.max(1)),
            prejudice: prejudice.clamp(0.0, 1.0),
            strain: if strain.is_nan() {
                0.0
            } else {
                strain.clamp(0.0, 1.0)
            },
        });
        self.events.push(ModelEvent::CrisisStarted { between });
    }

    /// The barrier between two persons (docs/model.md, rule 3): the weighted mean of their
    /// differences, lowered by their familiarity with each other's community, raised during a
    /// crisis between their communities.
    pub fn barrier(&self, p: u32, q: u32) -> f64 {
        let pp = &self.population.persons[p as usize];
        let pq = &self.population.persons[q as usize];
        let params = &self.params;
        let total_weight = params.weight_community
            + params.weight_belief
            + params.weight_ses
            + params.weight_appearance
            + params.weight_language;
        let mut barrier = 0.0;
        if total_weight > 0.0 {
            let mut sum = 0.0;
            if pp.community != pq.community {
                sum += params.weight_community;
            }
            if pp.belief != pq.belief {
                sum += params.weight_belief;
            }
            sum += params.weight_ses * (pp.ses - pq.ses).abs();
            sum += params.weight_appearance * (pp.appearance - pq.appearance).abs();
            if self.population.spoken(p) & self.population.spoken(q) == 0 {
                sum += params.weight_language;
            }
            barrier = sum / total_weight;
        }
        if pp.community != pq.community && params.familiarity_weight > 0.0 {
            barrier *= 1.0 - params.familiarity_weight * self.mutual_familiarity(p, q);
        }
        if let Some(crisis) = &self.crisis
            && crisis.divides(pp.community, pq.community)
        {
            barrier += crisis.prejudice * (1.0 - barrier);
        }
        barrier
    }

    /// `m`, two persons' mean familiarity with each other's community (rule 3):
    /// `(f(p, community_q) + f(q, community_p)) / 2`, or under the placebo the same read from
    /// a third community.
    #[inline]
    pub fn mutual_familiarity(&self, p: u32, q: u32) -> f64 {
        let cp = self.population.persons[p as usize].community;
        let cq = self.population.persons[q as usize].community;
        match self.familiarity_source {
            FamiliaritySource::Partner => {
                (self.population.familiarity(p, cq) + self.population.familiarity(q, cp)) / 2.0
            }
            FamiliaritySource::ThirdCommunity => {
                let third = |from: u8| -> Option<u8> {
                    let c = self.params.communities as u8;
                    (1..c)
                        .map(|k| ((u32::from(from) + u32::from(k)) % u32::from(c)) as u8)
                        .find(|&t| t != cp && t != cq)
                };
                let of = |person: u32, community: Option<u8>| {
                    community.map_or(0.0, |c| self.population.familiarity(person, c))
                };
                (of(p, third(cq)) + of(q, third(cp))) / 2.0
            }
        }
    }

    /// The probability that `partner` engages with `initiator` (rule 3), which depends on the
    /// initiator's openness `o`, as the brief has it (an open person reaches across barriers):
    /// `a + (1 - a) * (o * (1 - barrier) + (1 - o) * similarity)`.
    pub fn willingness(&self, initiator: u32, partner: u32, affinity: f64) -> f64 {
        let o = self.population.persons[initiator as usize].openness;
        let similarity = self.population.shared_customs(initiator, partner) as f64
            / self.population.features() as f64;
        let barrier = self.barrier(initiator, partner);
        affinity + (1.0 - affinity) * (o * (1.0 - barrier) + (1.0 - o) * similarity)
    }

    /// Rule 3's draw, `chance(willingness)`: whether `partner` engages. Willingness is never
    /// below the tie's affinity (`a + (1 - a) * x` with `x >= 0`, also in floating point), so a
    /// draw below the affinity engages without working the willingness out: the same draw and
    /// the same answer, without reading both repertoires (familiarity) for most meetings of the
    /// tied.
    fn engages(&mut self, initiator: u32, partner: u32, affinity: f64) -> bool {
        let draw = unit(&mut self.rng);
        draw < affinity || draw < self.willingness(initiator, partner, affinity)
    }

    /// The channel of a contact between two persons (rule 4): their best common language, or
    /// none.
    pub fn channel(&self, p: u32, q: u32) -> Channel {
        let common = self.population.spoken(p) & self.population.spoken(q);
        if common == 0 {
            return Channel::NonVerbal;
        }
        let fp = self.population.fluency(p);
        let fq = self.population.fluency(q);
        let mut best = Channel::NonVerbal;
        let mut best_success = -1.0;
        for l in 0..self.population.languages() {
            if common & (1 << l) != 0 {
                let success = fp[l] * fq[l];
                if success > best_success {
                    best_success = success;
                    best = Channel::Verbal {
                        language: l as u8,
                        success,
                    };
                }
            }
        }
        best
    }

    /// Rule 2: the partner of a contact, or `None` if there is nobody to meet.
    fn choose_partner(&mut self, person: u32) -> Option<(u32, Option<u32>)> {
        let n = self.population.len() as u32;
        if n < 2 {
            return None;
        }
        let known = self.ties.of(person);
        if !known.is_empty() && chance(&mut self.rng, self.params.p_known) {
            // Someone already tied, weighted by affinity: draw a tie uniformly and keep it with
            // probability equal to its affinity (affinities are at most 1). This is exactly the
            // weighted draw, and reads about two ties instead of all of them.
            for _ in 0..KNOWN_PARTNER_TRIES {
                let (partner, id) = known[index(&mut self.rng, known.len())];
                if chance(&mut self.rng, self.ties.affinity(id)) {
                    return Some((partner, Some(id)));
                }
            }
            // All affinities tiny (rare): the same distribution by a walk over the cumulative
            // weights, or uniformly if every affinity is 0.
            let total: f64 = known.iter().map(|&(_, id)| self.ties.affinity(id)).sum();
            let (partner, id) = if total > 0.0 {
                let mut target = unit(&mut self.rng) * total;
                let mut chosen = *known.last().expect("not empty");
                for &(partner, id) in known {
                    let affinity = self.ties.affinity(id);
                    if target < affinity {
                        chosen = (partner, id);
                        break;
                    }
                    target -= affinity;
                }
                chosen
            } else {
                known[index(&mut self.rng, known.len())]
            };
            return Some((partner, Some(id)));
        }
        let partner = if chance(&mut self.rng, self.params.p_travel) {
            let mut other = below(&mut self.rng, n - 1);
            if other >= person {
                other += 1;
            }
            other
        } else {
            self.index
                .draw_neighbour(person, &self.population.homes, &mut self.rng)?
        };
        // From the acting person's list, which is in the cache: the partner's may not be.
        Some((partner, self.ties.find_from(person, partner)))
    }

    /// One contact started by `initiator` (rules 2 to 8).
    fn contact(&mut self, initiator: u32, now: u64) {
        let Some((partner, tie)) = self.choose_partner(initiator) else {
            return;
        };
        let affinity = tie.map_or(0.0, |id| self.ties.affinity(id));
        // 3. Willingness.
        if !self.engages(initiator, partner, affinity) {
            return;
        }
        self.counts.contacts += 1;

        // 4. Channel and success.
        let channel = self.channel(initiator, partner);
        let success = match channel {
            Channel::Verbal { success, .. } => chance(&mut self.rng, success),
            Channel::NonVerbal => chance(&mut self.rng, self.params.p_nonverbal),
        };

        // 5. Exchange.
        if success {
            self.counts.successes += 1;
            self.exchange(initiator, partner, channel);
        }

        // 6. Trust.
        let mut new_affinity = if success {
            affinity + self.params.eta * (1.0 - affinity)
        } else {
            (affinity - self.params.failure_penalty).max(0.0)
        };
        let holder = &self.population.persons[initiator as usize];
        let exposed = holder.hidden_agenda && chance(&mut self.rng, self.params.p_exposed);
        if exposed {
            new_affinity = 0.0;
            self.agendas_exposed += 1;
            let openness = &mut self.population.persons[partner as usize].openness;
            *openness *= 1.0 - self.params.exposure_openness_loss;
            self.events.push(ModelEvent::AgendaExposed {
                holder: initiator,
                partner,
            });
        }

        // 7. Learning.
        let (from_community, from_tongue) = {
            let p = &self.population.persons[initiator as usize];
            (p.community, p.mother_tongue)
        };
        if channel == Channel::NonVerbal {
            self.population
                .learn_language(partner, from_tongue, self.params.language_learning);
        }
        if success && from_community != self.population.persons[partner as usize].community {
            let openness = &mut self.population.persons[partner as usize].openness;
            *openness += self.params.openness_gain * (1.0 - *openness);
        }

        // 8. The tie and its stage.
        self.update_tie(initiator, partner, tie, new_affinity, success, now);
    }

    /// Rule 5: what a successful contact passes from giver to taker: a symbol that fits the
    /// channel (sharing), or one custom (assimilation).
    fn exchange(&mut self, giver: u32, taker: u32, channel: Channel) {
        match self.params.exchange {
            ExchangeRule::Sharing => {
                let nonverbal_only = channel == Channel::NonVerbal;
                if let Some(symbol) =
                    self.population
                        .draw_offer(giver, taker, nonverbal_only, &mut self.rng)
                {
                    self.population.learn_symbol(taker, symbol);
                }
            }
            ExchangeRule::Assimilation => {
                let differing: Vec<usize> = {
                    let g = self.population.customs(giver);
                    let t = self.population.customs(taker);
                    (0..g.len()).filter(|&f| g[f] != t[f]).collect()
                };
                if !differing.is_empty() {
                    let f = differing[index(&mut self.rng, differing.len())];
                    let trait_ = self.population.customs(giver)[f];
                    self.population.customs_mut(taker)[f] = trait_;
                }
            }
        }
    }

    /// Sets a tie's affinity after a contact, creating it on a first success, and announces a
    /// change of stage.
    fn update_tie(
        &mut self,
        p: u32,
        q: u32,
        tie: Option<u32>,
        affinity: f64,
        success: bool,
        now: u64,
    ) {
        let thresholds = self.thresholds();
        let cross_community = self.population.persons[p as usize].community
            != self.population.persons[q as usize].community;
        let id = match tie {
            Some(id) => id,
            // Strangers become acquainted only through a success that leaves some trust.
            None if success && affinity > self.params.forget_below => {
                let id = self.ties.insert(p, q, affinity, Stage::Acquaintance, now);
                self.announce(ModelEvent::StageChanged {
                    a: p.min(q),
                    b: p.max(q),
                    from: None,
                    to: Some(Stage::Acquaintance),
                    cross_community,
                });
                id
            }
            None => return,
        };
        if affinity < self.params.forget_below {
            // Trust is gone (a failure, or an exposed agenda): the tie is forgotten at once.
            self.forget_tie(id);
            return;
        }
        if let Some(change) = self
            .ties
            .record_contact(id, affinity, success, now, &thresholds)
        {
            self.announce(ModelEvent::StageChanged {
                a: change.a,
                b: change.b,
                from: Some(change.from),
                to: change.to,
                cross_community,
            });
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

    /// Holds a public event now, between ticks (a teacher's button); returns what happened.
    pub fn hold_public_event(&mut self) -> Option<ModelEvent> {
        let before = self.events.len();
        self.public_event();
        (self.events.len() > before).then(|| self.events[before].clone())
    }

    /// Rule 12: a speaker shares one symbol with the listeners near its home.
    fn public_event(&mut self) {
        let n = self.population.len();
        if n < 2 {
            return;
        }
        let speaker = index(&mut self.rng, n) as u32;
        let known = self.population.symbols_known(speaker);
        if known.is_empty() {
            return;
        }
        let symbol = known[index(&mut self.rng, known.len())];
        let verbal = self.population.symbols[symbol].kind == super::params::SymbolKind::Verbal;
        self.counts.public_events += 1;
        let mut listeners: Vec<u32> = Vec::new();
        for _ in 0..self.params.public_audience {
            match self
                .index
                .draw_neighbour(speaker, &self.population.homes, &mut self.rng)
            {
                Some(l) if !listeners.contains(&l) => listeners.push(l),
                Some(_) => {}
                None => break,
            }
        }
        let mut learned = 0;
        for &listener in &listeners {
            let affinity = self
                .ties
                .find(speaker, listener)
                .map_or(0.0, |id| self.ties.affinity(id));
            if !self.engages(speaker, listener, affinity) {
                continue;
            }
            let channel = self.channel(speaker, listener);
            let success = match channel {
                Channel::Verbal { success, .. } => chance(&mut self.rng, success),
                Channel::NonVerbal if verbal => false,
                Channel::NonVerbal => chance(&mut self.rng, self.params.p_nonverbal),
            };
            // A public event shares its symbol, whatever the exchange rule of contacts.
            if success && !self.population.knows(listener, symbol) {
                self.population.learn_symbol(listener, symbol);
                learned += 1;
            }
        }
        self.events.push(ModelEvent::PublicEvent {
            speaker,
            symbol: symbol as u32,
            listeners: listeners.len() as u32,
            learned,
        });
    }

    /// Rule 9: during a crisis every tie across the divide, kin included, loses
    /// `strain * (1 - familiarity_weight * m)` affinity (floored at 0); a tie that falls below
    /// `forget_below` is forgotten, and stages follow affinity down.
    fn strain(&mut self) {
        let Some(crisis) = self.crisis.clone() else {
            return;
        };
        if crisis.strain <= 0.0 {
            return;
        }
        let weight = self.params.familiarity_weight;
        let losses: Vec<(u32, f64)> = self
            .ties
            .iter()
            .filter(|(_, tie)| {
                let persons = &self.population.persons;
                crisis.divides(
                    persons[tie.a as usize].community,
                    persons[tie.b as usize].community,
                )
            })
            .map(|(id, tie)| {
                let m = if weight > 0.0 {
                    self.mutual_familiarity(tie.a, tie.b)
                } else {
                    0.0
                };
                (id, crisis.strain * (1.0 - weight * m))
            })
            .collect();
        let thresholds = self.thresholds();
        for (id, loss) in losses {
            let affinity = (self.ties.affinity(id) - loss).max(0.0);
            if affinity < self.params.forget_below {
                self.forget_tie(id);
            } else if let Some(change) = self.ties.set_affinity(id, affinity, &thresholds) {
                let event = stage_changed(&self.population.persons, change);
                self.announce(event);
            }
        }
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

    /// Checks a model that comes from outside (a saved run): valid parameters, arrays that fit
    /// them, a spatial index and tie lists for as many persons, then every invariant. Only a
    /// model that passes is safe to step.
    pub fn check_loaded(&self) -> Result<(), String> {
        self.params
            .validate()
            .map_err(|errors| format!("invalid parameters: {}", errors[0]))?;
        self.population.check_shape(&self.params)?;
        let n = self.population.len();
        if self.ties.persons() != n
            || !self
                .index
                .fits(&self.population.homes, self.params.contact_radius)
        {
            return Err("the ties or the spatial index are not for this population".into());
        }
        if self
            .history
            .iter()
            .any(|r| r.a >= r.b || r.b as usize >= n || (r.from.is_none() && r.to.is_none()))
        {
            return Err("the ties' history names persons that do not exist".into());
        }
        if let Some(crisis) = &self.crisis {
            let c = self.params.communities;
            if u32::from(crisis.between.0) >= c || u32::from(crisis.between.1) >= c {
                return Err("the crisis names a community that does not exist".into());
            }
            if !(0.0..=1.0).contains(&crisis.prejudice) || !(0.0..=1.0).contains(&crisis.strain) {
                return Err("the crisis' prejudice or strain is not within 0 to 1".into());
            }
        }
        self.check_invariants()
    }

    /// Checks every invariant of the state: ties symmetric and listed at both ends, no
    /// self-ties, affinities within [0, 1], each stage consistent with its affinity, fluency
    /// and openness within [0, 1]. For tests; `Err` says what is wrong.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.ties.check()?;
        self.population.check()?;
        let t = self.thresholds();
        for (id, tie) in self.ties.iter() {
            let lowest = match tie.stage {
                Stage::Acquaintance => 0.0,
                Stage::Friend => t.friend - t.hysteresis,
                Stage::Kin => t.kin - t.hysteresis,
            };
            // Household kin start above every threshold; other stages were reached by rising.
            if tie.affinity < lowest - 1e-12 {
                return Err(format!(
                    "tie {id} is {:?} at affinity {}",
                    tie.stage, tie.affinity
                ));
            }
            if tie.affinity < self.params.forget_below {
                return Err(format!(
                    "tie {id} lives on at affinity {} below forget_below",
                    tie.affinity
                ));
            }
            if tie.stage == Stage::Acquaintance && tie.affinity >= t.friend {
                return Err(format!(
                    "tie {id} should be a friendship at {}",
                    tie.affinity
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testing::small_params;

    #[test]
    fn a_known_partner_is_drawn_in_proportion_to_affinity() {
        let params = NanoParams {
            p_known: 1.0,
            household_size_max: 1,
            ..small_params()
        };
        let mut model = NanoModel::new(params, 3);
        assert!(model.ties.is_empty());
        let weights = [(1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4), (5, 0.0)];
        for (q, affinity) in weights {
            model.ties.insert(0, q, affinity, Stage::Acquaintance, 0);
        }
        let draws = 100_000;
        let mut counts = [0u32; 6];
        for _ in 0..draws {
            let (partner, tie) = model.choose_partner(0).expect("person 0 has ties");
            assert_eq!(tie, model.ties.find(0, partner));
            counts[partner as usize] += 1;
        }
        assert_eq!(counts[5], 0, "affinity 0 is never drawn");
        for (q, affinity) in weights {
            let share = f64::from(counts[q as usize]) / f64::from(draws);
            assert!(
                (share - affinity).abs() < 0.01,
                "partner {q}: {share} for {affinity}"
            );
        }
    }

    #[test]
    fn engaging_is_the_same_draw_as_a_chance_of_the_willingness() {
        // The shortcut below the affinity makes the same draw and gives the same answer.
        let mut model = NanoModel::new(small_params(), 9);
        let n = model.population.len() as u32;
        for i in 0..20_000u32 {
            let (p, q) = (i % n, (i * 7 + 3) % n);
            if p == q {
                continue;
            }
            let affinity = f64::from(i % 11) / 10.0;
            let mut plain = model.rng.clone();
            let expected = chance(&mut plain, model.willingness(p, q, affinity));
            assert_eq!(
                model.engages(p, q, affinity),
                expected,
                "{p} {q} {affinity}"
            );
            assert_eq!(model.rng, plain, "one draw either way");
        }
    }

    #[test]
    fn with_all_affinities_zero_a_known_partner_is_drawn_uniformly() {
        let params = NanoParams {
            p_known: 1.0,
            household_size_max: 1,
            ..small_params()
        };
        let mut model = NanoModel::new(params, 4);
        for q in 1..=4 {
            model.ties.insert(0, q, 0.0, Stage::Acquaintance, 0);
        }
        let mut counts = [0u32; 5];
        for _ in 0..40_000 {
            counts[model.choose_partner(0).unwrap().0 as usize] += 1;
        }
        for q in 1..=4 {
            assert!((9_000..11_000).contains(&counts[q]), "{counts:?}");
        }
    }
}
