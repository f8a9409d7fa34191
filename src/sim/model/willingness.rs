//! Rule 3, willingness: the barrier's terms, familiarity's discount, the crisis' prejudice and
//! the similarity of customs, worked out once in [`WillingnessTerms`], which both the contact
//! rule and the app's "Why this tie?" read, so that the two cannot disagree.

use super::{FamiliaritySource, NanoModel};
use crate::sim::rng::unit;

/// Where familiarity entered the barrier between two persons of different communities, with
/// the numbers rule 3 used (docs/model.md, rule 3 and "The placebo").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FamiliarityTerm {
    /// Where familiarity was read from: the partner's community (the rule) or a third one (the
    /// placebo).
    pub source: FamiliaritySource,
    /// The community whose symbols count for the initiator: the partner's, or under the
    /// placebo a third one (`None` when there is none, and then the familiarity is 0).
    pub initiator_reads: Option<u8>,
    /// The initiator's familiarity with that community, 0 to 1.
    pub initiator: f64,
    /// The community whose symbols count for the partner (as for the initiator).
    pub partner_reads: Option<u8>,
    /// The partner's familiarity with that community, 0 to 1.
    pub partner: f64,
    /// `m`, the mean of the two.
    pub mutual: f64,
}

/// Rule 3 taken apart for one initiator and one partner: every number the rule uses, in the
/// order it uses them. `willingness` is the rule's value itself, bit for bit (the contact
/// rule reads it from here).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WillingnessTerms {
    /// The tie's affinity `a` (0 without a tie).
    pub affinity: f64,
    /// The initiator's openness `o`: how much the barrier counts against the similarity of
    /// customs.
    pub openness: f64,
    /// The share of features on which their customs are equal, 0 to 1.
    pub customs_share: f64,
    /// `weight_community` if their communities differ, else 0.
    pub community: f64,
    /// `weight_belief` if their beliefs differ, else 0.
    pub belief: f64,
    /// `weight_ses` times the distance between their socio-economic levels.
    pub ses: f64,
    /// `weight_appearance` times the distance between their appearances.
    pub appearance: f64,
    /// `weight_language` if they speak no language in common, else 0.
    pub language: f64,
    /// The sum of the five weights; each term's share of the barrier is the term over it.
    pub total_weight: f64,
    /// The barrier before familiarity and crisis: the five terms' sum over the total weight (0
    /// when the total weight is 0).
    pub base_barrier: f64,
    /// The two persons' familiarity with each other's community; `None` when it does not enter
    /// (the same community, or `familiarity_weight` 0).
    pub familiarity: Option<FamiliarityTerm>,
    /// What the base barrier is multiplied by: `1 - familiarity_weight * m`, or 1 when
    /// familiarity does not enter.
    pub familiarity_factor: f64,
    /// The prejudice of a crisis that divides them (the share of the gap to a full barrier it
    /// adds), or 0.
    pub prejudice: f64,
    /// The barrier the rule uses, 0 to 1.
    pub barrier: f64,
    /// The probability that the partner engages:
    /// `a + (1 - a) * (o * (1 - barrier) + (1 - o) * customs_share)`.
    pub willingness: f64,
}

impl NanoModel {
    /// Rule 3 for `initiator` meeting `partner` now, with the affinity of their tie (0 if they
    /// have none), taken apart: "Why this tie?". Willingness depends on the initiator's
    /// openness, so the two directions differ.
    pub fn willingness_terms(&self, initiator: u32, partner: u32) -> WillingnessTerms {
        let affinity = self
            .ties
            .find(initiator, partner)
            .map_or(0.0, |id| self.ties.affinity(id));
        self.terms(initiator, partner, affinity)
    }

    /// Rule 3 at a given affinity. Inlined into the contact rule, where the compiler keeps only
    /// the arithmetic the willingness needs: the breakdown costs the rule nothing (measured: the
    /// `contacts` benchmark within its noise, and 1% fewer instructions than before it).
    #[inline(always)]
    fn terms(&self, initiator: u32, partner: u32, affinity: f64) -> WillingnessTerms {
        let pp = &self.population.persons[initiator as usize];
        let pq = &self.population.persons[partner as usize];
        let params = &self.params;
        let total_weight = params.weight_community
            + params.weight_belief
            + params.weight_ses
            + params.weight_appearance
            + params.weight_language;
        let differ = |differs: bool, weight: f64| if differs { weight } else { 0.0 };
        let community = differ(pp.community != pq.community, params.weight_community);
        let belief = differ(pp.belief != pq.belief, params.weight_belief);
        let ses = params.weight_ses * (pp.ses - pq.ses).abs();
        let appearance = params.weight_appearance * (pp.appearance - pq.appearance).abs();
        let no_common_language =
            self.population.spoken(initiator) & self.population.spoken(partner) == 0;
        let language = differ(no_common_language, params.weight_language);
        // Adding a 0 changes no sum, so this is the rule's sum of the terms that apply.
        let base_barrier = if total_weight > 0.0 {
            (community + belief + ses + appearance + language) / total_weight
        } else {
            0.0
        };
        let familiarity = (pp.community != pq.community && params.familiarity_weight > 0.0)
            .then(|| self.familiarity_term(initiator, partner));
        let familiarity_factor =
            familiarity.map_or(1.0, |f| 1.0 - params.familiarity_weight * f.mutual);
        // Multiplying by 1 changes nothing, so this is the rule's barrier with or without it.
        let mut barrier = base_barrier * familiarity_factor;
        let mut prejudice = 0.0;
        if let Some(crisis) = &self.crisis
            && crisis.divides(pp.community, pq.community)
        {
            prejudice = crisis.prejudice;
            barrier += prejudice * (1.0 - barrier);
        }
        let openness = pp.openness;
        let customs_share = self.population.shared_customs(initiator, partner) as f64
            / self.population.features() as f64;
        let willingness = affinity
            + (1.0 - affinity) * (openness * (1.0 - barrier) + (1.0 - openness) * customs_share);
        WillingnessTerms {
            affinity,
            openness,
            customs_share,
            community,
            belief,
            ses,
            appearance,
            language,
            total_weight,
            base_barrier,
            familiarity,
            familiarity_factor,
            prejudice,
            barrier,
            willingness,
        }
    }

    /// The barrier between two persons (docs/model.md, rule 3): the weighted mean of their
    /// differences, lowered by their familiarity with each other's community, raised during a
    /// crisis between their communities.
    pub fn barrier(&self, p: u32, q: u32) -> f64 {
        self.terms(p, q, 0.0).barrier
    }

    /// `m`, two persons' mean familiarity with each other's community (rule 3):
    /// `(f(p, community_q) + f(q, community_p)) / 2`, or under the placebo the same read from
    /// a third community.
    #[inline]
    pub fn mutual_familiarity(&self, p: u32, q: u32) -> f64 {
        self.familiarity_term(p, q).mutual
    }

    /// Each one's familiarity with the other's community, as rule 3 reads it (the placebo
    /// included), and their mean. Inlined, as the rule's own arithmetic.
    #[inline(always)]
    fn familiarity_term(&self, p: u32, q: u32) -> FamiliarityTerm {
        let cp = self.population.persons[p as usize].community;
        let cq = self.population.persons[q as usize].community;
        let (initiator_reads, partner_reads) = match self.familiarity_source {
            FamiliaritySource::Partner => (Some(cq), Some(cp)),
            FamiliaritySource::ThirdCommunity => {
                let third = |from: u8| -> Option<u8> {
                    let c = self.params.communities as u8;
                    (1..c)
                        .map(|k| ((u32::from(from) + u32::from(k)) % u32::from(c)) as u8)
                        .find(|&t| t != cp && t != cq)
                };
                (third(cq), third(cp))
            }
        };
        let of = |person: u32, community: Option<u8>| {
            community.map_or(0.0, |c| self.population.familiarity(person, c))
        };
        let initiator = of(p, initiator_reads);
        let partner = of(q, partner_reads);
        FamiliarityTerm {
            source: self.familiarity_source,
            initiator_reads,
            initiator,
            partner_reads,
            partner,
            mutual: (initiator + partner) / 2.0,
        }
    }

    /// The probability that `partner` engages with `initiator` (rule 3), which depends on the
    /// initiator's openness `o`, as the brief has it (an open person reaches across barriers):
    /// `a + (1 - a) * (o * (1 - barrier) + (1 - o) * similarity)`.
    pub fn willingness(&self, initiator: u32, partner: u32, affinity: f64) -> f64 {
        self.terms(initiator, partner, affinity).willingness
    }

    /// Rule 3's draw, `chance(willingness)`: whether `partner` engages. Willingness is never
    /// below the tie's affinity (`a + (1 - a) * x` with `x >= 0`, also in floating point), so a
    /// draw below the affinity engages without working the willingness out: the same draw and
    /// the same answer, without reading both repertoires (familiarity) for most meetings of the
    /// tied.
    pub(super) fn engages(&mut self, initiator: u32, partner: u32, affinity: f64) -> bool {
        let draw = unit(&mut self.rng);
        draw < affinity || draw < self.willingness(initiator, partner, affinity)
    }
}
