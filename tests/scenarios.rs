//! Each preset's claim from MODEL.md, checked over several seeds by comparing runs, never by
//! pinning one figure.

use std::collections::BTreeSet;

use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::metrics::Metrics;
use nano_diplomacy::sim::ties::Stage;

const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

/// Runs a preset (with `--set` style changes) from a seed and returns its metrics at each of
/// the given ticks.
fn run(preset: &str, changes: &[&str], seed: u64, at: &[u64]) -> Vec<Metrics> {
    let mut scenario = Scenario::preset(preset).unwrap();
    for change in changes {
        scenario.set(change).unwrap();
    }
    let mut model = NanoModel::new(scenario.nano().unwrap().clone(), seed);
    let mut out = Vec::new();
    for &tick in at {
        while model.tick() < tick {
            model.step();
        }
        out.push(Metrics::measure(&model));
    }
    out
}

#[test]
fn marketplace_kinship_grows_across_communities() {
    for seed in SEEDS {
        let m = run("marketplace", &[], seed, &[0, 300, 600]);
        assert_eq!(
            m[0].kin_cross_community, 0,
            "households are kin within a community"
        );
        assert!(
            m[1].kin_cross_community < m[2].kin_cross_community,
            "seed {seed}"
        );
        assert!(
            m[2].kin_cross_share > 0.1,
            "seed {seed}: {}",
            m[2].kin_cross_share
        );
        assert!(
            m[2].kin_giant_share > 0.5,
            "seed {seed}: {}",
            m[2].kin_giant_share
        );
    }
}

#[test]
fn language_barrier_kinship_forms_later_then_faster_as_languages_are_learned() {
    for seed in SEEDS {
        let open = run("marketplace", &[], seed, &[200]);
        let barrier = run("language-barrier", &[], seed, &[0, 200, 400, 600]);
        assert!(
            barrier[1].kin_cross_community * 3 < open[0].kin_cross_community,
            "seed {seed}: later than in the marketplace ({} vs {})",
            barrier[1].kin_cross_community,
            open[0].kin_cross_community
        );
        let early = barrier[1].kin_cross_community - barrier[0].kin_cross_community;
        let late = barrier[3].kin_cross_community - barrier[2].kin_cross_community;
        assert!(
            late > early,
            "seed {seed}: faster later ({early} then {late})"
        );
        assert!(barrier[3].common_language_share > barrier[0].common_language_share + 0.05);
    }
}

#[test]
fn customs_survive_only_under_sharing() {
    // Under assimilation customs drift towards one culture only slowly (a voter model on each
    // feature): the two presets run 2000 ticks.
    let ticks = Scenario::preset("sharing").unwrap().ticks;
    assert_eq!(ticks, Scenario::preset("assimilation").unwrap().ticks);
    for seed in SEEDS {
        let sharing = run("sharing", &[], seed, &[0, ticks]);
        let assimilation = run("assimilation", &[], seed, &[0, ticks]);
        assert_eq!(sharing[0], assimilation[0], "seed {seed}: the same start");
        for m in [&sharing[1], &assimilation[1]] {
            assert!(
                m.kin_cross_community > 500,
                "seed {seed}: kinship forms in both"
            );
        }
        assert_eq!(sharing[1].distinct_cultures, sharing[0].distinct_cultures);
        assert_eq!(sharing[1].customs_entropy, sharing[0].customs_entropy);
        let (before, after) = (&assimilation[0], &assimilation[1]);
        assert!(
            (after.distinct_cultures as f64) < 0.3 * before.distinct_cultures as f64,
            "seed {seed}: {} -> {} cultures",
            before.distinct_cultures,
            after.distinct_cultures
        );
        assert!(
            after.customs_entropy < before.customs_entropy - 2.0,
            "seed {seed}: entropy {} -> {}",
            before.customs_entropy,
            after.customs_entropy
        );
    }
}

#[test]
fn hidden_agendas_collapse_trust_and_kinship() {
    for seed in SEEDS {
        let hidden = run("hidden-agendas", &[], seed, &[600]);
        let open = run("hidden-agendas", &["transparency=1.0"], seed, &[600]);
        assert!(hidden[0].agendas_exposed > 0);
        assert_eq!(open[0].agendas_exposed, 0);
        assert!(
            hidden[0].kin * 3 < open[0].kin,
            "seed {seed}: {} vs {}",
            hidden[0].kin,
            open[0].kin
        );
        assert!(hidden[0].mean_affinity < open[0].mean_affinity);
        assert!(hidden[0].mean_openness < open[0].mean_openness);
    }
}

/// The kin ties between communities 0 and 1, as pairs.
fn kin_between_0_and_1(model: &NanoModel) -> BTreeSet<(u32, u32)> {
    let persons = &model.population().persons;
    model
        .ties()
        .iter()
        .filter(|(_, t)| t.stage == Stage::Kin)
        .filter(|(_, t)| {
            let pair = (
                persons[t.a as usize].community,
                persons[t.b as usize].community,
            );
            pair == (0, 1) || pair == (1, 0)
        })
        .map(|(_, t)| (t.a, t.b))
        .collect()
}

#[test]
fn in_a_crisis_person_to_person_kinship_holds_while_new_ties_slow() {
    for seed in SEEDS {
        let scenario = Scenario::preset("crisis").unwrap();
        let params = scenario.nano().unwrap().clone();
        let crisis = params.crisis.clone().unwrap();
        let end = crisis.start + crisis.duration;
        let mut with = NanoModel::new(params.clone(), seed);
        let mut without = NanoModel::new(
            nano_diplomacy::sim::NanoParams {
                crisis: None,
                ..params
            },
            seed,
        );
        while with.tick() < crisis.start - 1 {
            with.step();
            without.step();
        }
        let before = kin_between_0_and_1(&with);
        assert_eq!(
            before,
            kin_between_0_and_1(&without),
            "seed {seed}: identical until the crisis"
        );
        while with.tick() < end {
            with.step();
            without.step();
            assert_eq!(
                with.crisis().is_some(),
                with.tick() < end,
                "tick {}",
                with.tick()
            );
        }
        let after_with = kin_between_0_and_1(&with);
        let after_without = kin_between_0_and_1(&without);
        assert!(
            after_with.len() < after_without.len(),
            "seed {seed}: fewer kin across the divide ({} vs {})",
            after_with.len(),
            after_without.len()
        );
        let survived = before.intersection(&after_with).count() as f64 / before.len() as f64;
        assert!(
            survived > 0.5,
            "seed {seed}: most kin ties hold ({survived:.2})"
        );
    }
}
