//! Rules 2 and 4 to 8, one contact: the partner, the channel, the exchange, trust, learning,
//! and the tie and its stage (docs/model.md); the willingness of rule 3 is in willingness.rs.

use super::NanoModel;
use crate::sim::events::ModelEvent;
use crate::sim::params::ExchangeRule;
use crate::sim::rng::{below, chance, index, unit};
use crate::sim::ties::Stage;

/// How many uniform draws of a known partner to try before the exact walk over all ties.
const KNOWN_PARTNER_TRIES: u32 = 16;

/// Whom a contact is with: the partner, and the tie between them if they have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Meeting {
    /// The person met.
    pub(super) partner: u32,
    /// The id of their tie, if they are tied.
    pub(super) tie: Option<u32>,
}

/// How a contact is made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Channel {
    /// In a common language, succeeding with the product of both speakers' fluency in it.
    Verbal {
        /// The language they use.
        language: u8,
        /// The probability that they understand each other.
        success: f64,
    },
    /// Without a common language: gesture, food, music; only non-verbal symbols pass.
    NonVerbal,
}

impl NanoModel {
    /// The channel of a contact between two persons (rule 4): their best common language, or
    /// none.
    pub fn channel(&self, p: u32, q: u32) -> Channel {
        let common = self.population.spoken(p) & self.population.spoken(q);
        if common == 0 {
            return Channel::NonVerbal;
        }
        let fp = self.population.fluency(p);
        let fq = self.population.fluency(q);
        let mut best = Channel::NonVerbal;
        let mut best_success = -1.0;
        for l in 0..self.population.languages() {
            if common & (1 << l) != 0 {
                let success = fp[l] * fq[l];
                if success > best_success {
                    best_success = success;
                    best = Channel::Verbal {
                        language: l as u8,
                        success,
                    };
                }
            }
        }
        best
    }

    /// Rule 2: the partner of a contact, or `None` if there is nobody to meet.
    pub(super) fn choose_partner(&mut self, person: u32) -> Option<Meeting> {
        let n = self.population.len() as u32;
        if n < 2 {
            return None;
        }
        let known = self.ties.of(person);
        if !known.is_empty() && chance(&mut self.rng, self.params.p_known) {
            // Someone already tied, weighted by affinity: draw a tie uniformly and keep it with
            // probability equal to its affinity (affinities are at most 1). This is exactly the
            // weighted draw, and reads about two ties instead of all of them.
            for _ in 0..KNOWN_PARTNER_TRIES {
                let (partner, id) = known[index(&mut self.rng, known.len())];
                if chance(&mut self.rng, self.ties.affinity(id)) {
                    return Some(Meeting {
                        partner,
                        tie: Some(id),
                    });
                }
            }
            // All affinities tiny (rare): the same distribution by a walk over the cumulative
            // weights, or uniformly if every affinity is 0.
            let total: f64 = known.iter().map(|&(_, id)| self.ties.affinity(id)).sum();
            let (partner, id) = if total > 0.0 {
                let mut target = unit(&mut self.rng) * total;
                let mut chosen = *known.last().expect("not empty");
                for &(partner, id) in known {
                    let affinity = self.ties.affinity(id);
                    if target < affinity {
                        chosen = (partner, id);
                        break;
                    }
                    target -= affinity;
                }
                chosen
            } else {
                known[index(&mut self.rng, known.len())]
            };
            return Some(Meeting {
                partner,
                tie: Some(id),
            });
        }
        let partner = if chance(&mut self.rng, self.params.p_travel) {
            let mut other = below(&mut self.rng, n - 1);
            if other >= person {
                other += 1;
            }
            other
        } else {
            self.index
                .draw_neighbour(person, &self.population.homes, &mut self.rng)?
        };
        // From the acting person's list, which is in the cache: the partner's may not be.
        Some(Meeting {
            partner,
            tie: self.ties.find_from(person, partner),
        })
    }

    /// One contact started by `initiator` (rules 2 to 8).
    pub(super) fn contact(&mut self, initiator: u32, now: u64) {
        let Some(Meeting { partner, tie }) = self.choose_partner(initiator) else {
            return;
        };
        // Start loading all of the partner's data that the contact reads, at once, so that the
        // misses overlap instead of following one another as the rules come to each.
        self.population.prefetch_person(partner as usize);
        let affinity = tie.map_or(0.0, |id| self.ties.affinity(id));
        // 3. Willingness.
        if !self.engages(initiator, partner, affinity) {
            return;
        }
        self.counts.contacts += 1;

        // 4. Channel and success.
        let channel = self.channel(initiator, partner);
        let success = match channel {
            Channel::Verbal { success, .. } => chance(&mut self.rng, success),
            Channel::NonVerbal => chance(&mut self.rng, self.params.p_nonverbal),
        };

        // 5. Exchange.
        if success {
            self.counts.successes += 1;
            self.exchange(initiator, partner, channel);
        }

        // 6. Trust.
        let mut new_affinity = if success {
            affinity + self.params.eta * (1.0 - affinity)
        } else {
            (affinity - self.params.failure_penalty).max(0.0)
        };
        let holder = &self.population.persons[initiator as usize];
        let exposed = holder.hidden_agenda && chance(&mut self.rng, self.params.p_exposed);
        if exposed {
            new_affinity = 0.0;
            self.agendas_exposed += 1;
            let openness = &mut self.population.persons[partner as usize].openness;
            *openness *= 1.0 - self.params.exposure_openness_loss;
            self.events.push(ModelEvent::AgendaExposed {
                holder: initiator,
                partner,
            });
        }

        // 7. Learning.
        let (from_community, from_tongue) = {
            let p = &self.population.persons[initiator as usize];
            (p.community, p.mother_tongue)
        };
        if channel == Channel::NonVerbal {
            self.population
                .learn_language(partner, from_tongue, self.params.language_learning);
        }
        if success && from_community != self.population.persons[partner as usize].community {
            let openness = &mut self.population.persons[partner as usize].openness;
            *openness += self.params.openness_gain * (1.0 - *openness);
        }

        // 8. The tie and its stage.
        self.update_tie(initiator, partner, tie, new_affinity, success, now);
    }

    /// Rule 5: what a successful contact passes from giver to taker: a symbol that fits the
    /// channel (sharing), or one custom (assimilation).
    pub(super) fn exchange(&mut self, giver: u32, taker: u32, channel: Channel) {
        match self.params.exchange {
            ExchangeRule::Sharing => {
                let nonverbal_only = channel == Channel::NonVerbal;
                if let Some(symbol) =
                    self.population
                        .draw_offer(giver, taker, nonverbal_only, &mut self.rng)
                {
                    self.population.learn_symbol(taker, symbol);
                    self.log_passed(giver, taker, symbol, channel.into(), true);
                }
            }
            ExchangeRule::Assimilation => {
                let differing: Vec<usize> = {
                    let g = self.population.customs(giver);
                    let t = self.population.customs(taker);
                    (0..g.len()).filter(|&f| g[f] != t[f]).collect()
                };
                if !differing.is_empty() {
                    let f = differing[index(&mut self.rng, differing.len())];
                    let trait_ = self.population.customs(giver)[f];
                    self.population.customs_mut(taker)[f] = trait_;
                }
            }
        }
    }

    /// Sets a tie's affinity after a contact, creating it on a first success, and announces a
    /// change of stage.
    pub(super) fn update_tie(
        &mut self,
        p: u32,
        q: u32,
        tie: Option<u32>,
        affinity: f64,
        success: bool,
        now: u64,
    ) {
        let thresholds = self.thresholds();
        let cross_community = self.population.persons[p as usize].community
            != self.population.persons[q as usize].community;
        let id = match tie {
            Some(id) => id,
            // Strangers become acquainted only through a success that leaves some trust.
            None if success && affinity > self.params.forget_below => {
                let id = self.ties.insert(p, q, affinity, Stage::Acquaintance, now);
                self.announce(ModelEvent::StageChanged {
                    a: p.min(q),
                    b: p.max(q),
                    from: None,
                    to: Some(Stage::Acquaintance),
                    cross_community,
                });
                id
            }
            None => return,
        };
        if affinity < self.params.forget_below {
            // Trust is gone (a failure, or an exposed agenda): the tie is forgotten at once.
            self.forget_tie(id);
            return;
        }
        if let Some(change) = self
            .ties
            .record_contact(id, affinity, success, now, &thresholds)
        {
            self.announce(ModelEvent::StageChanged {
                a: change.a,
                b: change.b,
                from: Some(change.from),
                to: change.to,
                cross_community,
            });
        }
    }
}
