//! The ties' history (rule 8): every change of a tie's stage, with its tick, announced to the
//! log and the renderer and kept for replaying the network. Also the state without its history,
//! for the timeline's checkpoints (src/timeline/): the history only grows, so a copy of it in
//! every checkpoint would cost memory quadratic in the run's length.

use serde::{Deserialize, Serialize};

use super::NanoModel;
use crate::sim::events::ModelEvent;
use crate::sim::population::Person;
use crate::sim::ties::{Stage, StageChange};
use crate::sim::vec_bytes;

/// The event that announces a change of a tie's stage.
pub(super) fn stage_changed(persons: &[Person], change: StageChange) -> ModelEvent {
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
pub(super) fn announce(
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
    pub(super) fn born(tick: u64, p: u32, q: u32, stage: Stage) -> Self {
        TieRecord {
            tick,
            a: p.min(q),
            b: p.max(q),
            from: None,
            to: Some(stage),
        }
    }
}

impl NanoModel {
    /// A copy of the state with an empty ties' history: a checkpoint, which takes its history
    /// back from the run's own ([`Self::restore_history`]). Stepping it gives what stepping the
    /// whole state gives, except the history's earlier records.
    pub fn without_history(&self) -> NanoModel {
        // Every field named, so that a field added to the state is not forgotten here.
        let NanoModel {
            params,
            seed,
            tick,
            rng,
            population,
            ties,
            index,
            crisis,
            agendas_exposed,
            counts,
            history: _,
            familiarity_source,
            events,
            symbol_log_on,
            symbol_log,
            order: _,
        } = self;
        NanoModel {
            params: params.clone(),
            seed: *seed,
            tick: *tick,
            rng: rng.clone(),
            population: population.clone(),
            ties: ties.clone(),
            index: index.clone(),
            crisis: crisis.clone(),
            agendas_exposed: *agendas_exposed,
            counts: counts.clone(),
            history: Vec::new(),
            familiarity_source: *familiarity_source,
            events: events.clone(),
            // A viewing option: a checkpoint restored keeps the log as the run had it.
            symbol_log_on: *symbol_log_on,
            symbol_log: symbol_log.clone(),
            // Scratch, refilled at each step.
            order: Vec::new(),
        }
    }

    /// Takes the ties' history out of the state, leaving it empty.
    pub fn take_history(&mut self) -> Vec<TieRecord> {
        std::mem::take(&mut self.history)
    }

    /// Gives the state back its ties' history: the records up to its tick, in order, as the
    /// run made them (from [`Self::take_history`], or a prefix of a later state's history).
    pub fn restore_history(&mut self, history: Vec<TieRecord>) {
        debug_assert!(
            history.is_sorted_by_key(|r| r.tick)
                && history.last().is_none_or(|r| r.tick <= self.tick),
            "a history in order of tick, none after the state's tick"
        );
        self.history = history;
    }

    /// About how many bytes the state holds on the heap: the population, the ties, the spatial
    /// index, the ties' history and the tick's events (the parameters, a few hundred bytes, are
    /// left out). An estimate from the vectors' capacities, for budgets such as the timeline's.
    pub fn heap_bytes(&self) -> usize {
        self.population.heap_bytes()
            + self.ties.heap_bytes()
            + self.index.heap_bytes()
            + vec_bytes(&self.history)
            + vec_bytes(&self.events)
            + vec_bytes(&self.order)
    }
}
