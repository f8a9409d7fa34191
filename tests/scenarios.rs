//! Each preset's claim from ../shared/MODEL.md as a controlled comparison: the preset against
//! the same world with one rule changed, from the same ten seeds, the margin in standard errors
//! of the paired difference (docs/model.md, "A table for teachers"). Version 2's mechanisms
//! have their own ablations in tests/ablation.rs. Run with `-- --nocapture` for the figures.

use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::metrics::Metrics;
use nano_diplomacy::sim::model::FamiliaritySource;
use rayon::prelude::*;

mod common;
use common::{Paired, kin_across_divide, paired, world};

/// Ten seeds, the least a claim is checked over.
const SEEDS: std::ops::Range<u64> = 1..11;

/// Runs a preset with changes from each seed and returns its metrics at each of the ticks.
fn runs(preset: &str, changes: &[&str], at: &[u64]) -> Vec<Vec<Metrics>> {
    let scenario = world(preset, changes);
    SEEDS
        .into_par_iter()
        .map(|seed| {
            let mut model = NanoModel::new(scenario.nano().unwrap().clone(), seed);
            model.set_familiarity_source(FamiliaritySource::Partner);
            at.iter()
                .map(|&tick| {
                    while model.tick() < tick {
                        model.step();
                    }
                    Metrics::measure(&model)
                })
                .collect()
        })
        .collect()
}

/// One measure at one of the recorded ticks, seed by seed.
fn column(runs: &[Vec<Metrics>], at: usize, measure: impl Fn(&Metrics) -> f64) -> Vec<f64> {
    runs.iter().map(|r| measure(&r[at])).collect()
}

fn report(label: &str, r: &Paired) {
    println!(
        "{label}: {:.3} against {:.3}, difference {:.3} ({:.1} SE)",
        r.a,
        r.b,
        r.difference,
        r.z()
    );
}

fn kin_cross(m: &Metrics) -> f64 {
    m.kin_cross_community as f64
}

#[test]
fn marketplace_kinship_grows_across_communities() {
    // Growth over time in one world (what the class watches); that sharing symbols is its
    // cause is tests/ablation.rs's comparison with no-symbols.
    let market = runs("marketplace", &[], &[0, 300, 600]);
    for r in &market {
        assert_eq!(
            r[0].kin_cross_community, 0,
            "households are kin within a community"
        );
    }
    let growth = paired(
        &column(&market, 2, kin_cross),
        &column(&market, 1, kin_cross),
    );
    report("marketplace, kin across communities at 600 vs 300", &growth);
    assert!(growth.z() >= 3.0, "{growth:?}");
}

#[test]
fn language_barrier_kinship_forms_later_then_faster_as_languages_are_learned() {
    let open = runs("marketplace", &[], &[200]);
    let barrier = runs("language-barrier", &[], &[0, 200, 400, 600]);
    let later = paired(
        &column(&open, 0, kin_cross),
        &column(&barrier, 1, kin_cross),
    );
    report(
        "kin across communities at 200, marketplace vs language barrier",
        &later,
    );
    assert!(later.z() >= 3.0, "{later:?}");
    let gained = |from: usize, to: usize| -> Vec<f64> {
        barrier
            .iter()
            .map(|r| kin_cross(&r[to]) - kin_cross(&r[from]))
            .collect()
    };
    let faster = paired(&gained(2, 3), &gained(0, 1));
    report(
        "language barrier, kin across gained in ticks 400-600 vs 0-200",
        &faster,
    );
    assert!(faster.z() >= 3.0, "{faster:?}");
    let learned = paired(
        &column(&barrier, 3, |m| m.common_language_share),
        &column(&barrier, 0, |m| m.common_language_share),
    );
    report("language barrier, common language at 600 vs 0", &learned);
    assert!(learned.z() >= 3.0, "{learned:?}");
}

#[test]
fn kinship_forms_under_both_rules_and_assimilation_erodes_customs() {
    // Under sharing, customs cannot change: a rule (tests/model.rs tests it), not a finding.
    // That assimilation erodes them, and how far, is what the run shows.
    let ticks = world("sharing", &[]).ticks;
    assert_eq!(ticks, world("assimilation", &[]).ticks);
    let sharing = runs("sharing", &[], &[0, ticks]);
    let assimilation = runs("assimilation", &[], &[0, ticks]);
    for (s, a) in sharing.iter().zip(&assimilation) {
        assert_eq!(s[0], a[0], "the same start");
    }
    let both = paired(
        &column(&sharing, 1, kin_cross),
        &column(&assimilation, 1, kin_cross),
    );
    report("kin across communities, sharing vs assimilation", &both);
    assert!(
        both.b > 100.0 && both.a > 100.0,
        "kinship forms under both: {both:?}"
    );
    let diversity = paired(
        &column(&sharing, 1, |m| m.customs_entropy),
        &column(&assimilation, 1, |m| m.customs_entropy),
    );
    report(
        "customs entropy at the end, sharing vs assimilation",
        &diversity,
    );
    assert!(
        diversity.difference > 2.0 && diversity.z() >= 3.0,
        "{diversity:?}"
    );
}

#[test]
fn hidden_agendas_collapse_trust_and_kinship() {
    let hidden = runs("hidden-agendas", &[], &[600]);
    let open = runs("hidden-agendas", &["transparency=1.0"], &[600]);
    let kin = paired(
        &column(&open, 0, |m| m.kin as f64),
        &column(&hidden, 0, |m| m.kin as f64),
    );
    report("kin ties at 600, transparency 1 vs the preset's 0.2", &kin);
    assert!(kin.z() >= 3.0 && kin.b * 3.0 < kin.a, "{kin:?}");
    let trust = paired(
        &column(&open, 0, |m| m.mean_affinity),
        &column(&hidden, 0, |m| m.mean_affinity),
    );
    report("mean affinity at 600, transparency 1 vs 0.2", &trust);
    assert!(trust.z() >= 3.0, "{trust:?}");
}

#[test]
fn a_crisis_breaks_kin_ties_across_its_divide() {
    let crisis = world("crisis", &[]);
    let calm = world("crisis", &["crisis=None"]);
    let planned = crisis.nano().unwrap().crisis.clone().unwrap();
    let end = planned.start + planned.duration;
    let pairs: Vec<(f64, f64, f64)> = SEEDS
        .into_par_iter()
        .map(|seed| {
            let mut with = NanoModel::new(crisis.nano().unwrap().clone(), seed);
            let mut without = NanoModel::new(calm.nano().unwrap().clone(), seed);
            while with.tick() < planned.start - 1 {
                with.step();
                without.step();
            }
            let before = kin_across_divide(&with);
            assert_eq!(
                before,
                kin_across_divide(&without),
                "identical until the crisis"
            );
            while with.tick() < end {
                with.step();
                without.step();
                assert_eq!(with.crisis().is_some(), with.tick() < end);
            }
            (
                before,
                kin_across_divide(&with),
                kin_across_divide(&without),
            )
        })
        .collect();
    let with: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let without: Vec<f64> = pairs.iter().map(|p| p.2).collect();
    let r = paired(&without, &with);
    report(
        "kin across the divide at the crisis' end, without vs with the crisis",
        &r,
    );
    assert!(r.z() >= 3.0, "{r:?}");
    let share = with.iter().sum::<f64>() / without.iter().sum::<f64>();
    println!("  with the crisis, {share:.2} of the calm world's kin ties across the divide");
}
