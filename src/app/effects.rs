//! Brief effects that make events visible: a glow along the ties a class should notice (each
//! new kinship across communities, and the first tie ever between two communities), a ring
//! spreading from the speaker of each public event. New kin within a community are many (dozens
//! a second at the default speed) and would wash over the map: they only thicken their line.
//! Effects live in real time, not in ticks, so that they look the same at every speed.

use bevy::prelude::*;

use super::compare::Compare;
use super::simulation::{Side, Simulation, Ticked};
use crate::sim::{ModelEvent, NanoModel};
use crate::view::geometry::{GLOW_SECONDS, RING_SECONDS};

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

/// The effects on screen now.
#[derive(Resource, Debug, Default)]
pub struct Effects {
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

/// Collects new effects from the ticks done (in both worlds when comparing), and lets old ones
/// go.
pub fn collect_effects(
    mut ticked: MessageReader<Ticked>,
    time: Res<Time<Real>>,
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
    for tick in ticked.read() {
        match (tick.side, compare.0.as_mut()) {
            (Side::A, _) => effects.collect(&simulation.model, &tick.events, now),
            (Side::B, Some(b)) => b.effects.collect(&b.world.model, &tick.events, now),
            (Side::B, None) => {}
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

    /// Lets effects older than their time go, and the oldest beyond the most shown at once.
    fn let_go(&mut self, now: f32) {
        self.glows.retain(|g| now - g.born < GLOW_SECONDS);
        self.rings.retain(|r| now - r.born < RING_SECONDS);
        let extra = self.glows.len().saturating_sub(MOST_GLOWS);
        self.glows.drain(..extra);
        let extra = self.rings.len().saturating_sub(MOST_RINGS);
        self.rings.drain(..extra);
    }
}
