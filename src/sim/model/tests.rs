//! Unit tests of the rules that need the model's insides (the rest are in tests/).

use super::contact::Meeting;
use super::*;
use crate::sim::testing::small_params;

#[test]
fn a_known_partner_is_drawn_in_proportion_to_affinity() {
    let params = NanoParams {
        p_known: 1.0,
        household_size_max: 1,
        ..small_params()
    };
    let mut model = NanoModel::new(params, 3);
    assert!(model.ties.is_empty());
    let weights = [(1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4), (5, 0.0)];
    for (q, affinity) in weights {
        model.ties.insert(0, q, affinity, Stage::Acquaintance, 0);
    }
    let draws = 100_000;
    let mut counts = [0u32; 6];
    for _ in 0..draws {
        let Meeting { partner, tie } = model.choose_partner(0).expect("person 0 has ties");
        assert_eq!(tie, model.ties.find(0, partner));
        counts[partner as usize] += 1;
    }
    assert_eq!(counts[5], 0, "affinity 0 is never drawn");
    for (q, affinity) in weights {
        let share = f64::from(counts[q as usize]) / f64::from(draws);
        assert!(
            (share - affinity).abs() < 0.01,
            "partner {q}: {share} for {affinity}"
        );
    }
}

#[test]
fn engaging_is_the_same_draw_as_a_chance_of_the_willingness() {
    // The shortcut below the affinity makes the same draw and gives the same answer.
    let mut model = NanoModel::new(small_params(), 9);
    let n = model.population.len() as u32;
    for i in 0..20_000u32 {
        let (p, q) = (i % n, (i * 7 + 3) % n);
        if p == q {
            continue;
        }
        let affinity = f64::from(i % 11) / 10.0;
        let mut plain = model.rng.clone();
        let expected = chance(&mut plain, model.willingness(p, q, affinity));
        assert_eq!(
            model.engages(p, q, affinity),
            expected,
            "{p} {q} {affinity}"
        );
        assert_eq!(model.rng, plain, "one draw either way");
    }
}

#[test]
fn with_all_affinities_zero_a_known_partner_is_drawn_uniformly() {
    let params = NanoParams {
        p_known: 1.0,
        household_size_max: 1,
        ..small_params()
    };
    let mut model = NanoModel::new(params, 4);
    for q in 1..=4 {
        model.ties.insert(0, q, 0.0, Stage::Acquaintance, 0);
    }
    let mut counts = [0u32; 5];
    for _ in 0..40_000 {
        counts[model.choose_partner(0).unwrap().partner as usize] += 1;
    }
    for q in 1..=4 {
        assert!((9_000..11_000).contains(&counts[q]), "{counts:?}");
    }
}
