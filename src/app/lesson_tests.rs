//! Lesson mode, headless: a lesson walks card to card, each card's worlds are the runner's,
//! its run stops at its point with the reveal filled from the measures, back restores the
//! previous card's world exactly, and the worlds hold still while the class reads.

use bevy::prelude::*;

use super::compare::Compare;
use super::lesson::{LessonControl, LessonMode, Phase};
use super::simulation::{Control, Playback, Simulation};
use super::tests::{app, send};
use crate::lessons::{Lesson, RunTo};

fn lesson(app: &mut App, control: LessonControl) {
    app.world_mut().write_message(control);
    app.update();
    app.update();
}

fn phase(app: &App) -> Phase {
    app.world()
        .resource::<LessonMode>()
        .0
        .as_ref()
        .unwrap()
        .phase
}

fn json_a(app: &App) -> String {
    serde_json::to_string(&app.world().resource::<Simulation>().model).unwrap()
}

/// Runs the card asked until its reveal (at most `limit` updates).
fn run_card(app: &mut App, limit: usize) {
    lesson(app, LessonControl::Run);
    for _ in 0..limit {
        if matches!(phase(app), Phase::Reveal(_)) {
            return;
        }
        app.update();
    }
    panic!("the card did not reach its point in {limit} updates");
}

#[test]
fn a_lesson_walks_card_to_card_with_the_runners_worlds_and_goes_back_exactly() {
    let mut app = app(Playback::Paused);
    let shipped = Lesson::shipped("sharing-builds-kinship").unwrap();
    lesson(&mut app, LessonControl::Open(Box::new(shipped.clone())));
    assert_eq!(phase(&app), Phase::Intro);
    lesson(&mut app, LessonControl::Next);
    assert_eq!(phase(&app), Phase::Ask(0));
    // The class reads and predicts: the world holds still even if someone presses play.
    let before = json_a(&app);
    send(&mut app, Control::TogglePlay);
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(
        json_a(&app),
        before,
        "the world held while the class predicts"
    );
    run_card(&mut app, 2_000);
    let mode = app.world().resource::<LessonMode>().0.as_ref().unwrap();
    let outcome = mode.run.outcomes()[0].clone();
    let RunTo::Tick(point) = shipped.cards[0].run else {
        panic!("card 1 runs to a tick");
    };
    let shown = &app.world().resource::<Simulation>().model;
    assert_eq!(shown.tick(), point, "stopped at the card's point");
    assert_eq!(
        serde_json::to_string(mode.run.world_a().unwrap()).unwrap(),
        json_a(&app),
        "the world on screen is the runner's"
    );
    assert!(
        !outcome.reveal.en.contains('{'),
        "the reveal is filled: {}",
        outcome.reveal.en
    );
    let share = format!("{:.0}", outcome.a.kin_cross_share * 100.0);
    assert!(
        outcome.reveal.en.contains(&share)
            || outcome
                .reveal
                .en
                .contains(&format!("{:.2}", outcome.a.kin_cross_share)),
        "the reveal gives the measured share ({share}%): {}",
        outcome.reveal.en
    );
    let end_of_card_1 = json_a(&app);

    // Card 2 compares the marketplace with no-symbols.
    lesson(&mut app, LessonControl::Next);
    assert_eq!(phase(&app), Phase::Ask(1));
    let b = app
        .world()
        .resource::<Compare>()
        .world()
        .expect("card 2 shows world B");
    assert_eq!(b.model.params().symbol_knowledge, 0.0);
    run_card(&mut app, 2_000);
    lesson(&mut app, LessonControl::Back);
    assert_eq!(phase(&app), Phase::Reveal(0));
    assert_eq!(
        json_a(&app),
        end_of_card_1,
        "back restores card 1's world exactly"
    );
    assert!(app.world().resource::<Compare>().0.is_none());
}

#[test]
fn the_class_hands_are_tallied_and_the_report_has_them() {
    let mut app = app(Playback::Paused);
    let shipped = Lesson::shipped("sharing-builds-kinship").unwrap();
    lesson(&mut app, LessonControl::Open(Box::new(shipped)));
    lesson(&mut app, LessonControl::Next);
    lesson(
        &mut app,
        LessonControl::SetTally {
            card: 0,
            answer: 1,
            hands: 17,
        },
    );
    run_card(&mut app, 2_000);
    let mode = app.world().resource::<LessonMode>().0.as_ref().unwrap();
    assert_eq!(mode.tallies[0][1], 17);
    let (markdown, csv) = mode.report();
    assert!(markdown.contains("17"), "{markdown}");
    assert!(csv.contains("17"), "{csv}");
}

/// One language in the room: a lesson opened with the interface in Bahasa Indonesia shows
/// its Indonesian texts, and the lesson's own switch moves the interface too.
#[test]
fn a_lesson_follows_the_interface_language_and_its_switch_leads_it() {
    use super::Language;
    use crate::lessons::Lang as LessonLang;
    let mut app = app(Playback::Paused);
    app.insert_resource(Language(crate::i18n::Lang::new("id").unwrap()));
    let shipped = Lesson::shipped("sharing-builds-kinship").unwrap();
    lesson(&mut app, LessonControl::Open(Box::new(shipped)));
    let session_lang = |app: &App| {
        app.world()
            .resource::<LessonMode>()
            .0
            .as_ref()
            .unwrap()
            .lang
    };
    assert_eq!(session_lang(&app), LessonLang::Id);
    lesson(&mut app, LessonControl::SetLang(LessonLang::En));
    assert_eq!(session_lang(&app), LessonLang::En);
    assert_eq!(app.world().resource::<Language>().0.code(), "en");
}

#[test]
fn the_controls_a_lesson_hides_stay_out_of_reach_of_the_keys_too() {
    let mut app = app(Playback::Paused);
    let shipped = Lesson::shipped("sharing-builds-kinship").unwrap();
    lesson(&mut app, LessonControl::Open(Box::new(shipped)));
    lesson(&mut app, LessonControl::Next);
    let before = json_a(&app);
    let mut params = app.world().resource::<Simulation>().model.params().clone();
    params.decay = 0.03;
    for control in [
        Control::Step,
        Control::Reset,
        Control::SetParams(Box::new(params)),
        Control::PublicEventNow,
        Control::Seek(0),
        Control::EndCompare,
    ] {
        send(&mut app, control.clone());
        assert_eq!(
            json_a(&app),
            before,
            "{control:?} changed the lesson's world"
        );
    }
    let status = &app.world().resource::<super::Status>().text;
    assert!(status.contains("lesson"), "{status}");
    // Looking closer is still allowed.
    send(&mut app, Control::Select(Some(3)));
    assert_eq!(
        app.world().resource::<super::simulation::Selection>().0,
        Some(3)
    );
}
