//! The fast methods against the reference rule (reference.rs): one event at a time on
//! hand-made grids whose outcomes are known, and whole runs compared in distribution; each
//! comparison also shown to catch a deliberately wrong rule.

use std::collections::HashMap;

use super::{AxelrodModel, AxelrodOutcome, AxelrodParams, ReferenceModel};
use crate::sim::rng::{chance, derive_seed, index};
use crate::stats::{chi_square, chi_square_critical_001, ks_critical_001, ks_statistic};

/// Axelrod's rule with one deliberate mistake, to show that a comparison catches it.
#[derive(Debug, Clone, Copy)]
enum Mistake {
    /// Interacting with probability overlap / (F + 1) instead of overlap / F.
    InteractsTooRarely,
    /// Copying the trait from a site drawn from the whole grid instead of from the neighbour.
    CopiesFromAnywhere,
}

/// One event of the reference rule with `mistake` made.
fn wrong_step(model: &mut ReferenceModel, mistake: Mistake) {
    model.events += 1;
    let site = index(&mut model.rng, model.cultures.len());
    let neighbours = model.neighbours(site);
    let neighbour = neighbours[index(&mut model.rng, neighbours.len())];
    let (denominator, source) = match mistake {
        Mistake::InteractsTooRarely => (model.features + 1, neighbour),
        Mistake::CopiesFromAnywhere => {
            let anywhere = index(&mut model.rng, model.cultures.len());
            (model.features, anywhere)
        }
    };
    let overlap = model.overlap(site, neighbour);
    let interact = chance(&mut model.rng, overlap as f64 / denominator as f64);
    if interact && overlap < model.features && model.overlap(site, source) < model.features {
        model.copy_a_differing_trait(site, source);
    }
}

/// The ways to do one event that are compared: the reference rule, the two fast methods, and
/// the reference with a mistake.
#[derive(Debug, Clone, Copy)]
enum Method {
    Reference,
    Plain,
    NFold,
    Wrong(Mistake),
}

/// What one event on a hand-made grid did: the site that changed and its new culture, or
/// `None` if nothing changed.
type EventOutcome = Option<(usize, Vec<u8>)>;

/// One event by `method` on the grid of `cultures` (`size x size`, `features` traits per
/// site), its generator seeded with `seed`.
fn one_event(method: Method, size: u32, features: u32, cultures: &[u8], seed: u64) -> EventOutcome {
    let width = features as usize;
    let mut model = AxelrodModel::from_cultures(size, features, 16, cultures.to_vec(), seed)
        .expect("a valid hand-made grid");
    let mut reference = ReferenceModel::from_model(&model);
    let after: Vec<u8> = match method {
        Method::Plain => {
            model.step();
            model.cultures().to_vec()
        }
        Method::NFold => {
            model.run_nfold(Some(1));
            model.cultures().to_vec()
        }
        Method::Reference => {
            reference.step();
            reference.cultures.concat()
        }
        Method::Wrong(mistake) => {
            wrong_step(&mut reference, mistake);
            reference.cultures.concat()
        }
    };
    let changed = (0..cultures.len() / width)
        .filter(|&s| after[s * width..][..width] != cultures[s * width..][..width])
        .map(|s| (s, after[s * width..][..width].to_vec()))
        .collect::<Vec<_>>();
    assert!(
        changed.len() <= 1,
        "{method:?}: one event changed {changed:?}"
    );
    changed.into_iter().next()
}

/// The chi-square statistic of `events` single events by `method` against the `expected`
/// shares of their outcomes, and its critical value at alpha = 0.001. An outcome that
/// `expected` does not list fails at once: it is impossible under the rule.
fn chi_square_of_one_event(
    method: Method,
    grid: (u32, u32, &[u8]),
    expected: &[(EventOutcome, f64)],
    events: u64,
) -> (f64, f64) {
    let (size, features, cultures) = grid;
    let mut counts: HashMap<EventOutcome, u64> = HashMap::new();
    for i in 0..events {
        let outcome = one_event(method, size, features, cultures, derive_seed(0xE7E27, i));
        assert!(
            expected.iter().any(|(o, _)| *o == outcome),
            "{method:?}: an impossible outcome {outcome:?}"
        );
        *counts.entry(outcome).or_default() += 1;
    }
    let statistic = chi_square(expected.iter().map(|(outcome, share)| {
        let got = counts.get(outcome).copied().unwrap_or(0);
        (share * events as f64, got as f64)
    }));
    (statistic, chi_square_critical_001(expected.len() - 1))
}

/// Every way of doing an event passes the chi-square test on this grid, and the reference
/// with too rare interactions fails it.
fn assert_one_event_follows(grid: (u32, u32, &[u8]), expected: &[(EventOutcome, f64)]) {
    let events = 20_000;
    for method in [Method::Reference, Method::Plain, Method::NFold] {
        let (statistic, critical) = chi_square_of_one_event(method, grid, expected, events);
        assert!(
            statistic < critical,
            "{method:?}: chi-square {statistic:.1} >= {critical:.1}"
        );
    }
    let wrong = Method::Wrong(Mistake::InteractsTooRarely);
    let (statistic, critical) = chi_square_of_one_event(wrong, grid, expected, events);
    assert!(
        statistic > critical,
        "{wrong:?} passed: chi-square {statistic:.1} < {critical:.1}"
    );
}

#[test]
fn a_pair_differing_in_one_feature_interacts_with_odds_f_minus_1_over_f() {
    // 3 x 3, F = 3: every site (0,0,0) but the centre, (0,0,1). The centre's four bonds
    // share 2 of 3 features; every other bond is between identical sites. One event:
    // - the centre is drawn (1/9); whichever neighbour it meets differs on feature 2 alone, and
    //   they interact with probability 2/3: the centre becomes (0,0,0) with probability 2/27;
    // - an edge site (1/9 each) meets the centre with probability 1/3 (it has 3 neighbours),
    //   then interacts with probability 2/3: it becomes (0,0,1) with probability 2/81;
    // - a corner meets only identical neighbours and never changes;
    // - nothing changes with probability 1 - 2/27 - 4 x 2/81 = 67/81.
    // The critical values come from Wilson-Hilferty's approximation, a little above the
    // tables' at so few degrees of freedom (df 5: 20.8 against 20.5; df 2: 14.1 against
    // 13.8), so slightly lenient.
    let mut cultures = vec![0u8; 27];
    cultures[4 * 3 + 2] = 1;
    let mut expected = vec![(None, 67.0 / 81.0), (Some((4, vec![0, 0, 0])), 2.0 / 27.0)];
    for edge in [1, 3, 5, 7] {
        expected.push((Some((edge, vec![0, 0, 1])), 2.0 / 81.0));
    }
    assert_one_event_follows((3, 3, &cultures), &expected);
}

#[test]
fn a_site_whose_neighbours_share_nothing_never_changes() {
    // 2 x 2, F = 3: (0,0,0) (0,0,1) on top, (2,2,2) (3,3,3) below. The top pair shares 2
    // features; each lower site shares nothing with either of its neighbours. One event: a
    // top site is drawn (1/4), meets the other top site (1/2) and interacts (2/3), taking its
    // trait on feature 2: probability 1/12 each; nothing changes with probability 5/6, and the
    // lower sites never change.
    let cultures = [0, 0, 0, 0, 0, 1, 2, 2, 2, 3, 3, 3];
    let expected = [
        (None, 5.0 / 6.0),
        (Some((0, vec![0, 0, 1])), 1.0 / 12.0),
        (Some((1, vec![0, 0, 0])), 1.0 / 12.0),
    ];
    assert_one_event_follows((2, 3, &cultures), &expected);
}

#[test]
fn identical_neighbours_never_change() {
    // A converged grid of two cultures sharing nothing, in stripes, and every site of a
    // stripe identical to its neighbours in it: no event of any method changes anything.
    let cultures: Vec<u8> = (0..16)
        .flat_map(|s| if s % 4 < 2 { [1, 1, 1] } else { [2, 2, 2] })
        .collect();
    let model = AxelrodModel::from_cultures(4, 3, 3, cultures.clone(), 5).unwrap();
    let mut reference = ReferenceModel::from_model(&model);
    let mut plain = model.clone();
    for _ in 0..2_000 {
        reference.step();
        plain.step();
    }
    assert_eq!(reference.cultures.concat(), cultures);
    assert_eq!(plain.cultures(), &cultures[..]);
    assert_eq!((reference.events(), plain.events()), (2_000, 2_000));
    let outcome = model.clone().run_nfold(None);
    assert_eq!((outcome.events, outcome.stable_regions), (0, 2));
    let outcome = ReferenceModel::from_model(&model).run(None);
    assert_eq!((outcome.events, outcome.stable_regions), (0, 2));
}

#[test]
fn the_reference_starts_from_the_fast_models_grid_and_counts_as_it_does() {
    let model = AxelrodModel::new(params(6, 4, 5), 9).unwrap();
    let reference = ReferenceModel::from_model(&model);
    assert_eq!(reference.cultures.concat(), model.cultures());
    assert_eq!(reference.active_bonds() as u64, model.active_bonds());
    assert_eq!(reference.region_sizes().len(), model.stable_regions());
    for site in 0..model.sites() {
        let fast: Vec<usize> = model.neighbours(site).collect();
        assert_eq!(reference.neighbours(site), fast, "site {site}");
    }
    // A 1 x 1 grid: an event only counts, and the run is over before it starts.
    let mut alone = ReferenceModel::from_model(&AxelrodModel::new(params(1, 3, 4), 1).unwrap());
    alone.step();
    assert_eq!(alone.events(), 1);
    let outcome = alone.run(None);
    assert_eq!((outcome.events, outcome.converged), (1, true));
    assert_eq!((outcome.stable_regions, outcome.largest_region), (1, 1));
    // A cap stops a run that has not converged, at the cap.
    let mut capped = ReferenceModel::from_model(&AxelrodModel::new(params(10, 5, 10), 2).unwrap());
    let outcome = capped.run(Some(1_000));
    assert_eq!((outcome.events, outcome.converged), (1_000, false));
}

fn params(size: u32, features: u32, traits: u32) -> AxelrodParams {
    AxelrodParams {
        size,
        features,
        traits,
    }
}

/// The outcomes of many runs to convergence of one setting.
#[derive(Default)]
struct Sample {
    events: Vec<f64>,
    regions: Vec<f64>,
    largest_region: Vec<f64>,
}

/// `runs` runs to convergence by `method`, run `i` from the grid and generator of
/// `AxelrodModel::new(params, derive_seed(base, i))`.
fn sample(method: Method, params: AxelrodParams, base: u64, runs: u64) -> Sample {
    let mut sample = Sample::default();
    for run in 0..runs {
        let mut model = AxelrodModel::new(params, derive_seed(base, run)).unwrap();
        let outcome: AxelrodOutcome = match method {
            Method::Reference => ReferenceModel::from_model(&model).run(None),
            Method::Plain => model.run(None),
            Method::NFold => model.run_nfold(None),
            Method::Wrong(mistake) => ReferenceModel::from_model(&model)
                .run_by(None, |reference| wrong_step(reference, mistake)),
        };
        assert!(outcome.converged, "{method:?} {params:?} run {run}");
        sample.events.push(outcome.events as f64);
        sample.regions.push(outcome.stable_regions as f64);
        sample.largest_region.push(outcome.largest_region as f64);
    }
    sample
}

/// Two samples by the two-sample Kolmogorov-Smirnov test at alpha = 0.001 on each measure:
/// the measures on which they differ, with the statistic and its critical value; empty where
/// the test cannot tell them apart.
fn differences(a: &Sample, b: &Sample) -> Vec<String> {
    let critical = ks_critical_001(a.events.len(), b.events.len());
    [
        ("events to convergence", &a.events, &b.events),
        ("stable regions", &a.regions, &b.regions),
        ("largest region", &a.largest_region, &b.largest_region),
    ]
    .into_iter()
    .filter_map(|(measure, x, y)| {
        let d = ks_statistic(x, y);
        (d >= critical).then(|| format!("{measure}: D {d:.3} >= {critical:.3}"))
    })
    .collect()
}

/// The reference and both fast methods on one setting, `runs` runs each from its own seeds:
/// the test cannot tell them apart on any measure.
fn assert_fast_methods_match_the_reference(params: AxelrodParams, runs: u64) {
    let reference = sample(Method::Reference, params, 0x5EF, runs);
    for (method, base) in [(Method::Plain, 0x91A1), (Method::NFold, 0xF01D)] {
        let fast = sample(method, params, base, runs);
        let found = differences(&reference, &fast);
        assert!(found.is_empty(), "{method:?} {params:?}: {found:?}");
    }
}

// Four settings, from a few large regions to many small ones (mean stable regions measured
// over 1,000 or 300 reference runs: 4.0, 16.1, 58.9 and 5.0), in two tests that take about as
// long. Runs per setting are as many as a few seconds allow: the reference does some 30,000
// events a run on 8 x 8 with F = 5.

#[test]
fn fast_runs_match_the_reference_with_three_features() {
    for (size, traits) in [(5, 5), (6, 10), (10, 15)] {
        assert_fast_methods_match_the_reference(params(size, 3, traits), 1000);
    }
}

#[test]
fn fast_runs_match_the_reference_on_axelrods_f5_q10_on_8_by_8() {
    assert_fast_methods_match_the_reference(params(8, 5, 10), 300);
}

#[test]
fn a_wrong_rule_is_caught_by_the_same_comparison() {
    // The reference with a mistake against the plain method, on settings and run counts
    // where the reference itself passes. Interactions too rare (overlap / (F + 1)) stretch the
    // runs without changing which changes happen: the events to convergence tell (D = 0.27
    // against a critical 0.087), the regions do not. Copying from anywhere changes the
    // regions too (D near 1 on the stable regions on 6 x 6, q = 10).
    for (mistake, params) in [
        (Mistake::InteractsTooRarely, params(5, 3, 5)),
        (Mistake::CopiesFromAnywhere, params(6, 3, 10)),
    ] {
        let wrong = sample(Method::Wrong(mistake), params, 0x5EF, 1000);
        let plain = sample(Method::Plain, params, 0x91A1, 1000);
        let found = differences(&wrong, &plain);
        println!("{mistake:?} {params:?}: {found:?}");
        assert!(!found.is_empty(), "{mistake:?} {params:?} passed");
    }
}
