//! Version 2's mechanisms, each a controlled comparison (docs/model.md, "What the rules build
//! in and what emerges"): the same world from the same twenty seeds with one rule changed,
//! compared pairwise (one seed, the same people), the effect in standard errors of the paired
//! difference. Each test prints its figures (`cargo test --test ablation -- --nocapture`);
//! docs/model.md quotes them.

use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::metrics::Metrics;
use nano_diplomacy::sim::model::FamiliaritySource;
use rayon::prelude::*;

mod common;
use common::{Paired, kin_across_divide, measured, paired, world};

/// Twenty seeds, as the issue asks for each ablation.
const SEEDS: std::ops::Range<u64> = 1..21;

/// Both arms of a comparison from every seed, in parallel.
fn compare(
    label: &str,
    a: (&Scenario, FamiliaritySource),
    b: (&Scenario, FamiliaritySource),
    tick: u64,
    measure: &(dyn Fn(&NanoModel) -> f64 + Sync),
) -> Paired {
    let runs: Vec<(f64, f64)> = SEEDS
        .into_par_iter()
        .map(|seed| {
            (
                measured(a.0, seed, tick, a.1, measure),
                measured(b.0, seed, tick, b.1, measure),
            )
        })
        .collect();
    let (xs, ys): (Vec<f64>, Vec<f64>) = runs.into_iter().unzip();
    let result = paired(&xs, &ys);
    println!(
        "{label}: {:.3} against {:.3}, difference {:.3} (SE {:.3}, {:.1} SE)",
        result.a,
        result.b,
        result.difference,
        result.se,
        result.z()
    );
    result
}

fn kin_cross(model: &NanoModel) -> f64 {
    Metrics::measure(model).kin_cross_community as f64
}

const RULE: FamiliaritySource = FamiliaritySource::Partner;

/// Kin ties across communities at tick 600 in two worlds (a preset with changes each), paired
/// by seed under the rule; asserts that the first has more by at least 3 SE.
fn more_kin_across(label: &str, a: (&str, &[&str]), b: (&str, &[&str])) {
    let (first, second) = (world(a.0, a.1), world(b.0, b.1));
    let r = compare(label, (&first, RULE), (&second, RULE), 600, &kin_cross);
    assert!(r.z() >= 3.0, "{r:?}");
}

#[test]
fn familiarity_makes_more_kin_across_communities_in_the_marketplace() {
    more_kin_across(
        "marketplace, kin across communities at 600, familiarity on vs off",
        ("marketplace", &[]),
        ("marketplace", &["familiarity_weight=0"]),
    );
}

#[test]
fn familiarity_makes_more_kin_across_communities_in_the_language_barrier() {
    more_kin_across(
        "language barrier, kin across communities at 600, familiarity on vs off",
        ("language-barrier", &[]),
        ("language-barrier", &["familiarity_weight=0"]),
    );
}

#[test]
fn sharing_symbols_makes_more_kin_across_communities_than_no_symbols() {
    more_kin_across(
        "kin across communities at 600, marketplace vs no-symbols",
        ("marketplace", &[]),
        ("no-symbols", &[]),
    );
}

#[test]
fn forgetting_keeps_familiarity_from_saturating() {
    let familiarity = |m: &NanoModel| Metrics::measure(m).familiarity;
    let with = world("marketplace", &[]);
    let without = world("marketplace", &["symbol_forgetting=0"]);
    let r = compare(
        "marketplace, share of foreign symbols known at 600, forgetting off vs on",
        (&without, RULE),
        (&with, RULE),
        600,
        &familiarity,
    );
    for seed in SEEDS {
        let kept = measured(&without, seed, 600, RULE, &familiarity);
        let forgot = measured(&with, seed, 600, RULE, &familiarity);
        assert!(kept >= 0.95, "seed {seed}: {kept} known without forgetting");
        assert!(
            forgot <= 0.85,
            "seed {seed}: {forgot} known with forgetting"
        );
    }
    assert!(r.z() >= 3.0, "{r:?}");
}

#[test]
fn public_events_effect_is_reported() {
    // Reported, whatever its size (the issue asks for the figure, not for a direction).
    let with = world("marketplace", &[]);
    let without = world("marketplace", &["public_rate=0"]);
    let r = compare(
        "marketplace, kin across communities at 600, public events on vs off",
        (&with, RULE),
        (&without, RULE),
        600,
        &kin_cross,
    );
    let f = compare(
        "marketplace, familiarity at 600, public events on vs off",
        (&with, RULE),
        (&without, RULE),
        600,
        &|m: &NanoModel| Metrics::measure(m).familiarity,
    );
    assert!(r.se.is_finite() && f.se.is_finite());
}

/// The share of kin ties across the divide that a crisis leaves at its end, against the same
/// world without the crisis, seed by seed.
fn surviving(changes: &[&str]) -> Vec<f64> {
    let crisis = world("crisis", changes);
    let end = {
        let c = crisis.nano().unwrap().crisis.as_ref().unwrap();
        c.start + c.duration
    };
    let mut calm_changes = changes.to_vec();
    calm_changes.push("crisis=None");
    let calm = world("crisis", &calm_changes);
    SEEDS
        .into_par_iter()
        .map(|seed| {
            let with = measured(&crisis, seed, end, RULE, &kin_across_divide);
            let without = measured(&calm, seed, end, RULE, &kin_across_divide);
            with / without.max(1.0)
        })
        .collect()
}

#[test]
fn the_crisis_breaks_more_kin_ties_the_greater_its_strain() {
    let strains = [
        "crisis.strain=0.001",
        "crisis.strain=0.002",
        "crisis.strain=0.004",
    ];
    let shares: Vec<Vec<f64>> = strains.iter().map(|s| surviving(&[s])).collect();
    for (i, share) in shares.iter().enumerate() {
        let mean = share.iter().sum::<f64>() / share.len() as f64;
        println!(
            "crisis, {}: {mean:.3} of the kin ties across the divide survive",
            strains[i]
        );
    }
    for pair in shares.windows(2) {
        let r = paired(&pair[0], &pair[1]);
        println!(
            "  weaker minus stronger strain: {:.3} ({:.1} SE)",
            r.difference,
            r.z()
        );
        assert!(r.z() >= 3.0, "{r:?}");
    }
}

#[test]
fn kin_ties_that_know_each_others_culture_survive_the_crisis_better() {
    // Familiarity varied through forgetting, at the preset's familiarity_weight; survival is a
    // share against the same world without the crisis, so the count of ties before does not
    // decide it.
    let familiar = surviving(&["symbol_forgetting=0.02"]);
    let unfamiliar = surviving(&["symbol_forgetting=0.08"]);
    let r = paired(&familiar, &unfamiliar);
    println!(
        "crisis, kin across the divide surviving: {:.3} with forgetting 0.02, {:.3} with 0.08, \
         difference {:.3} ({:.1} SE)",
        r.a,
        r.b,
        r.difference,
        r.z()
    );
    assert!(r.z() >= 3.0, "{r:?}");
}

#[test]
fn the_placebo_is_measured_in_a_mixed_and_a_segregated_world() {
    let placebo = FamiliaritySource::ThirdCommunity;
    let market = world("marketplace", &[]);
    let mixed = compare(
        "marketplace, kin across communities at 600, rule vs placebo",
        (&market, RULE),
        (&market, placebo),
        600,
        &kin_cross,
    );
    let segregated = world(
        "marketplace",
        &["mixing=0.1", "communities=5", "community_names=[]"],
    );
    let apart = compare(
        "segregated (mixing 0.1, 5 communities), kin across communities at 600, rule vs placebo",
        (&segregated, RULE),
        (&segregated, placebo),
        600,
        &kin_cross,
    );
    assert!(mixed.se > 0.0 && apart.se > 0.0);
}
