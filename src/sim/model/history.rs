//! The ties' history (rule 8): every change of a tie's stage, with its tick, announced to the
//! log and the renderer and kept for replaying the network.

use serde::{Deserialize, Serialize};

use crate::sim::events::ModelEvent;
use crate::sim::population::Person;
use crate::sim::ties::{Stage, StageChange};

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
