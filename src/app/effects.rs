//! Brief effects that make events visible: a glow along the ties a class should notice (each
//! new kinship across communities, and the first tie ever between two communities), a ring
//! spreading from the speaker of each public event. New kin within a community are many (dozens
//! a second at the default speed) and would wash over the map: they only thicken their line.
//! Effects live in real time, not in ticks, so that they look the same at every speed.

use bevy::prelude::*;

use super::simulation::{Simulation, Ticked};
use crate::sim::ModelEvent;
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

/// Collects new effects from the ticks done, and lets old ones go.
pub fn collect_effects(
    mut ticked: MessageReader<Ticked>,
    time: Res<Time<Real>>,
    simulation: Res<Simulation>,
    mut effects: ResMut<Effects>,
    mut generation: Local<u64>,
) {
    let now = time.elapsed_secs();
    if simulation.generation != *generation {
        // A new world: the old one's glows would light up strangers.
        *generation = simulation.generation;
        effects.glows.clear();
        effects.rings.clear();
        effects.pairs_met.clear();
    }
    let persons = &simulation.model.population().persons;
    for tick in ticked.read() {
        for event in &tick.events {
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
                            .is_some_and(|(x, y)| effects.pairs_met.insert((x.min(y), x.max(y))));
                    if event.is_new_kinship() || first_of_pair {
                        effects.glows.push(Glow {
                            a: *a,
                            b: *b,
                            cross_community: true,
                            born: now,
                        });
                    }
                }
                ModelEvent::PublicEvent { speaker, .. } => effects.rings.push(Ring {
                    speaker: *speaker,
                    born: now,
                }),
                _ => {}
            }
        }
    }
    effects.glows.retain(|g| now - g.born < GLOW_SECONDS);
    effects.rings.retain(|r| now - r.born < RING_SECONDS);
    let extra = effects.glows.len().saturating_sub(MOST_GLOWS);
    effects.glows.drain(..extra);
    let extra = effects.rings.len().saturating_sub(MOST_RINGS);
    effects.rings.drain(..extra);
}
