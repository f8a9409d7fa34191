//! A crisis between two communities' states: it raises the barrier between their people for a
//! while (rule 3) and strains the ties across the divide each tick (rule 9).

use serde::{Deserialize, Serialize};

use super::NanoModel;
use super::history::stage_changed;
use crate::sim::events::ModelEvent;

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
    pub(super) fn divides(&self, c1: u8, c2: u8) -> bool {
        (c1, c2) == self.between || (c2, c1) == self.between
    }
}

impl NanoModel {
    pub(super) fn update_crisis(&mut self, now: u64) {
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

    /// Rule 9: during a crisis every tie across the divide, kin included, loses
    /// `strain * (1 - familiarity_weight * m)` affinity (floored at 0); a tie that falls below
    /// `forget_below` is forgotten, and stages follow affinity down.
    pub(super) fn strain(&mut self) {
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
}
