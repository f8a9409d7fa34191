//! Brief effects that make events visible: a glow along the ties a class should notice (each
//! new kinship across communities, and the first tie ever between two communities), a ring
//! spreading from the speaker of each public event. New kin within a community are many (dozens
//! a second at the default speed) and would wash over the map: they only thicken their line.
//! Effects live in real time, not in ticks, so that they look the same at every speed.

use bevy::prelude::*;

use super::compare::Compare;
use super::simulation::{Side, Simulation, Speed, Ticked};
use crate::sim::model::{SymbolEvent, Via};
use crate::sim::{ModelEvent, NanoModel};
use crate::view::geometry::{GLOW_SECONDS, MARK_SECONDS, RING_SECONDS};

/// A tie a class should notice, glowing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glow {
    /// One end.
    pub a: u32,
    /// The other end.
    pub b: u32,
    /// Whether it crosses communities.
    pub cross_community: bool,
    /// When it formed, in seconds of real time.
    pub born: f32,
}

/// A public event's spreading ring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ring {
    /// Who spoke.
    pub speaker: u32,
    /// When, in seconds of real time.
    pub born: f32,
}

/// A symbol on its way from giver to taker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// Who gave it.
    pub giver: u32,
    /// Who takes it.
    pub taker: u32,
    /// The symbol.
    pub symbol: u32,
    /// When it set off, in seconds of real time.
    pub born: f32,
}

/// The effects on screen now.
#[derive(Resource, Debug, Default)]
pub struct Effects {
    /// Symbols travelling: a sample of those that pass, those across communities first.
    pub marks: Vec<Mark>,
    /// New kin ties.
    pub glows: Vec<Glow>,
    /// Public events.
    pub rings: Vec<Ring>,
    /// The pairs of communities (smaller first) that have had a tie in this world: the first
    /// tie of a pair glows.
    pub pairs_met: std::collections::HashSet<(u8, u8)>,
}

/// At high speed many ties form each second; beyond these the oldest effects make way.
const MOST_GLOWS: usize = 200;
const MOST_RINGS: usize = 12;

/// Symbols travelling at once, at most: a sample a class can follow (the marketplace passes
/// about 200 a tick).
pub const MOST_MARKS: usize = 36;
/// New marks a tick, at most, so that the sample spreads over the ticks.
const MARKS_A_TICK: usize = 3;
/// Listeners a public event's symbol is shown going out to, at most.
const MARKS_A_PUBLIC_EVENT: usize = 8;
/// Above this speed symbols pass too fast to follow, and no marks are shown.
pub const MARKS_UP_TO_TICKS_PER_SECOND: u32 = 30;

/// Collects new effects from the ticks done (in both worlds when comparing), and lets old ones
/// go.
pub fn collect_effects(
    mut ticked: MessageReader<Ticked>,
    time: Res<Time<Real>>,
    speed: Res<Speed>,
    simulation: Res<Simulation>,
    mut effects: ResMut<Effects>,
    mut compare: ResMut<Compare>,
    mut generation: Local<u64>,
) {
    let now = time.elapsed_secs();
    if simulation.generation != *generation {
        // A new world: the old one's glows would light up strangers.
        *generation = simulation.generation;
        *effects = Effects::default();
    }
    let marks = matches!(*speed, Speed::TicksPerSecond(t) if t <= MARKS_UP_TO_TICKS_PER_SECOND);
    for tick in ticked.read() {
        let (effects, model) = match (tick.side, compare.0.as_mut()) {
            (Side::A, _) => (&mut *effects, &simulation.model),
            (Side::B, Some(b)) => (&mut b.effects, &b.world.model),
            (Side::B, None) => continue,
        };
        effects.collect(model, &tick.events, now);
        if marks {
            effects.send_marks(model, &tick.passed, now);
        }
    }
    effects.let_go(now);
    if let Some(b) = compare.0.as_mut() {
        b.effects.let_go(now);
    }
}

impl Effects {
    /// Adds the effects of one tick's events in `model`'s world.
    fn collect(&mut self, model: &NanoModel, events: &[ModelEvent], now: f32) {
        let persons = &model.population().persons;
        for event in events {
            match event {
                ModelEvent::StageChanged {
                    a,
                    b,
                    from,
                    cross_community: true,
                    ..
                } => {
                    let community = |p: &u32| persons.get(*p as usize).map(|x| x.community);
                    let first_of_pair = from.is_none()
                        && community(a)
                            .zip(community(b))
                            .is_some_and(|(x, y)| self.pairs_met.insert((x.min(y), x.max(y))));
                    if event.is_new_kinship() || first_of_pair {
                        self.glows.push(Glow {
                            a: *a,
                            b: *b,
                            cross_community: true,
                            born: now,
                        });
                    }
                }
                ModelEvent::PublicEvent { speaker, .. } => self.rings.push(Ring {
                    speaker: *speaker,
                    born: now,
                }),
                _ => {}
            }
        }
    }

    /// Sends off marks for a sample of the symbols passed: a public event's to a few of its
    /// listeners, then those that cross communities, then the rest, while there is room.
    pub fn send_marks(&mut self, model: &NanoModel, passed: &[SymbolEvent], now: f32) {
        let persons = &model.population().persons;
        let community = |p: u32| persons.get(p as usize).map(|x| x.community);
        let mut public = 0;
        let mut fresh = 0;
        let admit = |effects: &mut Effects, giver, taker, symbol| {
            effects.marks.push(Mark {
                giver,
                taker,
                symbol,
                born: now,
            })
        };
        for event in passed {
            if let SymbolEvent::Passed {
                giver,
                taker,
                symbol,
                via: Via::Public,
                ..
            } = *event
                && public < MARKS_A_PUBLIC_EVENT
                && self.marks.len() < MOST_MARKS
            {
                admit(self, giver, taker, symbol);
                public += 1;
            }
        }
        for across in [true, false] {
            for event in passed {
                if let SymbolEvent::Passed {
                    giver,
                    taker,
                    symbol,
                    via: Via::Verbal { .. } | Via::NonVerbal,
                    ..
                } = *event
                    && (community(giver) != community(taker)) == across
                    && fresh < MARKS_A_TICK
                    && self.marks.len() < MOST_MARKS
                {
                    admit(self, giver, taker, symbol);
                    fresh += 1;
                }
            }
        }
    }

    /// Lets effects older than their time go, and the oldest beyond the most shown at once.
    fn let_go(&mut self, now: f32) {
        self.glows.retain(|g| now - g.born < GLOW_SECONDS);
        self.marks.retain(|m| now - m.born < MARK_SECONDS);
        self.rings.retain(|r| now - r.born < RING_SECONDS);
        let extra = self.glows.len().saturating_sub(MOST_GLOWS);
        self.glows.drain(..extra);
        let extra = self.rings.len().saturating_sub(MOST_RINGS);
        self.rings.drain(..extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn marks_are_a_bounded_sample_with_crossings_first() {
        let scenario = Scenario::default_preset();
        let mut model = NanoModel::new(scenario.nano().unwrap().clone(), 1);
        model.set_symbol_log(true);
        let mut effects = Effects::default();
        let community =
            |model: &NanoModel, p: u32| model.population().persons[p as usize].community;
        for tick in 0..40 {
            model.step();
            let passed: Vec<SymbolEvent> = model.symbol_log().to_vec();
            let before = effects.marks.len();
            effects.send_marks(&model, &passed, tick as f32 * 0.05);
            let new = &effects.marks[before..];
            assert!(effects.marks.len() <= MOST_MARKS);
            let crossings = passed.iter().any(|e| {
                matches!(e, SymbolEvent::Passed { giver, taker, via: Via::NonVerbal | Via::Verbal { .. }, .. }
                    if community(&model, *giver) != community(&model, *taker))
            });
            let contact_marks: Vec<&Mark> = new
                .iter()
                .filter(|m| {
                    passed.iter().any(|e| matches!(e, SymbolEvent::Passed { giver, taker, via: Via::NonVerbal | Via::Verbal { .. }, .. } if *giver == m.giver && *taker == m.taker))
                })
                .collect();
            if crossings && let Some(first) = contact_marks.first() {
                assert_ne!(
                    community(&model, first.giver),
                    community(&model, first.taker),
                    "tick {tick}: a crossing passed, but the first mark stays within a community"
                );
            }
            assert!(contact_marks.len() <= MARKS_A_TICK);
            effects.let_go(tick as f32 * 0.05);
        }
        assert!(
            !effects.marks.is_empty(),
            "symbols passed but none were shown"
        );
    }
}
