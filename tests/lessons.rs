//! Lessons: the shipped ones read and hold from ten seeds; broken ones say where they are
//! broken; the runner applies each card, fills each reveal with the measured numbers and goes
//! back exactly.

use nano_diplomacy::lessons::{
    Card, Change, Lesson, LessonError, LessonRun, RunTo, Stop, Text, WorldSpec, lesson_names,
};
use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::Metrics;

fn texts(lesson: &Lesson) -> Vec<&Text> {
    let mut all = vec![&lesson.title, &lesson.introduction];
    for card in &lesson.cards {
        all.extend([&card.text, &card.reveal, &card.discuss]);
        if let Some(q) = &card.question {
            all.push(&q.text);
            all.extend(q.answers.iter().map(|a| &a.text));
        }
    }
    all
}

#[test]
fn every_shipped_lesson_reads_with_four_to_seven_cards_in_both_languages() {
    assert_eq!(lesson_names().len(), 4);
    for name in lesson_names() {
        let lesson = Lesson::shipped(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            (4..=7).contains(&lesson.cards.len()),
            "{name}: {} cards",
            lesson.cards.len()
        );
        for text in texts(&lesson) {
            assert!(!text.en.trim().is_empty() && !text.id.trim().is_empty());
            // A translation left in English is not a translation.
            assert!(text.en != text.id || text.en.len() < 4, "{name}: {text:?}");
        }
        assert!(lesson.cards.iter().filter(|c| c.question.is_some()).count() >= 3);
    }
}

/// A small valid lesson, to break in the tests below.
const GOOD: &str = r#"(
    title: (en: "T", id: "J"),
    introduction: (en: "I", id: "P"),
    seed: 3,
    cards: [
        (
            text: (en: "a", id: "b"),
            world: Scenario(preset: "marketplace", set: ["persons=120", "contact_rate=0.6"]),
            compare: Set("familiarity_weight=0"),
            run: Tick(20),
            question: (
                text: (en: "q", id: "t"),
                answers: [
                    (text: (en: "more", id: "lebih"), when: "kin(A) > kin(B)"),
                    (text: (en: "not", id: "tidak"), when: "kin(A) <= kin(B)"),
                ],
            ),
            reveal: (en: "{answer}: {kin(A)} and {kin_cross_share(B):%}", id: "{answer}: {kin(A)}"),
            discuss: (en: "d", id: "d"),
        ),
        (
            text: (en: "c", id: "c2"),
            world: GoOn,
            compare: Set("theta_kin=0.8"),
            run: Tick(35),
            reveal: (en: "{mean_affinity(B):.3}", id: "{mean_affinity(B):.3}"),
            discuss: (en: "d", id: "d"),
        ),
        (
            text: (en: "e", id: "e2"),
            world: Scenario(preset: "hidden-agendas", set: ["persons=120"]),
            run: Until(event: AgendaExposed, cap: 50),
            reveal: (en: "{tick(A)}", id: "{tick(A)}"),
            discuss: (en: "d", id: "d"),
        ),
    ],
)"#;

fn broken(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    let text = GOOD.replacen(from, to, 1);
    match Lesson::parse(&text, "my.ron") {
        Ok(_) => panic!("{to:?} was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_lessons_name_the_file_line_and_field() {
    Lesson::parse(GOOD, "my.ron").unwrap();
    let cases = [
        // An unknown field, with the closest one.
        (
            "discuss: (en: \"d\"",
            "discus: (en: \"d\"",
            "my.ron:19:13: unknown field `discus` (did you mean `discuss`?)",
        ),
        // A wrong type.
        (
            "seed: 3",
            "seed: \"three\"",
            "my.ron:4:10: Expected integer (in `seed`)",
        ),
        // An unknown measure in a condition, with the closest and the list.
        (
            "when: \"kin(A) > kin(B)\"",
            "when: \"kinn(A) > kin(B)\"",
            "my.ron:14: `cards[0].question.answers[0].when` (card 1) no measure named `kinn` (did you mean `kin`?)",
        ),
        (
            "when: \"kin(A) <= kin(B)\"",
            "when: \"kin(A) <= kin(B)\"), (text: (en: \"x\", id: \"y\"), when: \"kin(A) < 0\"),\n(text: (en: \"x\", id: \"y\"), when: \"kin(A) < 0\"),\n(text: (en: \"x\", id: \"y\"), when: \"kin(A) < 0\"",
            "my.ron:13: `cards[0].question.answers` (card 1) has 5 answers, but a question has 2 to 4",
        ),
        (
            "(text: (en: \"not\", id: \"tidak\"), when: \"kin(A) <= kin(B)\"),",
            "",
            "has 1 answer, but a question has 2 to 4",
        ),
        // Missing Indonesian.
        (
            "text: (en: \"c\", id: \"c2\")",
            "text: (en: \"c\", id: \" \")",
            "my.ron:22: `cards[1].text.id` is empty, but every text a class reads needs its Bahasa Indonesia text",
        ),
        (
            "introduction: (en: \"I\", id: \"P\")",
            "introduction: (en: \"I\")",
            "my.ron:3:27: missing field `id`: every text a class reads is",
        ),
        // A placeholder that reads no measure, a world B that is not there.
        (
            "{tick(A)}\", id",
            "{tick(A):%%}\", id",
            "my.ron:33: `cards[2].reveal.en` (card 3) `{tick(A):%%}`: the format after `:` is `%` or `.N`",
        ),
        (
            "reveal: (en: \"{tick(A)}\"",
            "reveal: (en: \"{tick(B)}\"",
            "`cards[2].reveal.en` (card 3) has a placeholder that reads world B, but this card has none",
        ),
        // Scenario changes checked like `--set`, a fork of the population refused.
        (
            "persons=120\", \"contact",
            "persns=120\", \"contact",
            "did you mean `persons`?",
        ),
        (
            "Set(\"theta_kin=0.8\")",
            "Set(\"persons=50\")",
            "`cards[1].compare` (card 2) does not make world B: `persons=50` changes the population",
        ),
        (
            "world: Scenario(preset: \"marketplace\"",
            "world: Scenario(preset: \"marketpalce\"",
            "did you mean `marketplace`?",
        ),
        (
            "run: Tick(20)",
            "run: Tick(20), look: (select: 500, plot: \"kin\")",
            "my.ron:10: `cards[0].look.select` (card 1) is person 500, but the world has persons 0 to 119",
        ),
        (
            "Scenario(preset: \"hidden-agendas\", set: [\"persons=120\"])",
            "File(path: \"tests/no-such-scenario.ron\")",
            "`cards[2].world` (card 3) does not make a scenario: cannot read scenario file \
             tests/no-such-scenario.ron",
        ),
        (
            "run: Tick(20)",
            "run: Tick(0)",
            "`cards[0].run` (card 1) is Tick(0)",
        ),
        (
            "run: Tick(20)",
            "run: Tik(20)",
            "my.ron:10:18: Unexpected variant named `Tik` in enum `RunTo`, expected either `Tick` or `Until` instead (did you mean `Tick`?)",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .map(|(from, to, expected)| (expected, broken(from, to)))
        .filter(|(expected, message)| !message.contains(**expected))
        .map(|(expected, message)| format!("expected {expected:?} in:\n{message}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    let first = GOOD.replacen(
        "world: Scenario(preset: \"marketplace\", set: [\"persons=120\", \"contact_rate=0.6\"])",
        "world: GoOn",
        1,
    );
    let message = Lesson::parse(&first, "my.ron").unwrap_err().to_string();
    assert!(
        message.contains("the first card has no card to go on from"),
        "{message}"
    );
    assert!(matches!(
        Lesson::load("sharing-build-kinship"),
        Err(LessonError::Unknown(_))
    ));
    assert!(
        Lesson::load("sharing-build-kinship")
            .unwrap_err()
            .to_string()
            .contains("did you mean `sharing-builds-kinship`?")
    );
}

#[test]
fn the_runner_applies_each_card_fills_the_reveal_and_goes_back_exactly() {
    let lesson = Lesson::parse(GOOD, "good").unwrap();
    let mut run = LessonRun::new(lesson.clone());
    assert!(run.world_a().is_none());

    // Card 1: the preset with its changes, B with familiarity off, from the lesson's seed.
    let outcome = run.run_card().unwrap().unwrap().clone();
    let a = run.world_a().unwrap();
    let b = run.world_b().unwrap();
    assert_eq!((a.tick(), b.tick(), a.seed(), b.seed()), (20, 20, 3, 3));
    assert_eq!((a.params().persons, a.params().contact_rate), (120, 0.6));
    assert_eq!(a.params().familiarity_weight, 0.8);
    assert_eq!(b.params().familiarity_weight, 0.0);
    assert_eq!(outcome.a, Metrics::measure(a));
    assert_eq!(outcome.b.as_ref(), Some(&Metrics::measure(b)));
    // Exactly one answer holds, and the reveal prints the measured numbers.
    assert_eq!(outcome.held.iter().filter(|&&h| h).count(), 1);
    let answer = &lesson.cards[0].question.as_ref().unwrap().answers[outcome.answer.unwrap()];
    let share = outcome.b.as_ref().unwrap().kin_cross_share;
    assert_eq!(
        outcome.reveal.en,
        format!(
            "{}: {} and {:.0}%",
            answer.text.en,
            outcome.a.kin,
            share * 100.0
        )
    );
    assert_eq!(
        outcome.reveal.id,
        format!("{}: {}", answer.text.id, outcome.a.kin)
    );
    let after_card_1 = (
        serde_json::to_string(run.world_a().unwrap()).unwrap(),
        serde_json::to_string(run.world_b().unwrap()).unwrap(),
    );

    // Card 2 goes on: A continues, B is forked from A with a rule changed.
    let outcome = run.run_card().unwrap().unwrap().clone();
    let (a, b) = (run.world_a().unwrap(), run.world_b().unwrap());
    assert_eq!((a.tick(), b.tick()), (35, 35));
    assert_eq!(b.params().theta_kin, 0.8);
    assert_eq!(b.params().familiarity_weight, a.params().familiarity_weight);
    assert_eq!(
        outcome.reveal.en,
        format!("{:.3}", Metrics::measure(b).mean_affinity)
    );

    // Back: the worlds are card 1's, exactly; going on again gives the same card 2.
    assert!(run.back());
    let restored = (
        serde_json::to_string(run.world_a().unwrap()).unwrap(),
        serde_json::to_string(run.world_b().unwrap()).unwrap(),
    );
    assert_eq!(restored, after_card_1);
    // A card begun and stepped part way, then dropped, leaves card 1's worlds too.
    assert_eq!(run.begin().unwrap(), Some(1));
    assert!(!run.step() && !run.step());
    assert_eq!(run.world_a().unwrap().tick(), 22);
    assert_eq!(run.card_under_way(), Some(1));
    assert!(run.back());
    let restored = (
        serde_json::to_string(run.world_a().unwrap()).unwrap(),
        serde_json::to_string(run.world_b().unwrap()).unwrap(),
    );
    assert_eq!(restored, after_card_1);
    assert_eq!(run.next_card(), Some(1));
    assert_eq!(run.run_card().unwrap().unwrap().clone(), outcome);

    // Card 3: a new scenario, run until the first exposed agenda; no B any more.
    let outcome = run.run_card().unwrap().unwrap().clone();
    assert_eq!(outcome.stop, Stop::Event);
    assert!(run.world_b().is_none());
    assert_eq!(run.world_a().unwrap().params().transparency, 0.2);
    assert!(outcome.a.agendas_exposed >= 1);
    assert_eq!(outcome.reveal.en, outcome.tick.to_string());
    assert!(run.run_card().unwrap().is_none(), "the lesson's end");
    assert_eq!(run.outcomes().len(), 3);

    // Back to the start, card by card.
    assert!(run.back() && run.back() && run.back());
    assert!(run.world_a().is_none() && !run.back());
}

#[test]
fn a_card_that_waits_for_an_event_that_never_comes_stops_at_its_cap() {
    let text = GOOD.replace(
        "Until(event: AgendaExposed, cap: 50)",
        "Until(event: CrisisStarts, cap: 50)",
    );
    let mut run = LessonRun::new(Lesson::parse(&text, "t").unwrap());
    run.run_card().unwrap();
    run.run_card().unwrap();
    let outcome = run.run_card().unwrap().unwrap();
    assert_eq!((outcome.stop, outcome.tick), (Stop::Cap, 50));
}

/// Each card's worlds from `seed`: the outcome of every card with a question, as the index of
/// the answers that held.
fn answers_from(lesson: &Lesson, seed: u64) -> Vec<Vec<usize>> {
    let mut run = LessonRun::with_seed(lesson.clone(), seed);
    let mut held = Vec::new();
    while let Some(outcome) = run.run_card().unwrap() {
        held.push(
            outcome
                .held
                .iter()
                .enumerate()
                .filter(|(_, h)| **h)
                .map(|(j, _)| j)
                .collect(),
        );
    }
    held
}

/// The ten-seed test: at the lesson's own seed exactly one answer of each question holds, and
/// that answer holds from at least eight of ten seeds (the lesson's and nine others).
#[test]
fn each_lessons_answers_hold_from_at_least_eight_of_ten_seeds() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for name in lesson_names() {
        let lesson = Lesson::shipped(name).unwrap();
        let seeds: Vec<u64> = (0..10).map(|k| lesson.seed + k).collect();
        let results: Vec<Vec<Vec<usize>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = seeds
                .iter()
                .map(|&seed| {
                    scope.spawn({
                        let lesson = &lesson;
                        move || answers_from(lesson, seed)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (i, card) in lesson.cards.iter().enumerate() {
            let Some(q) = &card.question else { continue };
            let own = &results[0][i];
            if own.len() != 1 {
                failures.push(format!(
                    "{name} card {}: {} answers hold at its seed",
                    i + 1,
                    own.len()
                ));
                continue;
            }
            let right = own[0];
            // The answers exclude each other from every seed, not only the lesson's.
            if let Some(seed) = (0..10).find(|&k| results[k][i].len() > 1) {
                failures.push(format!(
                    "{name} card {}: answers {:?} hold at once from seed {}",
                    i + 1,
                    results[seed][i],
                    seeds[seed]
                ));
            }
            let counts: Vec<usize> = (0..q.answers.len())
                .map(|j| results.iter().filter(|r| r[i].contains(&j)).count())
                .collect();
            report.push_str(&format!(
                "{name} card {}: {counts:?} (answer {})\n",
                i + 1,
                right + 1
            ));
            if counts[right] < 8 {
                failures.push(format!(
                    "{name} card {}: held from {} seeds of 10",
                    i + 1,
                    counts[right]
                ));
            }
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{failures:?}\n{report}");
}

#[test]
fn a_lesson_from_another_seed_draws_every_card_from_it() {
    let lesson = Lesson::shipped("when-states-quarrel").unwrap();
    let mut run = LessonRun::with_seed(lesson.clone(), 77);
    run.run_card().unwrap();
    assert_eq!(run.world_a().unwrap().seed(), 77);
    assert_eq!(run.world_b().unwrap().seed(), 77);
    // B is the marketplace with the card's changes: two communities, no crisis.
    assert_eq!(run.world_b().unwrap().params().communities, 2);
    assert_eq!(
        run.world_a().unwrap().params().community_names,
        ["Hill", "River"]
    );
    assert_eq!(
        run.world_b().unwrap().params().community_names,
        ["Hill", "River"]
    );
    assert!(run.world_b().unwrap().params().crisis.is_none());
    assert!(run.world_a().unwrap().params().crisis.is_some());
    let WorldSpec::Scenario { preset, .. } = &lesson.cards[0].world else {
        panic!("the first card makes a world")
    };
    assert_eq!(preset, "crisis");
    assert!(matches!(lesson.cards[0].compare, Some(Change::Set(_))));
    assert!(matches!(lesson.cards[0].run, RunTo::Tick(299)));
    let _: &Card = &lesson.cards[0];
    let _ = Scenario::preset("crisis").unwrap();
}

#[test]
fn a_session_report_has_each_question_the_hands_and_the_outcome() {
    use nano_diplomacy::lessons::{Lang, SessionReport, Tally};
    let mut run = LessonRun::new(Lesson::parse(GOOD, "good").unwrap());
    run.run_card().unwrap();
    run.run_card().unwrap();
    let mut report = SessionReport::of(&run);
    report.set_tally(0, Tally(vec![12, 17]));
    let outcome = run.outcomes()[0].clone();
    let held = outcome.answer.unwrap();
    let markdown = report.markdown(Lang::En);
    assert!(markdown.starts_with("# T\n\nI\n\nseed 3\n"), "{markdown}");
    assert!(markdown.contains("## Card 1 (tick 20)"), "{markdown}");
    let hands = [12, 17][held];
    let answer = ["more", "not"][held];
    assert!(
        markdown.contains(&format!("- {answer} ({hands} hands) **held**")),
        "{markdown}"
    );
    assert!(markdown.contains(&outcome.reveal.en), "{markdown}");
    let indonesian = report.markdown(Lang::Id);
    assert!(indonesian.contains("## Kartu 2 (langkah 35)") && indonesian.contains("tangan"));
    // One row per answer of the first card, one for the second (no question), and a header.
    let csv = report.csv(Lang::En);
    assert_eq!(csv.lines().count(), 1 + 2 + 1, "{csv}");
    assert!(csv.starts_with("card,tick,question,answer,hands,held,reveal\n1,20,q,more,12,"));
}
