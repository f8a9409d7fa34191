//! The timeline's checkpoints: states of the run, without the ties' history, every `every`
//! ticks and at each intervention, within a byte budget. Over the budget, the spacing doubles
//! and the checkpoints off the new grid go, so that the worst replay doubles while the memory
//! halves; the first checkpoint and those of interventions (pinned) always stay, since no
//! replay can rebuild them.

use crate::sim::NanoModel;

/// One saved state.
#[derive(Clone, Debug)]
pub(super) struct Checkpoint {
    /// The state at the checkpoint's tick, with an empty ties' history.
    pub(super) model: NanoModel,
    /// Taken right after an intervention: never thinned.
    pub(super) pinned: bool,
    /// The state's estimated heap bytes.
    pub(super) bytes: usize,
}

impl Checkpoint {
    /// The checkpoint's tick.
    pub(super) fn tick(&self) -> u64 {
        self.model.tick()
    }
}

/// The checkpoints, in order of tick.
#[derive(Clone, Debug)]
pub(super) struct Checkpoints {
    /// In order of tick; the first is the timeline's start.
    list: Vec<Checkpoint>,
    /// A checkpoint is due at the ticks that are multiples of this.
    every: u64,
    /// The most bytes the checkpoints may hold, unless pinned ones alone hold more.
    budget: usize,
    /// The bytes they hold.
    bytes: usize,
}

impl Checkpoints {
    /// The first checkpoint, of the state a timeline starts from.
    pub(super) fn new(start: &NanoModel, every: u64, budget: usize) -> Self {
        let mut checkpoints = Checkpoints {
            list: Vec::new(),
            every: every.max(1),
            budget,
            bytes: 0,
        };
        checkpoints.put(start, false);
        checkpoints
    }

    /// The spacing now.
    pub(super) fn every(&self) -> u64 {
        self.every
    }

    /// The budget.
    pub(super) fn budget(&self) -> usize {
        self.budget
    }

    /// The bytes held.
    pub(super) fn bytes(&self) -> usize {
        self.bytes
    }

    /// The checkpoints, in order of tick.
    pub(super) fn list(&self) -> &[Checkpoint] {
        &self.list
    }

    /// Whether a checkpoint is due at `tick`.
    pub(super) fn due(&self, tick: u64) -> bool {
        tick.is_multiple_of(self.every)
    }

    /// The last checkpoint at or before `tick` (the first, for a tick before it).
    pub(super) fn at_or_before(&self, tick: u64) -> &Checkpoint {
        let after = self.list.partition_point(|c| c.tick() <= tick);
        &self.list[after.saturating_sub(1)]
    }

    /// The pinned checkpoint at `tick`, if there is one.
    pub(super) fn pinned_at(&self, tick: u64) -> Option<&Checkpoint> {
        Some(self.at_or_before(tick)).filter(|c| c.pinned && c.tick() == tick)
    }

    /// Keeps `model` (its ties' history left out) as the checkpoint of its tick, which must be
    /// the last's or later: a later one is added, the last replaced (pinned if either is).
    /// Thins when over the budget.
    pub(super) fn put(&mut self, model: &NanoModel, pinned: bool) {
        let model = model.without_history();
        let bytes = model.heap_bytes();
        match self.list.last() {
            Some(last) if last.tick() == model.tick() => {
                let last = self.list.pop().expect("a last checkpoint");
                self.bytes -= last.bytes;
                self.push(model, pinned || last.pinned, bytes);
            }
            last => {
                debug_assert!(last.is_none_or(|c| c.tick() < model.tick()));
                self.push(model, pinned, bytes);
            }
        }
        self.thin();
    }

    fn push(&mut self, model: NanoModel, pinned: bool, bytes: usize) {
        self.bytes += bytes;
        self.list.push(Checkpoint {
            model,
            pinned,
            bytes,
        });
    }

    /// Drops the checkpoints after `tick` (a branch discards them), the first excepted.
    pub(super) fn cut_after(&mut self, tick: u64) {
        while self.list.len() > 1 && self.list.last().is_some_and(|c| c.tick() > tick) {
            let dropped = self.list.pop().expect("a last checkpoint");
            self.bytes -= dropped.bytes;
        }
    }

    /// While over the budget, doubles the spacing and drops the unpinned checkpoints off the
    /// new grid, until none is left to drop.
    fn thin(&mut self) {
        let droppable = |c: &Checkpoint, every: u64| !c.pinned && !c.tick().is_multiple_of(every);
        while self.bytes > self.budget
            && self.list[1..].iter().any(|c| !c.pinned)
            && let Some(every) = self.every.checked_mul(2)
        {
            self.every = every;
            let mut freed = 0;
            let mut index = 0;
            self.list.retain(|c| {
                index += 1;
                // The first stays: every tick before the next checkpoint replays from it.
                let drop = index > 1 && droppable(c, every);
                freed += if drop { c.bytes } else { 0 };
                !drop
            });
            self.bytes -= freed;
        }
    }
}
