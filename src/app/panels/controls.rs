//! The left panel: the run (play, step, reset, speed), the scenario and its files, the seed,
//! the rules and the population, events to start now, the view and the exports. It only sends
//! [`Control`]s and changes the view's settings; what a control does is done elsewhere.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::egui;

use super::parameters::{population_sliders, rule_sliders};
use super::{Draft, Panels};
use crate::app::ViewMode;
use crate::app::compare::{Change, Start};
use crate::app::export::{ExportMetrics, ExportNetwork, ScreenshotNow};
use crate::app::simulation::{Control, Playback, SPEED_RANGE, Speed};
use crate::app::strings;
use crate::i18n::{self, Lang, Names};
use crate::network::NetworkFormat;
use crate::scenario::{ModelSpec, PRESETS, Scenario};
use crate::sim::rng::derive_seed;
use crate::sim::ties::Stage;
use crate::view::palette::ColourBy;
use crate::view::theme::Theme;

pub(super) fn controls_panel(ui: &mut egui::Ui, p: &mut Panels, draft: &mut Draft) {
    ui.heading("nano-diplomacy");
    let scenario = &p.simulation.scenario;
    ui.label(egui::RichText::new(&scenario.name).strong());
    let description = scenario.description_in(p.language.0.code());
    ui.label(egui::RichText::new(description).small());
    language_switch(ui, p, draft);
    let lang = p.language.0.clone();
    let simulation = &p.simulation;
    ui.separator();

    // --- The run ---
    let playing = *p.playback.get() == Playback::Running;
    ui.horizontal(|ui| {
        let label = if playing {
            "controls.pause"
        } else {
            "controls.play"
        };
        if ui
            .button(lang.t(label))
            .on_hover_text(lang.t("controls.play_keys"))
            .clicked()
        {
            p.controls.write(Control::TogglePlay);
        }
        if ui
            .button(lang.t("controls.step"))
            .on_hover_text(lang.t("controls.step_keys"))
            .clicked()
        {
            p.controls.write(Control::Step);
        }
        if ui
            .button(lang.t("controls.reset"))
            .on_hover_text("R")
            .clicked()
        {
            p.controls.write(Control::Reset);
        }
    });
    ui.label(lang.f(
        "controls.tick",
        &[("tick", &simulation.model.tick().to_string())],
    ));
    let mut unlimited = *p.speed == Speed::Unlimited;
    let tps = speed_slider(ui, p, !unlimited);
    if ui
        .checkbox(&mut unlimited, lang.t("controls.unlimited"))
        .changed()
    {
        p.controls.write(Control::SetSpeed(if unlimited {
            Speed::Unlimited
        } else {
            Speed::TicksPerSecond(tps)
        }));
    }
    ui.separator();
    lessons_chooser(ui, p, &lang);
    compare_section(ui, p, draft, &lang);
    ui.separator();
    let simulation = &p.simulation;

    // --- Scenario ---
    ui.strong(lang.t("controls.scenario"));
    egui::ComboBox::from_label(lang.t("controls.preset"))
        .selected_text(&simulation.scenario.name)
        .show_ui(ui, |ui| {
            for (name, _) in PRESETS {
                let Ok(preset) = Scenario::preset(name) else {
                    continue;
                };
                if matches!(preset.model, ModelSpec::Axelrod(_)) {
                    continue; // Axelrod's grid runs on the command line.
                }
                if ui
                    .selectable_label(simulation.scenario.name == *name, *name)
                    .on_hover_text(preset.description_in(lang.code()))
                    .clicked()
                {
                    p.controls.write(Control::Load(Box::new(preset)));
                }
            }
        });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut draft.open_path)
                .hint_text("file.ron")
                .desired_width(170.0),
        );
        if ui.button(lang.t("controls.open")).clicked() {
            p.controls
                .write(Control::OpenScenario(PathBuf::from(draft.open_path.trim())));
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut draft.save_path).desired_width(170.0));
        if ui
            .button(lang.t("controls.save_settings"))
            .on_hover_text(lang.t("controls.save_settings_tip"))
            .clicked()
        {
            p.controls
                .write(Control::SaveSettings(PathBuf::from(draft.save_path.trim())));
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut draft.run_path).desired_width(120.0));
        if ui
            .button(lang.t("controls.save_run"))
            .on_hover_text(lang.t("controls.save_run_tip"))
            .clicked()
        {
            p.controls
                .write(Control::SaveRun(PathBuf::from(draft.run_path.trim())));
        }
        if ui.button(lang.t("controls.open_run")).clicked() {
            p.controls
                .write(Control::OpenRun(PathBuf::from(draft.run_path.trim())));
        }
    });
    ui.horizontal(|ui| {
        let mut seed = simulation.seed;
        ui.label(lang.t("controls.seed"));
        if ui.add(egui::DragValue::new(&mut seed)).changed() {
            p.controls.write(Control::SetSeed(seed));
        }
        if ui.button(lang.t("controls.new_seed")).clicked() {
            let fresh = derive_seed(simulation.seed, simulation.model.tick() ^ 0x5eed);
            p.controls.write(Control::SetSeed(fresh % 1_000_000));
        }
    });
    if simulation.reset_needed() {
        ui.colored_label(
            egui::Color32::from_rgb(255, 209, 102),
            lang.t("controls.reset_needed"),
        );
    }
    ui.separator();

    // --- Parameters ---
    let mut params = simulation.params.clone();
    let mut changed = false;
    egui::CollapsingHeader::new(lang.t("controls.rules"))
        .id_salt("rules")
        .default_open(true)
        .show(ui, |ui| changed |= rule_sliders(ui, &mut params, &lang));
    egui::CollapsingHeader::new(lang.t("controls.population"))
        .id_salt("population")
        .default_open(false)
        .show(ui, |ui| {
            changed |= population_sliders(ui, &mut params, &lang)
        });
    if changed {
        p.controls.write(Control::SetParams(Box::new(params)));
    }
    ui.separator();

    // --- Events ---
    ui.strong(lang.t("controls.events"));
    let communities = simulation
        .params
        .communities
        .min(simulation.model.params().communities) as u8;
    // The pair chosen may belong to a world loaded before: keep it within this one.
    draft.crisis_between.0 = draft.crisis_between.0.min(communities.saturating_sub(1));
    draft.crisis_between.1 = draft.crisis_between.1.min(communities.saturating_sub(1));
    if communities >= 2 {
        ui.horizontal(|ui| {
            ui.label(lang.t("controls.crisis_between"));
            let names = simulation.names(&lang);
            community_picker(
                ui,
                "crisis a",
                &mut draft.crisis_between.0,
                communities,
                &names,
            );
            ui.label(lang.t("controls.and"));
            community_picker(
                ui,
                "crisis b",
                &mut draft.crisis_between.1,
                communities,
                &names,
            );
        });
        ui.add(
            egui::Slider::new(&mut draft.crisis_duration, 10..=1000)
                .text(lang.t("controls.crisis_ticks")),
        );
        ui.add(
            egui::Slider::new(&mut draft.crisis_prejudice, 0.0..=1.0)
                .text(lang.t("controls.crisis_prejudice")),
        );
        ui.add(
            egui::Slider::new(&mut draft.crisis_strain, 0.0..=0.02)
                .text(lang.t("controls.crisis_strain")),
        )
        .on_hover_text(lang.t("controls.crisis_strain_tip"));
        let valid = draft.crisis_between.0 != draft.crisis_between.1;
        if ui
            .add_enabled(valid, egui::Button::new(lang.t("controls.start_crisis")))
            .clicked()
        {
            p.controls.write(Control::StartCrisis {
                between: draft.crisis_between,
                duration: draft.crisis_duration,
                prejudice: draft.crisis_prejudice,
                strain: draft.crisis_strain,
            });
        }
    }
    if ui.button(lang.t("controls.public_event")).clicked() {
        p.controls.write(Control::PublicEventNow);
    }
    ui.separator();

    // --- View ---
    ui.strong(lang.t("controls.view"));
    ui.horizontal(|ui| {
        let before = p.settings.mode;
        ui.selectable_value(&mut p.settings.mode, ViewMode::Map, lang.t("controls.map"));
        ui.selectable_value(
            &mut p.settings.mode,
            ViewMode::Network,
            lang.t("controls.network"),
        )
        .on_hover_text("N");
        if p.settings.mode != before {
            p.fit.0 = 2;
        }
    });
    egui::ComboBox::from_label(lang.t("controls.colour_by"))
        .selected_text(p.settings.colour_by.label(&lang))
        .show_ui(ui, |ui| {
            for by in ColourBy::ALL {
                ui.selectable_value(&mut p.settings.colour_by, by, by.label(&lang));
            }
        });
    ui.add(
        egui::Slider::new(&mut p.settings.ui_scale, 0.75..=2.5).text(lang.t("controls.panel_size")),
    );
    ui.horizontal(|ui| {
        if ui.button(lang.t("controls.fit")).clicked() {
            p.fit.0 = 2;
        }
        if ui.button(lang.t("controls.hide")).clicked() {
            p.settings.show_panels = false;
        }
    });
    ui.horizontal(|ui| {
        ui.selectable_value(
            &mut p.settings.theme,
            Theme::Dark,
            lang.t("controls.theme_dark"),
        );
        ui.selectable_value(
            &mut p.settings.theme,
            Theme::Projector,
            lang.t("controls.theme_projector"),
        )
        .on_hover_text(lang.t("controls.theme_hint"));
    });
    ui.label(egui::RichText::new(lang.t("controls.hints")).small());
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button(lang.t("controls.screenshot")).clicked() {
            p.screenshots.write(ScreenshotNow);
        }
        if ui.button(lang.t("controls.metrics")).clicked() {
            p.exports.write(ExportMetrics);
        }
        if ui.button(lang.t("controls.about")).clicked() {
            p.settings.show_about = true;
        }
    });
    // The network for Gephi, NetworkX or R (README, "Into Gephi, NetworkX and R").
    ui.horizontal(|ui| {
        ui.label(lang.t("controls.network_export"));
        egui::ComboBox::from_id_salt("network stage")
            .width(110.0)
            .selected_text(lang.t(stage_choice(draft.network_stage)))
            .show_ui(ui, |ui| {
                for stage in [Stage::Acquaintance, Stage::Friend, Stage::Kin] {
                    ui.selectable_value(
                        &mut draft.network_stage,
                        stage,
                        lang.t(stage_choice(stage)),
                    );
                }
            });
    });
    ui.horizontal(|ui| {
        for (label, format, tip) in [
            ("GraphML", NetworkFormat::GraphMl, "controls.graphml_tip"),
            ("GEXF", NetworkFormat::Gexf, "controls.gexf_tip"),
            (
                lang.t("controls.edge_list"),
                NetworkFormat::EdgeList,
                "controls.edge_list_tip",
            ),
        ] {
            if ui.button(label).on_hover_text(lang.t(tip)).clicked() {
                p.network_exports.write(ExportNetwork {
                    format,
                    closest_at_least: draft.network_stage,
                });
            }
        }
    });
}

/// The speed in ticks a second, on a slider (disabled while "as fast as it goes"); the speed
/// it shows.
pub(super) fn speed_slider(ui: &mut egui::Ui, p: &mut Panels, enabled: bool) -> u32 {
    let mut tps = match *p.speed {
        Speed::TicksPerSecond(t) => t,
        Speed::Unlimited => *SPEED_RANGE.end(),
    };
    ui.add_enabled_ui(enabled, |ui| {
        if ui
            .add(
                egui::Slider::new(&mut tps, SPEED_RANGE)
                    .logarithmic(true)
                    .text(p.language.0.t("controls.ticks_per_second")),
            )
            .changed()
        {
            p.controls
                .write(Control::SetSpeed(Speed::TicksPerSecond(tps)));
        }
    });
    tps
}

/// The lessons: choosing one starts lesson mode.
fn lessons_chooser(ui: &mut egui::Ui, p: &mut Panels, lang: &Lang) {
    // A lesson's own texts in the interface language where the lesson has it (en or id).
    let texts = crate::app::lesson::lesson_lang(lang);
    egui::ComboBox::from_label(lang.t("lesson.lessons"))
        .selected_text("…")
        .show_ui(ui, |ui| {
            for name in crate::lessons::lesson_names() {
                let Ok(lesson) = crate::lessons::Lesson::shipped(name) else {
                    continue;
                };
                if ui
                    .selectable_label(false, lesson.title.get(texts))
                    .on_hover_text(lesson.introduction.get(texts))
                    .clicked()
                {
                    p.lessons
                        .write(crate::app::lesson::LessonControl::Open(Box::new(lesson)));
                }
            }
        })
        .response
        .on_hover_text(lang.t("lesson.lessons_hint"));
}

/// Compare: pick what world B changes, start it beside A from the start or from now, end it.
fn compare_section(ui: &mut egui::Ui, p: &mut Panels, draft: &mut Draft, lang: &Lang) {
    ui.strong(lang.t("compare.heading"))
        .on_hover_text(lang.t("compare.hint"));
    if let Some(b) = p.compare.0.as_ref() {
        ui.label(egui::RichText::new(b.label(lang)).strong());
        if ui.button(lang.t("compare.end")).clicked() {
            p.controls.write(Control::EndCompare);
        }
        return;
    }
    egui::ComboBox::from_id_salt("compare change")
        .width(270.0)
        .selected_text(strings::change_in_words(lang, &draft.compare_change))
        .show_ui(ui, |ui| {
            ui.label(egui::RichText::new(lang.t("compare.preset")).small());
            for (name, words) in strings::PRESET_CHANGES {
                let change = Change::Preset((*name).to_string());
                ui.selectable_value(
                    &mut draft.compare_change,
                    change,
                    lang.f(
                        "compare.preset_choice",
                        &[("name", name), ("words", lang.t(words))],
                    ),
                );
            }
            ui.separator();
            ui.label(egui::RichText::new(lang.t("compare.rule")).small());
            for (assignment, words) in strings::RULE_CHANGES {
                let change = Change::Set((*assignment).to_string());
                ui.selectable_value(&mut draft.compare_change, change, lang.t(words))
                    .on_hover_text(*assignment);
            }
        });
    ui.horizontal(|ui| {
        for (label, start) in [
            ("compare.start", Start::FromTheStart),
            ("compare.fork", Start::FromNow),
        ] {
            if ui.button(lang.t(label)).clicked() {
                p.controls.write(Control::Compare {
                    change: draft.compare_change.clone(),
                    start,
                });
            }
        }
    });
}

pub(super) fn community_picker(
    ui: &mut egui::Ui,
    id: &str,
    value: &mut u8,
    communities: u8,
    names: &Names,
) {
    egui::ComboBox::from_id_salt(id)
        .width(64.0)
        .selected_text(names.community(u32::from(*value)))
        .show_ui(ui, |ui| {
            for c in 0..communities {
                ui.selectable_value(value, c, names.community(u32::from(c)));
            }
        });
}

/// The key of the choice of ties a network export keeps, by its least close stage.
fn stage_choice(stage: Stage) -> &'static str {
    match stage {
        Stage::Acquaintance => "controls.every_tie",
        Stage::Friend => "controls.friends_and_kin",
        Stage::Kin => "controls.kin_only",
    }
}

/// "Language: English / Bahasa Indonesia": the interface language, changed at once. The
/// choices are the built-in languages and any teacher's tables found under `lang/`.
fn language_switch(ui: &mut egui::Ui, p: &mut Panels, draft: &mut Draft) {
    if draft.languages.is_empty() {
        draft.languages = i18n::available();
    }
    let current = p.language.0.clone();
    ui.horizontal(|ui| {
        ui.label(current.t("language.switch"));
        egui::ComboBox::from_id_salt("language")
            .selected_text(current.name())
            .show_ui(ui, |ui| {
                for lang in &draft.languages {
                    let chosen = lang.code() == current.code();
                    if ui.selectable_label(chosen, lang.name()).clicked() && !chosen {
                        p.language.0 = lang.clone();
                        p.status
                            .say(lang.f("status.language", &[("name", lang.name())]));
                    }
                }
            });
    });
}
