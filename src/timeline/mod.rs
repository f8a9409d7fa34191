//! The run's timeline, for the app's scrubber, without Bevy: go back to any tick of the run and
//! see the world exactly as it was; play on from there and the run continues as if it had never
//! gone back; change something at a past tick and a new branch starts, the old future gone.
//!
//! The model is deterministic, so a state is rebuilt by replaying `step` from an earlier one.
//! The timeline keeps checkpoints, copies of the state every `every` ticks without the ties'
//! history (which only grows: a copy in every checkpoint would cost memory quadratic in the
//! run's length). The history of the furthest state reached, the head, is kept once, split at
//! the live model's tick: the records up to it are the live model's own, those after it (the
//! future) the timeline's. A checkpoint restored at tick `t` takes the records up to `t`; the
//! replay remakes the rest. While the live model is at the head it *is* the head, and the
//! timeline holds no history at all.
//!
//! Interventions (new rules, a crisis or a public event started by hand) are not replayed by
//! `step`: after one, [`Timeline::branch`] discards the future and pins a checkpoint of the
//! state as changed, which replays then start from.
//!
//! ```
//! use nano_diplomacy::scenario::Scenario;
//! use nano_diplomacy::sim::NanoModel;
//! use nano_diplomacy::timeline::Timeline;
//!
//! let scenario = Scenario::default_preset();
//! let mut live = NanoModel::new(scenario.nano().unwrap().clone(), scenario.seed);
//! let mut timeline = Timeline::new(&live);
//! for _ in 0..100 {
//!     timeline.step(&mut live); // live.step(), then timeline.record(&mut live)
//! }
//! timeline.seek(&mut live, 40); // the world as it was at tick 40
//! assert_eq!(live.tick(), 40);
//! timeline.step(&mut live); // tick 41, as the first time
//! ```

mod checkpoints;
mod marks;
#[cfg(test)]
mod tests;

pub use marks::{Density, Marker, MarkerKind};

use checkpoints::Checkpoints;
use marks::Marks;

use crate::sim::NanoModel;
use crate::sim::model::TieRecord;
use crate::sim::vec_bytes;

/// The most bytes the checkpoints hold by default: at 5,000 persons (about 5 MB a state late in
/// a run) a 5,000-tick run keeps a checkpoint every 128 ticks within it (docs/performance.md).
pub const DEFAULT_BUDGET: usize = 256 << 20;

/// A replay of the default spacing costs about this many persons' ticks (a tick costs about as
/// much per person at any size): 128 ticks at 600 persons (some 12 ms on the development
/// machine, so that dragging the scrubber back feels live), 16 at 5,000 (where the budget
/// soon thins them: see docs/performance.md).
pub const REPLAY_PERSON_TICKS: u64 = 80_000;

/// How a timeline keeps its checkpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// A checkpoint every this many ticks (doubled when the budget is reached).
    pub every: u64,
    /// The most bytes the checkpoints may hold (estimated; pinned ones are kept even beyond).
    pub budget: usize,
}

impl Options {
    /// The defaults for a model: the largest power of two of ticks within
    /// [`REPLAY_PERSON_TICKS`] for its population (1 to 1,024), and [`DEFAULT_BUDGET`].
    pub fn for_model(model: &NanoModel) -> Self {
        let persons = (model.population().len() as u64).max(1);
        let ticks = (REPLAY_PERSON_TICKS / persons).clamp(1, 1024);
        Options {
            every: 1 << ticks.ilog2(),
            budget: DEFAULT_BUDGET,
        }
    }
}

/// A checkpoint, as the scrubber may show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckpointInfo {
    /// Its tick.
    pub tick: u64,
    /// Whether it holds an intervention's state (never thinned, never replayed over).
    pub pinned: bool,
    /// Its estimated heap bytes.
    pub bytes: usize,
}

/// The timeline of one run: checkpoints, markers and densities from its first tick to its head.
#[derive(Clone, Debug)]
pub struct Timeline {
    checkpoints: Checkpoints,
    marks: Marks,
    /// The tick it started at (0, or a resumed run's).
    first: u64,
    /// The furthest tick reached on this branch.
    head: u64,
    /// The live model's tick, as last recorded or sought.
    at: u64,
    /// The head's ties' records after the live model's tick, the last first (so that the next
    /// tick's are taken off the end); empty at the head.
    future: Vec<TieRecord>,
}

impl Timeline {
    /// A timeline that starts at the live model's tick, with the defaults for it.
    pub fn new(live: &NanoModel) -> Self {
        Self::with_options(live, Options::for_model(live))
    }

    /// A timeline that starts at the live model's tick.
    pub fn with_options(live: &NanoModel, options: Options) -> Self {
        Timeline {
            checkpoints: Checkpoints::new(live, options.every, options.budget),
            marks: Marks::new(live),
            first: live.tick(),
            head: live.tick(),
            at: live.tick(),
            future: Vec::new(),
        }
    }

    /// Steps the live model one tick and records it.
    pub fn step(&mut self, live: &mut NanoModel) {
        live.step();
        self.record(live);
    }

    /// Records the tick the live model has just stepped to; call it after every `step`. At the
    /// head, takes a checkpoint when one is due and notes the tick's markers and densities.
    /// Behind the head, the tick was seen before: where an intervention was made at it, the
    /// live model takes the intervention's state (a plain step cannot make it), so that playing
    /// on reproduces the head. A live model whose tick does not follow the last recorded one
    /// starts the timeline afresh from it (a mistake of the caller: a debug build panics).
    pub fn record(&mut self, live: &mut NanoModel) {
        let tick = live.tick();
        if tick == self.at {
            return;
        }
        if tick != self.at + 1 {
            debug_assert!(false, "tick {tick} recorded after tick {}", self.at);
            *self = Self::with_options(live, self.options());
            return;
        }
        self.at = tick;
        if tick > self.head {
            self.head = tick;
            self.marks.note(tick, live);
            if self.checkpoints.due(tick) {
                self.checkpoints.put(live, false);
            }
            return;
        }
        // The head's records of this tick, last first.
        let split = self.future.partition_point(|r| r.tick > tick);
        let head_records = self.future[split..].iter().rev();
        if let Some(pinned) = self.checkpoints.pinned_at(tick) {
            // The head's records of this tick are the step's and the intervention's.
            let mut records = live.take_history();
            records.truncate(records.partition_point(|r| r.tick < tick));
            records.extend(head_records);
            *live = pinned.model.clone();
            live.restore_history(records);
        } else {
            let history = live.tie_history();
            let new = &history[history.partition_point(|r| r.tick < tick)..];
            if !new.iter().eq(head_records) {
                // The run went another way than the head's: something changed it without a
                // branch. Take it as a branch here, the nearest the timeline can tell.
                self.branch(live);
                return;
            }
        }
        self.forget_future_through(tick);
    }

    /// Drops the future's records up to `tick`, which the live model now holds; frees the
    /// future's memory at the head.
    fn forget_future_through(&mut self, tick: u64) {
        let split = self.future.partition_point(|r| r.tick > tick);
        self.future.truncate(split);
        if tick == self.head {
            self.future = Vec::new();
        }
    }

    /// Sets the live model to the state at `tick` (clamped to the first tick and the head),
    /// from the last checkpoint at or before it, or from the live model itself when that is
    /// nearer, by replaying `step`. Returns the ticks replayed.
    pub fn seek(&mut self, live: &mut NanoModel, tick: u64) -> u64 {
        debug_assert_eq!(
            live.tick(),
            self.at,
            "the live model moved without the timeline"
        );
        let tick = tick.clamp(self.first, self.head);
        if tick == live.tick() {
            return 0;
        }
        let at = live.tick();
        let checkpoint = self.checkpoints.at_or_before(tick);
        let from = checkpoint.tick();
        let replayed = if tick > at && from <= at {
            // Forward, with no checkpoint (pinned or not) on the way: the live model steps on.
            tick - at
        } else {
            // The history split anew at the checkpoint's tick: the live model's records after
            // it go to the future, or the future's up to it to the live model.
            let mut history = live.take_history();
            if from < at {
                let keep = history.partition_point(|r| r.tick <= from);
                self.future.extend(history.drain(keep..).rev());
            } else {
                let split = self.future.partition_point(|r| r.tick > from);
                history.extend(self.future.drain(split..).rev());
            }
            *live = checkpoint.model.clone();
            live.restore_history(history);
            tick - from
        };
        for _ in 0..replayed {
            live.step();
        }
        // The replay remade the records up to `tick`.
        self.at = tick;
        self.forget_future_through(tick);
        replayed
    }

    /// Takes the live model, just changed by an intervention at its tick (`set_rules`,
    /// `start_crisis`, `hold_public_event`), as the head of a new branch: discards the
    /// checkpoints, markers and densities after that tick, pins a checkpoint of the changed
    /// state, and notes the tick's events anew (the intervention's among them). Returns
    /// whether a future was discarded ("the future after tick N was discarded").
    pub fn branch(&mut self, live: &NanoModel) -> bool {
        let tick = live.tick();
        let discarded = self.head > tick;
        self.head = tick;
        self.at = tick;
        self.future = Vec::new();
        self.checkpoints.cut_after(tick);
        self.checkpoints.put(live, true);
        self.marks.cut_from(tick);
        self.marks.note(tick, live);
        discarded
    }

    /// The tick the timeline starts at (0, or a resumed run's tick).
    pub fn first_tick(&self) -> u64 {
        self.first
    }

    /// The furthest tick reached on this branch.
    pub fn head_tick(&self) -> u64 {
        self.head
    }

    /// The live model's tick, as last recorded or sought.
    pub fn tick(&self) -> u64 {
        self.at
    }

    /// Whether the live model is behind the head (stepping replays the run's own future).
    pub fn is_behind(&self) -> bool {
        self.at < self.head
    }

    /// The options as they stand (the spacing doubles as the budget is reached).
    pub fn options(&self) -> Options {
        Options {
            every: self.checkpoints.every(),
            budget: self.checkpoints.budget(),
        }
    }

    /// The checkpoints, in order of tick.
    pub fn checkpoints(&self) -> impl Iterator<Item = CheckpointInfo> + '_ {
        self.checkpoints.list().iter().map(|c| CheckpointInfo {
            tick: c.tick(),
            pinned: c.pinned,
            bytes: c.bytes,
        })
    }

    /// The estimated bytes of the checkpoints.
    pub fn checkpoint_bytes(&self) -> usize {
        self.checkpoints.bytes()
    }

    /// The estimated bytes the timeline holds: its checkpoints, the head's history after the
    /// live model's tick, the markers and densities.
    pub fn heap_bytes(&self) -> usize {
        self.checkpoints.bytes() + vec_bytes(&self.future) + self.marks.heap_bytes()
    }

    /// The markers, in order of tick.
    pub fn markers(&self) -> &[Marker] {
        self.marks.markers()
    }

    /// A kind's count of events for each tick from the first tick to the head.
    pub fn density(&self, kind: Density) -> &[u32] {
        self.marks.density(kind)
    }

    /// A kind's counts from the first tick to the head, summed into `bins` spans as equal as
    /// whole ticks allow: a bar chart under the scrubber.
    pub fn binned(&self, kind: Density, bins: usize) -> Vec<u64> {
        self.marks.binned(kind, bins)
    }
}
