//! The lesson panel: in lesson mode it takes the left panel's place, one card at a time, in
//! large type, with only the controls the card needs: the class' show of hands, run, back and
//! next, and at the end the session's report.

use bevy_egui::egui;

use super::Panels;
use super::controls::speed_slider;
use crate::app::lesson::{LessonControl, LessonSession, Phase};
use crate::lessons::Lang;

/// Text a class reads from the back of the room.
const LARGE: f32 = 20.0;

pub(super) fn lesson_panel(
    ui: &mut egui::Ui,
    p: &mut Panels,
    session: &LessonSession,
    report_path: &mut String,
) {
    let lang = session.lang;
    // The panel's own words in the interface language (which the lesson's switch sets too).
    let words = p.language.0.clone();
    let lesson = session.lesson();
    ui.horizontal(|ui| {
        for (choice, name) in [(Lang::En, "English"), (Lang::Id, "Bahasa Indonesia")] {
            if ui.selectable_label(lang == choice, name).clicked() {
                p.lessons.write(LessonControl::SetLang(choice));
            }
        }
        if ui.button(words.t("lesson.leave")).clicked() {
            p.lessons.write(LessonControl::Leave);
        }
    });
    ui.heading(egui::RichText::new(lesson.title.get(lang)).size(LARGE + 6.0));
    ui.separator();
    let large = |text: &str| egui::RichText::new(text.to_string()).size(LARGE);
    match session.phase {
        Phase::Intro => {
            ui.label(large(lesson.introduction.get(lang)));
            ui.add_space(12.0);
            if ui.button(large(words.t("lesson.begin"))).clicked() {
                p.lessons.write(LessonControl::Next);
            }
        }
        Phase::Ask(card) | Phase::Running(card) | Phase::Reveal(card) => {
            let spec = &lesson.cards[card];
            ui.label(words.f(
                "lesson.card_of",
                &[
                    ("card", &(card + 1).to_string()),
                    ("cards", &lesson.cards.len().to_string()),
                ],
            ));
            ui.label(large(spec.text.get(lang)));
            ui.add_space(8.0);
            let outcome = session.run.outcomes().into_iter().find(|o| o.card == card);
            let revealed = matches!(session.phase, Phase::Reveal(_));
            if let Some(question) = &spec.question {
                ui.label(large(question.text.get(lang)).strong());
                for (k, answer) in question.answers.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        let mut hands = session.tallies[card].get(k).copied().unwrap_or(0);
                        if ui
                            .add_enabled(
                                !revealed,
                                egui::DragValue::new(&mut hands)
                                    .range(0..=500)
                                    .suffix(" ✋"),
                            )
                            .changed()
                        {
                            p.lessons.write(LessonControl::SetTally {
                                card,
                                answer: k,
                                hands,
                            });
                        }
                        let held = revealed && outcome.is_some_and(|o| o.answer == Some(k));
                        let text = large(answer.text.get(lang));
                        ui.label(if held {
                            text.strong()
                                .background_color(egui::Color32::from_rgb(40, 110, 60))
                                .color(egui::Color32::WHITE)
                        } else {
                            text
                        });
                        if held {
                            ui.label(large(words.t("lesson.held")));
                        }
                    });
                }
            }
            ui.add_space(8.0);
            match session.phase {
                Phase::Ask(_) => {
                    ui.horizontal(|ui| {
                        if ui.button(large(words.t("lesson.back"))).clicked() {
                            p.lessons.write(LessonControl::Back);
                        }
                        if ui.button(large(words.t("lesson.run"))).clicked() {
                            p.lessons.write(LessonControl::Run);
                        }
                    });
                }
                Phase::Running(_) => {
                    ui.label(large(&words.f(
                        "lesson.running",
                        &[("tick", &p.simulation.model.tick().to_string())],
                    )));
                    // The speed: the one run control a lesson keeps.
                    speed_slider(ui, p, true);
                }
                _ => {
                    if let Some(outcome) = outcome {
                        ui.label(large(outcome.reveal.get(lang)));
                    }
                    ui.add_space(8.0);
                    ui.label(
                        large(&words.f("lesson.discuss", &[("question", spec.discuss.get(lang))]))
                            .italics(),
                    );
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button(large(words.t("lesson.back"))).clicked() {
                            p.lessons.write(LessonControl::Back);
                        }
                        if ui.button(large(words.t("lesson.next"))).clicked() {
                            p.lessons.write(LessonControl::Next);
                        }
                    });
                }
            }
        }
        Phase::End => {
            ui.label(large(words.t("lesson.end")));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(report_path).desired_width(200.0));
                if ui.button(words.t("lesson.save_report")).clicked() {
                    p.lessons
                        .write(LessonControl::SaveReport(std::path::PathBuf::from(
                            report_path.trim(),
                        )));
                }
            });
            if ui.button(large(words.t("lesson.back"))).clicked() {
                p.lessons.write(LessonControl::Back);
            }
        }
    }
}
