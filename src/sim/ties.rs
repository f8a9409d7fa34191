//! Ties between persons: undirected, sparse, each with an affinity and a stage.
//!
//! Ties live in a slab (a vector with a free list, so that a tie keeps its id while it lives)
//! and each person keeps the ids of its own ties. A person has few ties, so finding the tie
//! between two persons is a short scan of the shorter list.

use serde::{Deserialize, Serialize};

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

/// One tie between two persons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

/// All ties of the world.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TieSet {
    /// Slots; `None` is a free slot.
    slots: Vec<Option<Tie>>,
    /// Free slot ids, reused last in, first out.
    free: Vec<u32>,
    /// For each person, the ids of its ties.
    by_person: Vec<Vec<u32>>,
    live: usize,
}

impl TieSet {
    /// No ties among `persons` persons.
    pub fn new(persons: usize) -> Self {
        TieSet {
            slots: Vec::new(),
            free: Vec::new(),
            by_person: vec![Vec::new(); persons],
            live: 0,
        }
    }

    /// The number of ties.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether there are no ties.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The ids of a person's ties.
    pub fn ids_of(&self, person: u32) -> &[u32] {
        &self.by_person[person as usize]
    }

    /// The number of ties a person has.
    pub fn degree(&self, person: u32) -> usize {
        self.by_person[person as usize].len()
    }

    /// The tie with this id. Panics on a free id: ids come from this set.
    pub fn get(&self, id: u32) -> &Tie {
        self.slots[id as usize].as_ref().expect("a live tie id")
    }

    /// The tie with this id, to change.
    pub fn get_mut(&mut self, id: u32) -> &mut Tie {
        self.slots[id as usize].as_mut().expect("a live tie id")
    }

    /// The id of the tie between two persons, if any.
    pub fn find(&self, p: u32, q: u32) -> Option<u32> {
        let (me, other) = if self.degree(p) <= self.degree(q) {
            (p, q)
        } else {
            (q, p)
        };
        self.by_person[me as usize]
            .iter()
            .copied()
            .find(|&id| self.get(id).other(me) == other)
    }

    /// Adds a tie between two different persons who have none yet; returns its id.
    pub fn insert(&mut self, p: u32, q: u32, affinity: f64, stage: Stage, tick: u64) -> u32 {
        debug_assert!(p != q, "no self-ties");
        debug_assert!(self.find(p, q).is_none(), "one tie per pair");
        let tie = Tie {
            a: p.min(q),
            b: p.max(q),
            affinity,
            exchanges: 0,
            last_contact: tick,
            stage,
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = Some(tie);
                id
            }
            None => {
                self.slots.push(Some(tie));
                (self.slots.len() - 1) as u32
            }
        };
        self.by_person[p as usize].push(id);
        self.by_person[q as usize].push(id);
        self.live += 1;
        id
    }

    /// Forgets a tie.
    pub fn remove(&mut self, id: u32) {
        let tie = self.slots[id as usize].take().expect("a live tie id");
        for person in [tie.a, tie.b] {
            let list = &mut self.by_person[person as usize];
            let at = list
                .iter()
                .position(|&t| t == id)
                .expect("listed at both ends");
            list.swap_remove(at);
        }
        self.free.push(id);
        self.live -= 1;
    }

    /// Every live tie with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &Tie)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(id, slot)| slot.as_ref().map(|t| (id as u32, t)))
    }

    /// The number of slots, live or free (ids are below it).
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// The tie in a slot, if it is live.
    pub fn slot(&self, id: u32) -> Option<&Tie> {
        self.slots[id as usize].as_ref()
    }

    /// The tie in a slot, if it is live, to change.
    pub fn slot_mut(&mut self, id: u32) -> Option<&mut Tie> {
        self.slots[id as usize].as_mut()
    }

    /// Checks the structure: each tie listed once at each end and nowhere else, no self-ties,
    /// one tie per pair, affinity within [0, 1], and the live count right.
    pub fn check(&self) -> Result<(), String> {
        let mut listed = vec![0u8; self.slots.len()];
        for (person, ids) in self.by_person.iter().enumerate() {
            for &id in ids {
                let tie = self
                    .slots
                    .get(id as usize)
                    .and_then(Option::as_ref)
                    .ok_or_else(|| format!("person {person} lists free tie {id}"))?;
                if tie.a as usize != person && tie.b as usize != person {
                    return Err(format!("person {person} lists tie {id} of others"));
                }
                listed[id as usize] += 1;
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
mod tests {
    use super::*;

    const THRESHOLDS: StageThresholds = StageThresholds {
        friend: 0.4,
        kin: 0.8,
        hysteresis: 0.1,
    };

    #[test]
    fn stages_rise_at_the_thresholds() {
        let t = THRESHOLDS;
        assert_eq!(t.next_stage(Stage::Acquaintance, 0.39), Stage::Acquaintance);
        assert_eq!(t.next_stage(Stage::Acquaintance, 0.4), Stage::Friend);
        assert_eq!(t.next_stage(Stage::Acquaintance, 0.85), Stage::Kin);
        assert_eq!(t.next_stage(Stage::Friend, 0.8), Stage::Kin);
    }

    #[test]
    fn stages_fall_only_past_the_hysteresis() {
        let t = THRESHOLDS;
        assert_eq!(t.next_stage(Stage::Kin, 0.75), Stage::Kin);
        assert_eq!(t.next_stage(Stage::Kin, 0.69), Stage::Friend);
        assert_eq!(t.next_stage(Stage::Friend, 0.31), Stage::Friend);
        assert_eq!(t.next_stage(Stage::Friend, 0.29), Stage::Acquaintance);
        assert_eq!(t.next_stage(Stage::Kin, 0.1), Stage::Acquaintance);
        assert_eq!(t.next_stage(Stage::Kin, 0.35), Stage::Friend);
    }

    #[test]
    fn insert_find_remove_keep_the_structure() {
        let mut ties = TieSet::new(5);
        let t01 = ties.insert(1, 0, 0.5, Stage::Friend, 0);
        let t12 = ties.insert(1, 2, 0.2, Stage::Acquaintance, 0);
        let t34 = ties.insert(3, 4, 0.9, Stage::Kin, 0);
        assert_eq!(ties.len(), 3);
        assert_eq!(ties.find(0, 1), Some(t01));
        assert_eq!(ties.find(2, 1), Some(t12));
        assert_eq!(ties.find(0, 2), None);
        assert_eq!(ties.get(t01).a, 0);
        ties.check().unwrap();
        ties.remove(t12);
        assert_eq!(ties.find(1, 2), None);
        assert_eq!(ties.degree(1), 1);
        ties.check().unwrap();
        // The freed slot is reused.
        assert_eq!(ties.insert(2, 4, 0.1, Stage::Acquaintance, 1), t12);
        assert_eq!(ties.find(3, 4), Some(t34));
        ties.check().unwrap();
    }
}
