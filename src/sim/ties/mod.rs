//! Ties between persons: undirected, sparse, each with an affinity and a stage.
//!
//! Ties live in a slab (vectors with a free list, so that a tie keeps its id while it lives)
//! and each person keeps its partners and the ids of their ties. A person has few ties, so
//! finding the tie between two persons is a short scan of the shorter list.

use serde::{Deserialize, Serialize};

use super::{prefetch, vec_bytes};

/// How close a tie is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// They know each other.
    Acquaintance,
    /// Affinity has passed `theta_friend`.
    Friend,
    /// Affinity has passed `theta_kin`: they live in kinship.
    Kin,
}

impl Stage {
    /// The name used in files and on screen.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Acquaintance => "acquaintance",
            Stage::Friend => "friend",
            Stage::Kin => "kin",
        }
    }
}

/// The stage thresholds, with hysteresis on the way down.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageThresholds {
    /// Affinity from which a tie is a friendship.
    pub friend: f64,
    /// Affinity from which a tie is kinship.
    pub kin: f64,
    /// How far below a threshold affinity must fall before the stage drops back.
    pub hysteresis: f64,
}

impl StageThresholds {
    /// The stage a tie at `affinity` has, given the stage it had: up as soon as a threshold is
    /// reached, down only once affinity is `hysteresis` below it.
    pub fn next_stage(&self, current: Stage, affinity: f64) -> Stage {
        let up = if affinity >= self.kin {
            Stage::Kin
        } else if affinity >= self.friend {
            Stage::Friend
        } else {
            Stage::Acquaintance
        };
        let down = if affinity >= self.kin - self.hysteresis {
            Stage::Kin
        } else if affinity >= self.friend - self.hysteresis {
            Stage::Friend
        } else {
            Stage::Acquaintance
        };
        // `down` is never below `up`. Rise to `up`, fall to `down`, else stay where you are.
        current.clamp(up, down)
    }
}

/// One tie between two persons, as a value (the set stores its fields column by column).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tie {
    /// The person with the smaller id.
    pub a: u32,
    /// The person with the larger id.
    pub b: u32,
    /// Trust and closeness, from 0 to 1.
    pub affinity: f64,
    /// Successful exchanges between them.
    pub exchanges: u32,
    /// The last tick they were in contact.
    pub last_contact: u64,
    /// Acquaintance, friend or kin.
    pub stage: Stage,
}

impl Tie {
    /// The other end of the tie, seen from `me`.
    pub fn other(&self, me: u32) -> u32 {
        if self.a == me { self.b } else { self.a }
    }
}

/// A change of stage: the tie's ends, the stage before and after (`None`: forgotten).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageChange {
    /// The person with the smaller id.
    pub a: u32,
    /// The person with the larger id.
    pub b: u32,
    /// The stage before.
    pub from: Stage,
    /// The stage after; `None` when the tie was forgotten.
    pub to: Option<Stage>,
}

/// What changes in a tie, kept together: a contact updates one record (one cache line), and the
/// once-a-tick decay streams through these records without touching the ends.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
struct TieState {
    affinity: f64,
    last_contact: u64,
    exchanges: u32,
    /// `None` marks a free slot.
    stage: Option<Stage>,
}

/// All ties of the world.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TieSet {
    ends: Vec<(u32, u32)>,
    state: Vec<TieState>,
    /// Free slot ids, reused last in, first out.
    free: Vec<u32>,
    /// For each person, `(partner, tie id)` of each of its ties.
    by_person: Vec<Vec<(u32, u32)>>,
    live: usize,
}

impl TieSet {
    /// No ties among `persons` persons.
    pub fn new(persons: usize) -> Self {
        TieSet {
            by_person: vec![Vec::new(); persons],
            ..TieSet::default()
        }
    }

    /// The number of persons the set was made for.
    pub fn persons(&self) -> usize {
        self.by_person.len()
    }

    /// The number of ties.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether there are no ties.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// A person's ties, as `(partner, tie id)`.
    pub fn of(&self, person: u32) -> &[(u32, u32)] {
        &self.by_person[person as usize]
    }

    /// The number of ties a person has.
    pub fn degree(&self, person: u32) -> usize {
        self.by_person[person as usize].len()
    }

    /// The tie with this id. Panics on a free id: ids come from this set.
    pub fn get(&self, id: u32) -> Tie {
        let i = id as usize;
        let (a, b) = self.ends[i];
        Tie {
            a,
            b,
            affinity: self.state[i].affinity,
            exchanges: self.state[i].exchanges,
            last_contact: self.state[i].last_contact,
            stage: self.state[i].stage.expect("a live tie id"),
        }
    }

    /// The affinity of a tie.
    pub fn affinity(&self, id: u32) -> f64 {
        self.state[id as usize].affinity
    }

    /// Prefetches the person's list of ties (its header) ahead of use; see [`prefetch`].
    pub fn prefetch_person(&self, person: usize) {
        prefetch(&self.by_person, person);
    }

    /// The bytes the ties' states take (live and free slots): for deciding whether to load them
    /// ahead.
    pub fn state_bytes(&self) -> usize {
        self.state.len() * size_of::<TieState>()
    }

    /// Prefetches the person's whole list of ties ahead of use, a cache line at a time (the
    /// list's header must be in the cache already, or this waits for it); see [`prefetch`].
    pub fn prefetch_list(&self, person: usize) {
        if let Some(list) = self.by_person.get(person) {
            // Eight entries of 8 bytes to a 64-byte line. A list that does not start at a line's
            // start may leave its last line unloaded: a hint fewer, never a wrong result.
            for i in (0..list.len()).step_by(8) {
                prefetch(list, i);
            }
        }
    }

    /// Prefetches the state (affinity, stage, last contact) of each of the person's ties ahead
    /// of use (its list must be in the cache already, or this waits for it); see [`prefetch`].
    pub fn prefetch_states(&self, person: usize) {
        if let Some(list) = self.by_person.get(person) {
            for &(_, id) in list {
                prefetch(&self.state, id as usize);
            }
        }
    }

    /// The id of the tie between two persons, if any.
    pub fn find(&self, p: u32, q: u32) -> Option<u32> {
        // In the shorter of the two lists.
        if self.degree(p) <= self.degree(q) {
            self.find_from(p, q)
        } else {
            self.find_from(q, p)
        }
    }

    /// The id of the tie between `me` and `other`, if any, found in `me`'s list alone. The
    /// same answer as [`find`](Self::find); faster when `me`'s list is already in the cache
    /// (the person acting, prefetched ahead) and `other`'s is not.
    pub fn find_from(&self, me: u32, other: u32) -> Option<u32> {
        self.by_person[me as usize]
            .iter()
            .find(|&&(partner, _)| partner == other)
            .map(|&(_, id)| id)
    }

    /// Adds a tie between two different persons who have none yet; returns its id.
    pub fn insert(&mut self, p: u32, q: u32, affinity: f64, stage: Stage, tick: u64) -> u32 {
        debug_assert!(p != q, "no self-ties");
        debug_assert!(self.find(p, q).is_none(), "one tie per pair");
        let ends = (p.min(q), p.max(q));
        let state = TieState {
            affinity,
            last_contact: tick,
            exchanges: 0,
            stage: Some(stage),
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.ends[id as usize] = ends;
                self.state[id as usize] = state;
                id
            }
            None => {
                self.ends.push(ends);
                self.state.push(state);
                (self.ends.len() - 1) as u32
            }
        };
        self.by_person[p as usize].push((q, id));
        self.by_person[q as usize].push((p, id));
        self.live += 1;
        id
    }

    /// Forgets a tie.
    pub fn remove(&mut self, id: u32) {
        let i = id as usize;
        assert!(self.state[i].stage.take().is_some(), "a live tie id");
        let (a, b) = self.ends[i];
        for person in [a, b] {
            let list = &mut self.by_person[person as usize];
            let at = list
                .iter()
                .position(|&(_, t)| t == id)
                .expect("listed at both ends");
            list.swap_remove(at);
        }
        self.free.push(id);
        self.live -= 1;
    }

    /// Records a contact on a tie: its new affinity, and its new stage by the thresholds.
    /// Returns the change of stage, if any.
    pub fn record_contact(
        &mut self,
        id: u32,
        affinity: f64,
        success: bool,
        now: u64,
        thresholds: &StageThresholds,
    ) -> Option<StageChange> {
        let i = id as usize;
        self.state[i].affinity = affinity;
        self.state[i].last_contact = now;
        if success {
            self.state[i].exchanges += 1;
        }
        self.restage_one(i, thresholds)
    }

    /// Sets a tie's stage by the thresholds from its affinity; returns the change, if any.
    fn restage_one(&mut self, i: usize, thresholds: &StageThresholds) -> Option<StageChange> {
        let from = self.state[i].stage.expect("a live tie id");
        let to = thresholds.next_stage(from, self.state[i].affinity);
        (to != from).then(|| {
            self.state[i].stage = Some(to);
            let (a, b) = self.ends[i];
            StageChange {
                a,
                b,
                from,
                to: Some(to),
            }
        })
    }

    /// Sets a tie's affinity without a contact (the crisis' strain) and its stage by the
    /// thresholds. Returns the change of stage, if any.
    pub fn set_affinity(
        &mut self,
        id: u32,
        affinity: f64,
        thresholds: &StageThresholds,
    ) -> Option<StageChange> {
        let i = id as usize;
        self.state[i].affinity = affinity;
        self.restage_one(i, thresholds)
    }

    /// Once a tick: every tie not in contact at `now` loses the share `decay` of its affinity
    /// (`kin_decay` for kin), changes stage by the thresholds, and is forgotten below
    /// `forget_below`. Each change is passed to `changed`, in id order.
    pub fn decay(
        &mut self,
        now: u64,
        decay: f64,
        kin_decay: f64,
        forget_below: f64,
        thresholds: &StageThresholds,
        mut changed: impl FnMut(StageChange),
    ) {
        // Decay only lowers affinity, so a tie keeps its stage while it stays at or above its
        // stage's floor: the common case is one multiplication and two comparisons.
        let floor = |stage: Stage| match stage {
            Stage::Acquaintance => forget_below,
            Stage::Friend => forget_below.max(thresholds.friend - thresholds.hysteresis),
            Stage::Kin => forget_below.max(thresholds.kin - thresholds.hysteresis),
        };
        let floors = [
            floor(Stage::Acquaintance),
            floor(Stage::Friend),
            floor(Stage::Kin),
        ];
        // What a tie keeps of its affinity, per stage: untouched, then in contact this tick.
        let keeps = [
            [1.0 - decay, 1.0],
            [1.0 - decay, 1.0],
            [1.0 - kin_decay, 1.0],
        ];
        // The changes are gathered, then passed on after the pass: with `changed` called inside
        // it, the compiler must assume that `changed` may touch the ties, and reloads them for
        // every tie (a third of the pass' time).
        let mut changes: Vec<(u32, Stage, Option<Stage>)> = Vec::new();
        for (i, state) in self.state.iter_mut().enumerate() {
            let Some(from) = state.stage else {
                continue;
            };
            // A tie in contact this tick keeps its affinity: multiplied by 1, exactly, instead
            // of a branch the processor would mispredict for every tie in contact.
            // (Looked up in a table: the compiler turned an `if` into that very branch.)
            let touched = state.last_contact == now;
            let affinity = state.affinity * keeps[from as usize][usize::from(touched)];
            state.affinity = affinity;
            if affinity >= floors[from as usize] {
                continue;
            }
            // A contact leaves a tie at or above its stage's floor (or forgets it at once).
            debug_assert!(!touched, "a tie in contact this tick is below its floor");
            let to = if affinity < forget_below {
                None
            } else {
                let to = thresholds.next_stage(from, affinity);
                state.stage = Some(to);
                Some(to)
            };
            if to != Some(from) {
                changes.push((i as u32, from, to));
            }
        }
        for (id, from, to) in changes {
            let (a, b) = self.ends[id as usize];
            changed(StageChange { a, b, from, to });
            if to.is_none() {
                self.remove(id);
            }
        }
    }

    /// Sets every tie's stage by (new) thresholds, passing each change to `changed`.
    pub fn restage(&mut self, thresholds: &StageThresholds, mut changed: impl FnMut(StageChange)) {
        for (i, state) in self.state.iter_mut().enumerate() {
            let Some(from) = state.stage else {
                continue;
            };
            let to = thresholds.next_stage(from, state.affinity);
            if to != from {
                state.stage = Some(to);
                let (a, b) = self.ends[i];
                changed(StageChange {
                    a,
                    b,
                    from,
                    to: Some(to),
                });
            }
        }
    }

    /// The sum of every tie's affinity, in a fixed order: four partial sums, tie `id` into sum
    /// `id mod 4`, each in id order, then `(s0 + s1) + (s2 + s3)`. (One running sum would make
    /// each addition wait for the one before; the metrics take this sum every recorded tick.)
    pub fn affinity_sum(&self) -> f64 {
        // A free slot adds 0.0, which leaves a partial sum exactly as it was.
        let term = |state: &TieState| {
            if state.stage.is_some() {
                state.affinity
            } else {
                0.0
            }
        };
        let mut sums = [0.0; 4];
        let mut chunks = self.state.chunks_exact(4);
        for chunk in &mut chunks {
            for (sum, state) in sums.iter_mut().zip(chunk) {
                *sum += term(state);
            }
        }
        for (sum, state) in sums.iter_mut().zip(chunks.remainder()) {
            *sum += term(state);
        }
        (sums[0] + sums[1]) + (sums[2] + sums[3])
    }

    /// The number of slots, live or free: what the ties' storage holds (it grows only when
    /// more ties live at once than ever before).
    pub fn slot_count(&self) -> usize {
        self.state.len()
    }

    /// About how many bytes the ties hold on the heap: the columns, the free list, and each
    /// person's list with the allocator's own 16 bytes for each that holds anything.
    pub fn heap_bytes(&self) -> usize {
        let lists: usize = self
            .by_person
            .iter()
            .map(|list| vec_bytes(list) + if list.capacity() > 0 { 16 } else { 0 })
            .sum();
        vec_bytes(&self.ends)
            + vec_bytes(&self.state)
            + vec_bytes(&self.free)
            + vec_bytes(&self.by_person)
            + lists
    }

    /// Every live tie with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, Tie)> + '_ {
        // Both columns zipped, so that a pass over every tie (the metrics, each recorded tick)
        // reads them in order without an index check per tie.
        self.ends
            .iter()
            .zip(&self.state)
            .enumerate()
            .filter_map(|(id, (&(a, b), state))| {
                let stage = state.stage?;
                Some((
                    id as u32,
                    Tie {
                        a,
                        b,
                        affinity: state.affinity,
                        exchanges: state.exchanges,
                        last_contact: state.last_contact,
                        stage,
                    },
                ))
            })
    }

    /// Checks the structure: each tie listed once at each end with the right partner and
    /// nowhere else, no self-ties, one tie per pair, affinity within [0, 1], the live count.
    pub fn check(&self) -> Result<(), String> {
        if self.ends.len() != self.state.len() {
            return Err("tie ends and states differ in number".into());
        }
        let n = self.by_person.len() as u32;
        if let Some(id) = self.ends.iter().position(|&(a, b)| a >= n || b >= n) {
            return Err(format!("tie {id} names a person who does not exist"));
        }
        if let Some(&id) = self
            .free
            .iter()
            .find(|&&id| id as usize >= self.state.len())
        {
            return Err(format!("free slot {id} does not exist"));
        }
        let mut listed = vec![0u8; self.state.len()];
        for (person, list) in self.by_person.iter().enumerate() {
            for &(partner, id) in list {
                if partner >= n {
                    return Err(format!(
                        "person {person} lists a partner who does not exist"
                    ));
                }
                if self.state.get(id as usize).and_then(|t| t.stage).is_none() {
                    return Err(format!("person {person} lists free tie {id}"));
                }
                let (a, b) = self.ends[id as usize];
                let person = person as u32;
                if !((a == person && b == partner) || (b == person && a == partner)) {
                    return Err(format!("person {person} lists tie {id} as with {partner}"));
                }
                listed[id as usize] = listed[id as usize].saturating_add(1);
            }
        }
        let mut pairs = std::collections::HashSet::new();
        let mut live = 0;
        for (id, tie) in self.iter() {
            live += 1;
            if tie.a >= tie.b {
                return Err(format!("tie {id} has a {} >= b {}", tie.a, tie.b));
            }
            if listed[id as usize] != 2 {
                return Err(format!("tie {id} is listed {} times", listed[id as usize]));
            }
            if !(0.0..=1.0).contains(&tie.affinity) {
                return Err(format!("tie {id} has affinity {}", tie.affinity));
            }
            if !pairs.insert((tie.a, tie.b)) {
                return Err(format!("two ties between {} and {}", tie.a, tie.b));
            }
        }
        if live != self.live {
            return Err(format!("{live} live ties, counted {}", self.live));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
