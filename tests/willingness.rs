//! "Why this tie?" and "See through their eyes": rule 3 taken apart gives the rule's own
//! willingness, and its terms are those docs/model.md defines, worked out here again from the
//! persons by the formula; and the familiarity helpers read what familiarity says.

use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::model::{FamiliaritySource, WillingnessTerms};
use nano_diplomacy::sim::params::NanoParams;
use nano_diplomacy::sim::rng::{below, seeded};

fn preset(name: &str) -> NanoParams {
    Scenario::preset(name).unwrap().nano().unwrap().clone()
}

/// The community whose familiarity rule 3 reads for a person of `own` meeting one of `other`.
fn reads(model: &NanoModel, source: FamiliaritySource, own: u8, other: u8) -> Option<u8> {
    match source {
        FamiliaritySource::Partner => Some(other),
        FamiliaritySource::ThirdCommunity => {
            let c = model.params().communities as u8;
            // The first community after `other`, counting round, that is neither's.
            (1..c)
                .map(|k| (other + k) % c)
                .find(|&t| t != own && t != other)
        }
    }
}

/// Rule 3 as docs/model.md writes it, from the persons, in the order of its terms.
fn by_the_formula(model: &NanoModel, source: FamiliaritySource, p: u32, q: u32) -> f64 {
    let params = model.params();
    let population = model.population();
    let (pp, pq) = (
        &population.persons[p as usize],
        &population.persons[q as usize],
    );
    let differ = |yes: bool| if yes { 1.0 } else { 0.0 };
    let w = params.weight_community
        + params.weight_belief
        + params.weight_ses
        + params.weight_appearance
        + params.weight_language;
    let common = population.spoken(p) & population.spoken(q) != 0;
    let mut barrier = (params.weight_community * differ(pp.community != pq.community)
        + params.weight_belief * differ(pp.belief != pq.belief)
        + params.weight_ses * (pp.ses - pq.ses).abs()
        + params.weight_appearance * (pp.appearance - pq.appearance).abs()
        + params.weight_language * differ(!common))
        / w;
    if pp.community != pq.community {
        let f = |person: u32, community: Option<u8>| {
            community.map_or(0.0, |c| population.familiarity(person, c))
        };
        let m = (f(p, reads(model, source, pp.community, pq.community))
            + f(q, reads(model, source, pq.community, pp.community)))
            / 2.0;
        barrier *= 1.0 - params.familiarity_weight * m;
    }
    if let Some(crisis) = model.crisis() {
        let (a, b) = crisis.between;
        if (pp.community, pq.community) == (a, b) || (pp.community, pq.community) == (b, a) {
            barrier += crisis.prejudice * (1.0 - barrier);
        }
    }
    let a = model
        .ties()
        .find(p, q)
        .map_or(0.0, |id| model.ties().affinity(id));
    let o = pp.openness;
    let s = population.shared_customs(p, q) as f64 / population.features() as f64;
    a + (1.0 - a) * (o * (1.0 - barrier) + (1.0 - o) * s)
}

/// The terms put back together as their documentation says.
fn put_together(terms: &WillingnessTerms) -> f64 {
    let sum = terms.community + terms.belief + terms.ses + terms.appearance + terms.language;
    assert_eq!(terms.base_barrier, sum / terms.total_weight);
    let barrier = terms.base_barrier * terms.familiarity_factor;
    let barrier = barrier + terms.prejudice * (1.0 - barrier);
    assert_eq!(terms.barrier, barrier);
    let (a, o) = (terms.affinity, terms.openness);
    a + (1.0 - a) * (o * (1.0 - barrier) + (1.0 - o) * terms.customs_share)
}

#[test]
fn why_this_tie_gives_the_rules_own_willingness_and_its_terms() {
    // The crisis preset in its crisis (prejudice between Hill and River), under the rule and
    // under the placebo, for pairs drawn at random and for tied pairs; weights of their own,
    // so that no term can pass for another.
    let params = NanoParams {
        weight_community: 1.5,
        weight_belief: 0.7,
        weight_ses: 2.0,
        weight_appearance: 1.2,
        weight_language: 0.9,
        ..preset("crisis")
    };
    let mut model = NanoModel::new(params, 1);
    for _ in 0..350 {
        model.step();
    }
    assert!(model.crisis().is_some());
    let n = model.population().len() as u32;
    let mut rng = seeded(1);
    let mut pairs: Vec<(u32, u32)> = (0..4_000)
        .map(|_| (below(&mut rng, n), below(&mut rng, n)))
        .filter(|(p, q)| p != q)
        .collect();
    pairs.extend(model.ties().iter().take(2_000).map(|(_, t)| (t.b, t.a)));
    let mut seen = [0; 4];
    for source in [
        FamiliaritySource::Partner,
        FamiliaritySource::ThirdCommunity,
    ] {
        model.set_familiarity_source(source);
        for &(p, q) in &pairs {
            let terms = model.willingness_terms(p, q);
            let a = model
                .ties()
                .find(p, q)
                .map_or(0.0, |id| model.ties().affinity(id));
            assert_eq!(terms.affinity, a);
            let rule = model.willingness(p, q, a);
            assert_eq!(terms.willingness.to_bits(), rule.to_bits(), "{p} {q}");
            assert_eq!(terms.barrier.to_bits(), model.barrier(p, q).to_bits());
            let formula = by_the_formula(&model, source, p, q);
            assert!((terms.willingness - formula).abs() < 1e-12, "{p} {q}");
            assert_eq!(put_together(&terms).to_bits(), rule.to_bits());

            let population = model.population();
            let (pp, pq) = (
                &population.persons[p as usize],
                &population.persons[q as usize],
            );
            let (cp, cq) = (pp.community, pq.community);
            let differ = |yes: bool, weight: f64| if yes { weight } else { 0.0 };
            let common = population.spoken(p) & population.spoken(q) != 0;
            let w = model.params();
            assert_eq!(terms.community, differ(cp != cq, w.weight_community));
            assert_eq!(
                terms.belief,
                differ(pp.belief != pq.belief, w.weight_belief)
            );
            assert_eq!(terms.ses, w.weight_ses * (pp.ses - pq.ses).abs());
            assert_eq!(
                terms.appearance,
                w.weight_appearance * (pp.appearance - pq.appearance).abs()
            );
            assert_eq!(terms.language, differ(!common, w.weight_language));
            assert_eq!(terms.openness, pp.openness);
            let features = population.features() as f64;
            assert_eq!(
                terms.customs_share,
                population.shared_customs(p, q) as f64 / features
            );
            match terms.familiarity {
                None => {
                    assert_eq!(cp, cq);
                    assert_eq!(terms.familiarity_factor, 1.0);
                }
                Some(f) => {
                    assert_ne!(cp, cq);
                    assert_eq!(f.source, source);
                    assert_eq!(f.initiator_reads, reads(&model, source, cp, cq));
                    assert_eq!(f.partner_reads, reads(&model, source, cq, cp));
                    let eyes = model.population().familiarities(p);
                    assert_eq!(
                        f.initiator,
                        f.initiator_reads.map_or(0.0, |c| eyes[c as usize])
                    );
                    assert_eq!(f.mutual, model.mutual_familiarity(p, q));
                    assert_eq!(
                        terms.familiarity_factor,
                        1.0 - model.params().familiarity_weight * f.mutual
                    );
                    seen[0] += usize::from(f.mutual > 0.0);
                }
            }
            seen[1] += usize::from(terms.prejudice > 0.0);
            seen[2] += usize::from(terms.language > 0.0);
            seen[3] += usize::from(a > 0.0);
        }
    }
    assert!(
        seen.iter().all(|&k| k > 100),
        "every term at work: {seen:?}"
    );
}

#[test]
fn willingness_depends_on_the_initiators_openness() {
    let model = NanoModel::new(preset("marketplace"), 2);
    let persons = &model.population().persons;
    let (p, q) = (0u32, 1u32);
    let (forth, back) = (model.willingness_terms(p, q), model.willingness_terms(q, p));
    assert_eq!(forth.openness, persons[0].openness);
    assert_eq!(back.openness, persons[1].openness);
    assert_eq!(forth.barrier, back.barrier, "the barrier is symmetric");
}

#[test]
fn through_their_eyes() {
    let mut model = NanoModel::new(preset("marketplace"), 3);
    for _ in 0..100 {
        model.step();
    }
    let population = model.population();
    let communities = model.params().communities as usize;
    assert_eq!(population.communities(), communities);
    for p in [0u32, 17, 333, 599] {
        // A person's familiarity with each community: its own fully known at the start is
        // never forgotten, and each is the share of that community's symbols it knows.
        let eyes = population.familiarities(p);
        assert_eq!(eyes.len(), communities);
        for (c, &f) in eyes.iter().enumerate() {
            let per = model.params().symbols_per_community as usize;
            let known = (c * per..(c + 1) * per)
                .filter(|&s| population.knows(p, s))
                .count();
            assert_eq!(f, known as f64 / per as f64);
        }
        // Everyone's familiarity with its community, by person.
        let own = population.persons[p as usize].community;
        let world: Vec<f64> = population.familiarity_with_community_of(p).collect();
        assert_eq!(world.len(), population.len());
        for (q, &f) in world.iter().enumerate() {
            assert_eq!(f, population.familiarity(q as u32, own));
        }
        assert_eq!(world[p as usize], eyes[own as usize]);
    }
    // After 100 ticks some know some of another community, nobody knows all of every one.
    let known_abroad = (0..population.len() as u32)
        .filter(|&q| {
            let own = population.persons[q as usize].community as usize;
            let eyes = population.familiarities(q);
            (0..communities).any(|c| c != own && eyes[c] > 0.0)
        })
        .count();
    assert!(known_abroad > 100, "{known_abroad}");
}
