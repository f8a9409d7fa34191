//! Unit tests of the ties: the slab and its lists, stages with hysteresis, decay.

use super::*;

const THRESHOLDS: StageThresholds = StageThresholds {
    friend: 0.4,
    kin: 0.8,
    hysteresis: 0.1,
};

#[test]
fn stages_rise_at_the_thresholds() {
    let t = THRESHOLDS;
    assert_eq!(t.next_stage(Stage::Acquaintance, 0.39), Stage::Acquaintance);
    assert_eq!(t.next_stage(Stage::Acquaintance, 0.4), Stage::Friend);
    assert_eq!(t.next_stage(Stage::Acquaintance, 0.85), Stage::Kin);
    assert_eq!(t.next_stage(Stage::Friend, 0.8), Stage::Kin);
}

#[test]
fn stages_fall_only_past_the_hysteresis() {
    let t = THRESHOLDS;
    assert_eq!(t.next_stage(Stage::Kin, 0.75), Stage::Kin);
    assert_eq!(t.next_stage(Stage::Kin, 0.69), Stage::Friend);
    assert_eq!(t.next_stage(Stage::Friend, 0.31), Stage::Friend);
    assert_eq!(t.next_stage(Stage::Friend, 0.29), Stage::Acquaintance);
    assert_eq!(t.next_stage(Stage::Kin, 0.1), Stage::Acquaintance);
    assert_eq!(t.next_stage(Stage::Kin, 0.35), Stage::Friend);
}

#[test]
fn insert_find_remove_keep_the_structure() {
    let mut ties = TieSet::new(5);
    let t01 = ties.insert(1, 0, 0.5, Stage::Friend, 0);
    let t12 = ties.insert(1, 2, 0.2, Stage::Acquaintance, 0);
    let t34 = ties.insert(3, 4, 0.9, Stage::Kin, 0);
    assert_eq!(ties.len(), 3);
    assert_eq!(ties.find(0, 1), Some(t01));
    assert_eq!(ties.find(2, 1), Some(t12));
    assert_eq!(ties.find(0, 2), None);
    assert_eq!(ties.get(t01).a, 0);
    ties.check().unwrap();
    ties.remove(t12);
    assert_eq!(ties.find(1, 2), None);
    assert_eq!(ties.degree(1), 1);
    assert_eq!(ties.of(1), &[(0, t01)]);
    ties.check().unwrap();
    // The freed slot is reused.
    assert_eq!(ties.insert(2, 4, 0.1, Stage::Acquaintance, 1), t12);
    assert_eq!(ties.find(3, 4), Some(t34));
    ties.check().unwrap();
    // Looking from either end, in either list, gives the same answer.
    for p in 0..5 {
        for q in 0..5 {
            assert_eq!(ties.find_from(p, q), ties.find(p, q), "{p}, {q}");
        }
    }
}

#[test]
fn the_affinity_sum_adds_live_ties_in_four_partial_sums() {
    let mut ties = TieSet::new(8);
    // Values whose sum in one running sum (1.5499999999999998) differs from the sum in the
    // documented order (1.5500000000000003), so that the test sees the order.
    let affinities = [0.15, 0.4, 0.4, 0.05, 0.4, 0.65, 0.15];
    let ids: Vec<u32> = affinities
        .iter()
        .enumerate()
        .map(|(i, &a)| ties.insert(i as u32, 7, a, Stage::Acquaintance, 0))
        .collect();
    // A forgotten tie's slot keeps its old affinity, which must not count.
    ties.remove(ids[5]);
    let live = |id: usize| if id == 5 { 0.0 } else { affinities[id] };
    let sums = [
        live(0) + live(4),
        live(1) + live(5),
        live(2) + live(6),
        live(3),
    ];
    let expected = (sums[0] + sums[1]) + (sums[2] + sums[3]);
    assert_eq!(ties.affinity_sum(), expected);
    assert_eq!(expected, 1.5500000000000003);
    let plain: f64 = ties.iter().map(|(_, tie)| tie.affinity).sum();
    assert!((ties.affinity_sum() - plain).abs() < 1e-12);
    assert_eq!(TieSet::new(3).affinity_sum(), 0.0);
}

#[test]
fn decay_lowers_untouched_ties_changes_stages_and_forgets() {
    let thresholds = StageThresholds {
        friend: 0.1,
        kin: 0.8,
        hysteresis: 0.095,
    };
    let mut ties = TieSet::new(6);
    let kin = ties.insert(0, 1, 0.8, Stage::Kin, 0);
    let friend = ties.insert(2, 3, 0.03, Stage::Friend, 0);
    let touched = ties.insert(4, 5, 0.5, Stage::Friend, 1);
    let mut changes = Vec::new();
    ties.decay(1, 0.5, 0.1, 0.02, &thresholds, |c| changes.push(c));
    assert!((ties.affinity(kin) - 0.72).abs() < 1e-12);
    assert_eq!(ties.get(kin).stage, Stage::Kin, "within the hysteresis");
    assert_eq!(ties.affinity(touched), 0.5, "in contact this tick");
    // The friendship's floor (0.005) lies below forget_below: forgetting comes first.
    assert!(ties.find(2, 3).is_none());
    assert_eq!(
        changes,
        [StageChange {
            a: 2,
            b: 3,
            from: Stage::Friend,
            to: None
        }]
    );
    let _ = friend;
    ties.check().unwrap();
}

#[test]
fn loading_ahead_reads_any_person_and_counts_the_states() {
    let mut ties = TieSet::new(3);
    assert_eq!(ties.state_bytes(), 0);
    // An empty list, and persons beyond the set: hints that do nothing, never a panic.
    for person in [0, 2, 3, 1_000] {
        ties.prefetch_list(person);
        ties.prefetch_states(person);
    }
    for q in 1..3 {
        ties.insert(0, q, 0.5, Stage::Acquaintance, 1);
    }
    ties.prefetch_list(0);
    ties.prefetch_states(0);
    assert_eq!(ties.state_bytes(), 2 * size_of::<TieState>());
    // A removed tie's slot is kept for reuse, and still counted.
    let id = ties.find(0, 1).expect("tied");
    ties.remove(id);
    assert_eq!(ties.state_bytes(), 2 * size_of::<TieState>());
}
