//! The n-fold way ([`AxelrodModel::run_nfold`]) against the plain method: the same invariants,
//! and the same distribution of stable regions and of events to convergence over many seeds.
//!
//! The statistical tests compare independent samples of both methods with a two-sample
//! Kolmogorov–Smirnov test at α = 0.001 and a Welch t-statistic on the means; their seeds are
//! derived from fixed bases, so each test is deterministic.

use nano_diplomacy::sim::axelrod::{
    AxelrodMethod, AxelrodModel, AxelrodParams, count_active_bonds_by_scan,
};
use nano_diplomacy::sim::rng::derive_seed;
use nano_diplomacy::stats::{ks_critical_001, ks_statistic, mean_and_sd, welch_t};

fn params(size: u32, features: u32, traits: u32) -> AxelrodParams {
    AxelrodParams {
        size,
        features,
        traits,
    }
}

#[test]
fn nfold_keeps_the_running_count_and_converges() {
    for (size, features, traits, seed) in [
        (2, 2, 2, 1),
        (3, 3, 3, 2),
        (5, 5, 10, 3),
        (8, 5, 10, 4),
        (7, 10, 15, 5),
        (6, 1, 2, 6),
        (10, 5, 10, 7),
        (1, 5, 10, 8),
    ] {
        let mut model = AxelrodModel::new(params(size, features, traits), seed).unwrap();
        // Part of the way, then to the end.
        let partial = model.run_nfold(Some(1_000));
        assert_eq!(model.active_bonds(), count_active_bonds_by_scan(&model));
        assert!(partial.converged || partial.events == 1_000, "{partial:?}");
        let outcome = model.run_nfold(None);
        assert_eq!(model.active_bonds(), count_active_bonds_by_scan(&model));
        assert!(outcome.converged, "size {size}: {outcome:?}");
        assert!(model.is_converged());
        assert_eq!(model.active_bonds(), 0);
        assert_eq!(count_active_bonds_by_scan(&model), 0);
        assert_eq!(outcome.events, model.events());
        assert_eq!(outcome.stable_regions, model.stable_regions());
        // A converged model stays as it is.
        assert_eq!(model.run_nfold(None), outcome);
        assert_eq!(model.run(None), outcome);
    }
}

#[test]
fn nfold_one_event_at_a_time_changes_at_most_one_trait_per_event() {
    let mut model = AxelrodModel::new(params(6, 5, 7), 11).unwrap();
    let width = 5;
    let mut changes = 0u64;
    while !model.is_converged() {
        let before = model.cultures().to_vec();
        let events = model.events();
        let outcome = model.run_nfold(Some(events + 1));
        assert_eq!(outcome.events, events + 1, "one event per call");
        let changed: Vec<usize> = (0..before.len())
            .filter(|&i| before[i] != model.cultures()[i])
            .collect();
        assert!(changed.len() <= 1, "{changed:?}");
        if let Some(&i) = changed.first() {
            changes += 1;
            // The new trait came from a neighbour on an active bond.
            let (site, feature) = (i / width, i % width);
            let old = &before[site * width..][..width];
            let new = model.cultures()[i];
            let source = model.neighbours(site).any(|n| {
                let theirs = &before[n * width..][..width];
                let shared = old.iter().zip(theirs).filter(|(a, b)| a == b).count();
                theirs[feature] == new && shared > 0 && shared < width
            });
            assert!(
                source,
                "site {site} feature {feature} took {new} from nobody"
            );
        }
        assert_eq!(model.active_bonds(), count_active_bonds_by_scan(&model));
    }
    assert!(changes > 0);
    assert!(model.events() >= changes, "{} < {changes}", model.events());
}

#[test]
fn nfold_stops_at_max_events_and_resumes_after_a_save() {
    let mut model = AxelrodModel::new(params(10, 5, 10), 3).unwrap();
    let outcome = model.run_with(AxelrodMethod::NFold, Some(5_000));
    assert!(!outcome.converged);
    assert_eq!(outcome.events, 5_000);
    // Already past the limit: nothing happens.
    let cultures = model.cultures().to_vec();
    assert_eq!(model.run_nfold(Some(4_000)).events, 5_000);
    assert_eq!(model.cultures(), &cultures[..]);

    let saved = serde_json::to_string(&model).unwrap();
    let mut resumed: AxelrodModel = serde_json::from_str(&saved).unwrap();
    assert_eq!(resumed.active_bonds(), model.active_bonds());
    // The same generator state: the same continuation, bit for bit.
    let a = model.run_nfold(None);
    let b = resumed.run_nfold(None);
    assert_eq!(a, b);
    assert_eq!(model.cultures(), resumed.cultures());
    assert!(a.converged);

    // The methods mix: plain part of the way, then the n-fold way.
    let mut mixed = AxelrodModel::new(params(10, 5, 10), 4).unwrap();
    mixed.run(Some(20_000));
    let outcome = mixed.run_with(AxelrodMethod::NFold, None);
    assert!(outcome.converged);
    assert!(outcome.events >= 20_000);
    assert_eq!(count_active_bonds_by_scan(&mixed), 0);
}

#[test]
fn nfold_is_reproducible_from_the_seed() {
    let run = |seed| {
        let mut model = AxelrodModel::new(params(10, 5, 10), seed).unwrap();
        (model.run_nfold(None), model.cultures().to_vec())
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
}

/// Events to convergence and stable regions of `runs` independent runs, seeds derived from
/// `base`.
fn sample(method: AxelrodMethod, p: AxelrodParams, base: u64, runs: u64) -> (Vec<f64>, Vec<f64>) {
    let mut events = Vec::new();
    let mut regions = Vec::new();
    for run in 0..runs {
        let mut model = AxelrodModel::new(p, derive_seed(base, run)).unwrap();
        let outcome = model.run_with(method, None);
        assert!(outcome.converged);
        events.push(outcome.events as f64);
        regions.push(outcome.stable_regions as f64);
    }
    (events, regions)
}

/// Both methods over `runs` seeds each: the KS test and Welch's t on the events to
/// convergence and on the stable regions.
fn assert_same_distribution(p: AxelrodParams, runs: u64) {
    let (plain_events, plain_regions) = sample(AxelrodMethod::Plain, p, 0xA11CE, runs);
    let (nfold_events, nfold_regions) = sample(AxelrodMethod::NFold, p, 0xB0B, runs);
    let critical = ks_critical_001(runs as usize, runs as usize);
    for (what, plain, nfold) in [
        ("events", &plain_events, &nfold_events),
        ("regions", &plain_regions, &nfold_regions),
    ] {
        let d = ks_statistic(plain, nfold);
        let t = welch_t(plain, nfold);
        let (mp, sp) = mean_and_sd(plain);
        let (mn, sn) = mean_and_sd(nfold);
        println!(
            "{p:?} {what}: plain mean {mp:.3} sd {sp:.3}, n-fold mean {mn:.3} sd {sn:.3}, \
             KS D {d:.4} (critical {critical:.4}), Welch t {t:.3}"
        );
        assert!(d < critical, "{p:?} {what}: KS D {d} >= {critical}");
        assert!(t.abs() < 4.0, "{p:?} {what}: Welch t {t}");
    }
}

#[test]
fn nfold_has_the_plain_distribution_on_axelrods_grid() {
    // 10 x 10, F = 5, q = 10: the stable regions vary (Axelrod's Table 1: 3.2 on average).
    assert_same_distribution(params(10, 5, 10), 600);
}

#[test]
fn nfold_has_the_plain_distribution_in_the_fragmented_phase() {
    // 10 x 10, F = 3, q = 20: many small regions, most attempts change nothing, so the n-fold
    // way draws long waits (by inversion, not one by one).
    assert_same_distribution(params(10, 3, 20), 1000);
}

#[test]
fn nfold_has_the_plain_distribution_on_a_small_grid() {
    // 4 x 4, F = 3, q = 4: converges in a few hundred events, with edges and corners weighing.
    assert_same_distribution(params(4, 3, 4), 2000);
}

#[test]
fn the_ks_test_tells_different_distributions_apart() {
    // The same sample size, but q = 11 against q = 10: the test has the power to see it.
    let runs = 400;
    let (_, q10) = sample(AxelrodMethod::Plain, params(10, 5, 10), 0xA11CE, runs);
    let (_, q12) = sample(AxelrodMethod::NFold, params(10, 5, 12), 0xB0B, runs);
    let d = ks_statistic(&q10, &q12);
    println!("regions q=10 vs q=12: KS D {d:.4}");
    assert!(d > ks_critical_001(runs as usize, runs as usize), "D {d}");
}
