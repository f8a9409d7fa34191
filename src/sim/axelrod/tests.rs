//! The fast methods' own tests: the grid, one event's exact distribution, convergence, saving,
//! Axelrod's table and the n-fold way's weights.

use super::nfold::NFOLD_FACTORS;
use super::*;
use crate::sim::rng::derive_seed;
use crate::stats::{chi_square, chi_square_critical_001, ks_statistic};

fn params(size: u32, features: u32, traits: u32) -> AxelrodParams {
    AxelrodParams {
        size,
        features,
        traits,
    }
}

/// Every bond's stored overlap equals its recomputation, and the running active count
/// equals a rescan.
fn assert_consistent(model: &AxelrodModel) {
    for s in 0..model.sites() {
        for (n, slot) in model.links_of(s) {
            assert_eq!(
                u32::from(model.overlaps[slot]),
                model.overlap_of(s, n),
                "bond {s}-{n}"
            );
        }
    }
    assert_eq!(model.active_bonds(), count_active_bonds_by_scan(model));
}

#[test]
fn neighbours_are_the_von_neumann_ones_without_wrapping() {
    for size in [1u32, 2, 3, 5] {
        let model = AxelrodModel::new(params(size, 3, 4), 1).unwrap();
        let l = size as usize;
        for s in 0..l * l {
            let (row, col) = (s / l, s % l);
            let mut got: Vec<usize> = model.neighbours(s).collect();
            got.sort_unstable();
            let mut expected = Vec::new();
            for (dr, dc) in [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)] {
                let (r, c) = (row as i64 + dr, col as i64 + dc);
                if (0..l as i64).contains(&r) && (0..l as i64).contains(&c) {
                    expected.push(r as usize * l + c as usize);
                }
            }
            expected.sort_unstable();
            assert_eq!(got, expected, "size {size}, site {s}");
            let on_edge = |x: usize| x == 0 || x == l - 1;
            let degree = match (on_edge(row), on_edge(col)) {
                _ if l == 1 => 0,
                (true, true) => 2,
                (true, false) | (false, true) => 3,
                (false, false) => 4,
            };
            assert_eq!(got.len(), degree, "size {size}, site {s}");
        }
    }
}

/// One event's outcome on a 3 x 3 grid where every pair of neighbours shares exactly
/// feature 0 and differs on features 1 to 3, each site's traits there unique: which site
/// changed, which feature, and (from the trait copied) which neighbour it copied, or
/// `None` if nothing changed.
fn one_event_on_a_marked_grid(seed: u64) -> Option<(usize, usize, usize)> {
    let trait_of = |site: usize, feature: usize| (1 + 3 * site + feature) as u8;
    let cultures: Vec<u8> = (0..9)
        .flat_map(|s| [0, trait_of(s, 1), trait_of(s, 2), trait_of(s, 3)])
        .collect();
    let mut model = AxelrodModel::from_cultures(3, 4, 32, cultures.clone(), seed).unwrap();
    model.step();
    let changed = (0..cultures.len()).find(|&i| model.cultures()[i] != cultures[i])?;
    let (site, feature) = (changed / 4, changed % 4);
    let copied = model.cultures()[changed];
    let from = (0..9).find(|&n| trait_of(n, feature) == copied).unwrap();
    Some((site, from, feature))
}

#[test]
fn an_event_picks_site_neighbour_interaction_and_feature_with_the_papers_odds() {
    // Site 1/9, neighbour 1/deg(site), interaction overlap/F = 1/4, feature 1/3 of the
    // differing ones: the expected share of each (site, neighbour, feature) outcome and
    // of "no change" (3/4), compared by a chi-square test. Its critical value at
    // alpha = 0.001 for 72 degrees of freedom (73 cells) is 114.8 (tables); a draw that
    // picked directed pairs uniformly, ignored edges, or favoured a feature scores in the
    // thousands with this many events.
    let events = 120_000u64;
    let mut counts = std::collections::HashMap::new();
    for seed in 0..events {
        *counts
            .entry(one_event_on_a_marked_grid(derive_seed(77, seed)))
            .or_insert(0u64) += 1;
    }
    let model = AxelrodModel::from_cultures(3, 4, 32, vec![0; 36], 0).unwrap();
    let mut expected = vec![(None, 0.75)];
    for s in 0..9 {
        let degree = model.neighbours(s).count() as f64;
        for n in model.neighbours(s) {
            for f in 1..4 {
                expected.push((Some((s, n, f)), 1.0 / 9.0 / degree / 4.0 / 3.0));
            }
        }
    }
    assert_eq!(expected.len(), 73);
    let observed_total: u64 = expected
        .iter()
        .map(|(k, _)| counts.get(k).copied().unwrap_or(0))
        .sum();
    assert_eq!(
        observed_total, events,
        "an outcome outside the expected ones: {counts:?}"
    );
    let statistic = chi_square(expected.iter().map(|(outcome, share)| {
        let got = counts.get(outcome).copied().unwrap_or(0);
        (share * events as f64, got as f64)
    }));
    assert!(
        statistic < 114.8,
        "chi-square {statistic:.1} over 72 degrees of freedom"
    );
}

#[test]
fn one_event_follows_the_exact_rule_on_random_grids() {
    // Random grids with few traits, so that the bonds' overlaps are mixed (0 < k < F on
    // some, 0 or F on others), including F > 8 (the comparison without 8-byte words).
    // The exact distribution of one event's outcome (which site takes which trait on
    // which feature, or nothing) is enumerated from the rule and compared with the
    // outcomes of many single events by a chi-square test.
    for (size, features, traits, seed) in [(2u32, 3u32, 3u32, 1u64), (3, 9, 3, 2), (2, 13, 2, 3)] {
        let model = AxelrodModel::new(params(size, features, traits), seed).unwrap();
        let cultures = model.cultures().to_vec();
        let width = features as usize;
        let sites = model.sites();
        // Outcome: (site, feature, new trait), or None for no change.
        let mut expected: std::collections::HashMap<Option<(usize, usize, u8)>, f64> =
            std::collections::HashMap::new();
        for s in 0..sites {
            let neighbours: Vec<usize> = model.neighbours(s).collect();
            for &n in &neighbours {
                let weight = 1.0 / sites as f64 / neighbours.len() as f64;
                let k = model.overlap_of(s, n) as usize;
                let interacts = if k > 0 && k < width {
                    k as f64 / width as f64
                } else {
                    0.0
                };
                *expected.entry(None).or_default() += weight * (1.0 - interacts);
                for f in (0..width).filter(|&f| cultures[s * width + f] != cultures[n * width + f])
                {
                    let key = Some((s, f, cultures[n * width + f]));
                    *expected.entry(key).or_default() += weight * interacts / (width - k) as f64;
                }
            }
        }
        let events = 60_000u64;
        let mut observed: std::collections::HashMap<Option<(usize, usize, u8)>, u64> =
            std::collections::HashMap::new();
        for i in 0..events {
            let mut one = AxelrodModel::from_cultures(
                size,
                features,
                traits,
                cultures.clone(),
                derive_seed(seed, i),
            )
            .unwrap();
            one.step();
            let changed = (0..cultures.len()).find(|&c| one.cultures()[c] != cultures[c]);
            let key = changed.map(|c| (c / width, c % width, one.cultures()[c]));
            assert!(expected.contains_key(&key), "an impossible outcome {key:?}");
            *observed.entry(key).or_default() += 1;
        }
        let cells: Vec<_> = expected.iter().filter(|(_, p)| **p > 0.0).collect();
        let statistic = chi_square(cells.iter().map(|(key, p)| {
            let got = observed.get(key).copied().unwrap_or(0);
            (*p * events as f64, got as f64)
        }));
        let critical = chi_square_critical_001(cells.len() - 1);
        assert!(
            statistic < critical,
            "L = {size}, F = {features}: chi-square {statistic:.1} over {} cells (critical {critical:.1})",
            cells.len()
        );
    }
}

#[test]
fn a_one_by_one_grid_is_converged_at_once() {
    let mut model = AxelrodModel::new(params(1, 5, 10), 3).unwrap();
    assert!(model.is_converged());
    assert_eq!(model.active_bonds(), 0);
    model.step();
    assert_eq!(model.events(), 1);
    let outcome = model.run(None);
    assert!(outcome.converged);
    assert_eq!(outcome.stable_regions, 1);
    assert_eq!(outcome.events, 1);
}

#[test]
fn identical_cultures_are_converged_with_one_region() {
    let mut model = AxelrodModel::from_cultures(4, 3, 5, [1, 2, 3].repeat(16), 0).unwrap();
    assert!(model.is_converged());
    assert_eq!(model.active_bonds(), 0);
    assert_eq!(model.stable_regions(), 1);
    assert_eq!(model.run(None).events, 0);
}

#[test]
fn a_checkerboard_of_totally_different_cultures_is_converged() {
    // Overlap 0 on every bond: (0,0,0) and (1,1,1) alternate.
    let l = 5;
    let cultures: Vec<u8> = (0..l * l)
        .flat_map(|s| [((s / l + s % l) % 2) as u8; 3])
        .collect();
    let model = AxelrodModel::from_cultures(l as u32, 3, 2, cultures, 0).unwrap();
    assert!(model.is_converged());
    assert_eq!(model.stable_regions(), l * l);
    assert_consistent(&model);
}

#[test]
fn one_pair_sharing_some_features_is_active() {
    // 3 x 3, all (0,0,0) but the centre (0,1,1): its 4 bonds share 1 of 3 features.
    let mut cultures = [0u8; 27];
    cultures[4 * 3 + 1] = 1;
    cultures[4 * 3 + 2] = 1;
    let model = AxelrodModel::from_cultures(3, 3, 2, cultures.to_vec(), 0).unwrap();
    assert!(!model.is_converged());
    assert_eq!(model.active_bonds(), 4);
    assert_eq!(model.stable_regions(), 2);
    assert_consistent(&model);

    // 2 x 1 strip in a 2 x 2 grid: only the top pair is active.
    let cultures = vec![0, 0, 0, 1, 5, 5, 6, 6];
    let model = AxelrodModel::from_cultures(2, 2, 7, cultures, 0).unwrap();
    assert_eq!(model.active_bonds(), 1);
    assert_consistent(&model);
}

#[test]
fn a_grid_with_an_active_bond_converges_by_copying() {
    let mut cultures = [0u8; 27];
    cultures[4 * 3 + 1] = 1;
    cultures[4 * 3 + 2] = 1;
    let mut model = AxelrodModel::from_cultures(3, 3, 2, cultures.to_vec(), 9).unwrap();
    let outcome = model.run(None);
    assert!(outcome.converged);
    assert_eq!(outcome.stable_regions, 1);
    assert!(outcome.events > 0);
}

#[test]
fn regions_are_counted_by_von_neumann_connection() {
    // Two vertical stripes on 4 x 4: columns 0-1 are (1,1), columns 2-3 are (2,2).
    let cultures: Vec<u8> = (0..16)
        .flat_map(|s| if s % 4 < 2 { [1, 1] } else { [2, 2] })
        .collect();
    let model = AxelrodModel::from_cultures(4, 2, 3, cultures, 0).unwrap();
    assert_eq!(model.stable_regions(), 2);
    assert!(model.is_converged());

    // A diagonal of (1,1) on a (0,2) ground: 3 diagonal sites are 3 regions, the ground
    // splits into the two triangles on either side of the diagonal.
    let cultures: Vec<u8> = (0..9)
        .flat_map(|s| if s / 3 == s % 3 { [1, 1] } else { [0, 2] })
        .collect();
    let model = AxelrodModel::from_cultures(3, 2, 3, cultures, 0).unwrap();
    assert_eq!(model.stable_regions(), 5);

    // A single identical culture touching only diagonally.
    let cultures = vec![7, 0, 0, 7];
    let model = AxelrodModel::from_cultures(2, 1, 8, cultures, 0).unwrap();
    assert_eq!(model.stable_regions(), 4);
}

#[test]
fn the_largest_region_is_the_largest_connected_one() {
    // F = 1 on 5 x 5, one letter per site. The ring of A around the C at row 1 has 8 sites,
    // more than any other region; culture A has 10 sites in all (the two at the bottom left
    // are a region of their own), and C has 5 in two regions.
    let picture = ["AAABB", "ACABB", "AAABD", "CCCBD", "AACDD"];
    let cultures: Vec<u8> = picture.concat().bytes().map(|b| b - b'A').collect();
    let mut model = AxelrodModel::from_cultures(5, 1, 4, cultures, 0).unwrap();
    assert_eq!(model.stable_regions(), 6);
    assert_eq!(model.largest_region(), 8);
    let outcome = model.run(None);
    assert_eq!((outcome.stable_regions, outcome.largest_region), (6, 8));

    // One culture everywhere: one region of every site. A checkerboard: every site alone.
    let model = AxelrodModel::from_cultures(4, 2, 3, [1, 2].repeat(16), 0).unwrap();
    assert_eq!(model.largest_region(), 16);
    let cultures: Vec<u8> = (0..16).map(|s| ((s / 4 + s % 4) % 2) as u8).collect();
    let model = AxelrodModel::from_cultures(4, 1, 2, cultures, 0).unwrap();
    assert_eq!(model.largest_region(), 1);
}

#[test]
fn the_running_count_matches_a_rescan_after_every_event() {
    for (size, features, traits, seed) in [
        (2, 2, 2, 1),
        (3, 3, 3, 2),
        (5, 5, 10, 3),
        (8, 5, 10, 4),
        (7, 10, 15, 5),
        (6, 1, 2, 6),
    ] {
        let mut model = AxelrodModel::new(params(size, features, traits), seed).unwrap();
        assert_consistent(&model);
        for _ in 0..4000 {
            model.step();
            assert_consistent(&model);
        }
        model.run(Some(200_000));
        assert_consistent(&model);
    }
}

#[test]
fn a_site_copies_only_its_neighbours_traits() {
    let mut model = AxelrodModel::new(params(6, 5, 7), 11).unwrap();
    let mut changes = 0;
    for _ in 0..50_000 {
        let before = model.cultures().to_vec();
        model.step();
        let width = model.width;
        let changed: Vec<usize> = (0..before.len())
            .filter(|&i| before[i] != model.cultures[i])
            .collect();
        assert!(changed.len() <= 1, "{changed:?}");
        if let Some(&i) = changed.first() {
            changes += 1;
            let (site, feature) = (i / width, i % width);
            let old = &before[site * width..][..width];
            let new = model.cultures[i];
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
        assert!(model.cultures().iter().all(|&t| t < 7));
    }
    assert!(changes > 0);
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let run = |seed| {
        let mut model = AxelrodModel::new(params(10, 5, 10), seed).unwrap();
        let outcome = model.run(None);
        (outcome, model.cultures().to_vec())
    };
    let (a, ca) = run(5);
    let (b, cb) = run(5);
    let (c, cc) = run(6);
    assert_eq!(a, b);
    assert_eq!(ca, cb);
    assert!(a.converged && c.converged);
    assert_ne!((a.events, ca), (c.events, cc));
}

#[test]
fn a_saved_run_resumes_bit_for_bit() {
    let mut whole = AxelrodModel::new(params(8, 5, 10), 21).unwrap();
    let mut half = whole.clone();
    whole.run(Some(20_000));
    half.run(Some(10_000));
    let saved = serde_json::to_string(&half).unwrap();
    let mut resumed: AxelrodModel = serde_json::from_str(&saved).unwrap();
    assert_eq!(resumed.active_bonds(), half.active_bonds());
    resumed.run(Some(20_000));
    assert_eq!(resumed.events(), whole.events());
    assert_eq!(resumed.cultures(), whole.cultures());
    assert_eq!(resumed.active_bonds(), whole.active_bonds());

    // A damaged save is an error, not a panic.
    let damaged = saved.replacen("\"traits\":10", "\"traits\":1", 1);
    assert!(serde_json::from_str::<AxelrodModel>(&damaged).is_err());
}

/// Mean stable regions at convergence over `runs` seeds of a 10 x 10 grid.
fn mean_regions(features: u32, traits: u32, runs: u64) -> f64 {
    let total: usize = (0..runs)
        .map(|seed| {
            let mut model = AxelrodModel::new(params(10, features, traits), 1000 + seed).unwrap();
            let outcome = model.run(Some(50_000_000));
            assert!(outcome.converged, "F={features}, q={traits}, seed {seed}");
            outcome.stable_regions
        })
        .sum();
    total as f64 / runs as f64
}

#[test]
fn axelrods_table_1_has_its_shape() {
    // Axelrod (1997), Table 1, 10 x 10: F=5: q=5 -> 1.0, q=10 -> 3.2, q=15 -> 20.0;
    // F=10, q=15 -> 1.4.
    let runs = 12;
    let f5q5 = mean_regions(5, 5, runs);
    let f5q10 = mean_regions(5, 10, runs);
    let f5q15 = mean_regions(5, 15, runs);
    let f10q15 = mean_regions(10, 15, runs);
    assert!(f5q5 < 2.0, "F=5, q=5: {f5q5}");
    assert!(f5q15 > 8.0, "F=5, q=15: {f5q15}");
    assert!(f5q15 > f5q10, "F=5: q=15 {f5q15} vs q=10 {f5q10}");
    assert!(f10q15 < f5q15, "q=15: F=10 {f10q15} vs F=5 {f5q15}");
}

/// Events to convergence and stable regions of `runs` runs of a 4 x 4 grid, F = 3, q = 4,
/// by the n-fold way with the given weight factors per degree, seeds derived from `base`.
fn nfold_sample(factors: [u32; 5], base: u64, runs: u64) -> (Vec<f64>, Vec<f64>) {
    (0..runs)
        .map(|run| {
            let seed = crate::sim::rng::derive_seed(base, run);
            let mut model = AxelrodModel::new(params(4, 3, 4), seed).unwrap();
            let outcome = model.run_nfold_weighted(None, factors);
            assert!(outcome.converged);
            assert_consistent(&model);
            (outcome.events as f64, outcome.stable_regions as f64)
        })
        .unzip()
}

#[test]
fn a_wrong_nfold_weighting_is_caught() {
    // Without the 1 / deg factor (every site weighed as an interior one), edge and corner
    // sites change too seldom and the runs take longer: the KS test at alpha = 0.001 that
    // two samples of the exact weights pass rejects the wrong ones on the events to
    // convergence (D = 0.27 against a critical 0.062). The stable regions alone do not
    // show it on this grid (D = 0.016).
    let runs = 2000;
    let critical = 1.949 * (2.0 / runs as f64).sqrt();
    let (exact_events, exact_regions) = nfold_sample(NFOLD_FACTORS, 0xA11CE, runs);
    let (other_events, other_regions) = nfold_sample(NFOLD_FACTORS, 0xB0B, runs);
    let (wrong_events, wrong_regions) = nfold_sample([0, 3, 3, 3, 3], 0xB0B, runs);
    let same_events = ks_statistic(&exact_events, &other_events);
    let same_regions = ks_statistic(&exact_regions, &other_regions);
    let wrong_d_events = ks_statistic(&exact_events, &wrong_events);
    let wrong_d_regions = ks_statistic(&exact_regions, &wrong_regions);
    println!(
        "critical {critical:.4}; exact vs exact: events D {same_events:.4}, regions D \
         {same_regions:.4}; exact vs no 1/deg: events D {wrong_d_events:.4}, regions D \
         {wrong_d_regions:.4}"
    );
    assert!(same_events < critical && same_regions < critical);
    assert!(wrong_d_events > critical, "D {wrong_d_events}");
}

#[test]
fn parameters_are_validated() {
    let err = |p: AxelrodParams| p.validate().unwrap_err().to_string();
    assert!(err(params(0, 5, 10)).contains("size"));
    assert!(err(params(0, 5, 10)).contains("1..=8192"));
    assert!(err(params(MAX_SIZE + 1, 1, 2)).contains("size"));
    assert!(err(params(10, 0, 10)).contains("features"));
    assert!(err(params(10, 256, 10)).contains("1..=255"));
    assert!(err(params(10, 5, 1)).contains("traits"));
    assert!(err(params(10, 5, 1)).contains("2..=255"));
    assert!(err(params(10, 5, 256)).contains("traits"));
    assert!(err(params(8192, 255, 2)).contains("size² × features"));
    assert!(params(10, 5, 10).validate().is_ok());
    assert!(AxelrodModel::new(params(10, 0, 10), 0).is_err());

    let short = AxelrodModel::from_cultures(2, 2, 3, vec![0; 7], 0).unwrap_err();
    assert!(short.to_string().contains("8"));
    let high = AxelrodModel::from_cultures(2, 2, 3, vec![0, 0, 0, 0, 0, 3, 0, 0], 0);
    assert_eq!(
        high.unwrap_err(),
        AxelrodError::TraitOutOfRange {
            site: 2,
            feature: 1,
            value: 3,
            traits: 3
        }
    );
}
