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
use crate::network::NetworkFormat;
use crate::scenario::{ModelSpec, PRESETS, Scenario};
use crate::sim::params::NanoParams;
use crate::sim::rng::derive_seed;
use crate::sim::ties::Stage;
use crate::view::palette::ColourBy;
use crate::view::theme::Theme;

pub(super) fn controls_panel(ui: &mut egui::Ui, p: &mut Panels, draft: &mut Draft) {
    let simulation = &p.simulation;
    ui.heading("nano-diplomacy");
    ui.label(egui::RichText::new(&simulation.scenario.name).strong());
    ui.label(egui::RichText::new(&simulation.scenario.description).small());
    ui.separator();

    // --- The run ---
    let playing = *p.playback.get() == Playback::Running;
    ui.horizontal(|ui| {
        let label = if playing { "⏸ Pause" } else { "▶ Play" };
        if ui.button(label).on_hover_text("Space").clicked() {
            p.controls.write(Control::TogglePlay);
        }
        if ui.button("Step").on_hover_text("S or →").clicked() {
            p.controls.write(Control::Step);
        }
        if ui.button("Reset").on_hover_text("R").clicked() {
            p.controls.write(Control::Reset);
        }
    });
    ui.label(format!("tick {}", simulation.model.tick()));
    let mut unlimited = *p.speed == Speed::Unlimited;
    let tps = speed_slider(ui, p, !unlimited);
    if ui.checkbox(&mut unlimited, "as fast as it goes").changed() {
        p.controls.write(Control::SetSpeed(if unlimited {
            Speed::Unlimited
        } else {
            Speed::TicksPerSecond(tps)
        }));
    }
    ui.separator();
    lessons_chooser(ui, p);
    compare_section(ui, p, draft);
    ui.separator();
    let simulation = &p.simulation;

    // --- Scenario ---
    ui.strong("Scenario");
    egui::ComboBox::from_label("preset")
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
                    .on_hover_text(&preset.description)
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
        if ui.button("Open").clicked() {
            p.controls
                .write(Control::OpenScenario(PathBuf::from(draft.open_path.trim())));
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut draft.save_path).desired_width(170.0));
        if ui
            .button("Save settings")
            .on_hover_text("the parameters and seed as now set, as a scenario file")
            .clicked()
        {
            p.controls
                .write(Control::SaveSettings(PathBuf::from(draft.save_path.trim())));
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut draft.run_path).desired_width(120.0));
        if ui
            .button("Save run")
            .on_hover_text("the whole state: it resumes exactly where it is now")
            .clicked()
        {
            p.controls
                .write(Control::SaveRun(PathBuf::from(draft.run_path.trim())));
        }
        if ui.button("Open run").clicked() {
            p.controls
                .write(Control::OpenRun(PathBuf::from(draft.run_path.trim())));
        }
    });
    ui.horizontal(|ui| {
        let mut seed = simulation.seed;
        ui.label("seed");
        if ui.add(egui::DragValue::new(&mut seed)).changed() {
            p.controls.write(Control::SetSeed(seed));
        }
        if ui.button("new seed").clicked() {
            let fresh = derive_seed(simulation.seed, simulation.model.tick() ^ 0x5eed);
            p.controls.write(Control::SetSeed(fresh % 1_000_000));
        }
    });
    if simulation.reset_needed() {
        ui.colored_label(
            egui::Color32::from_rgb(255, 209, 102),
            "population changed: reset to apply (R)",
        );
    }
    ui.separator();

    // --- Parameters ---
    let mut params = simulation.params.clone();
    let mut changed = false;
    egui::CollapsingHeader::new("Rules (take effect at once)")
        .default_open(true)
        .show(ui, |ui| changed |= rule_sliders(ui, &mut params));
    egui::CollapsingHeader::new("Population (reset to apply)")
        .default_open(false)
        .show(ui, |ui| changed |= population_sliders(ui, &mut params));
    if changed {
        p.controls.write(Control::SetParams(Box::new(params)));
    }
    ui.separator();

    // --- Events ---
    ui.strong("Events");
    let communities = simulation
        .params
        .communities
        .min(simulation.model.params().communities) as u8;
    // The pair chosen may belong to a world loaded before: keep it within this one.
    draft.crisis_between.0 = draft.crisis_between.0.min(communities.saturating_sub(1));
    draft.crisis_between.1 = draft.crisis_between.1.min(communities.saturating_sub(1));
    if communities >= 2 {
        ui.horizontal(|ui| {
            ui.label("crisis between");
            let names = simulation.model.params();
            community_picker(
                ui,
                "crisis a",
                &mut draft.crisis_between.0,
                communities,
                names,
            );
            ui.label("and");
            community_picker(
                ui,
                "crisis b",
                &mut draft.crisis_between.1,
                communities,
                names,
            );
        });
        ui.add(egui::Slider::new(&mut draft.crisis_duration, 10..=1000).text("ticks"));
        ui.add(egui::Slider::new(&mut draft.crisis_prejudice, 0.0..=1.0).text("prejudice"));
        ui.add(egui::Slider::new(&mut draft.crisis_strain, 0.0..=0.02).text("strain"))
            .on_hover_text("affinity each tie across the divide loses per tick, kin included");
        let valid = draft.crisis_between.0 != draft.crisis_between.1;
        if ui
            .add_enabled(valid, egui::Button::new("Start a crisis now"))
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
    if ui.button("Hold a public event now").clicked() {
        p.controls.write(Control::PublicEventNow);
    }
    ui.separator();

    // --- View ---
    ui.strong("View");
    ui.horizontal(|ui| {
        let before = p.settings.mode;
        ui.selectable_value(&mut p.settings.mode, ViewMode::Map, "Map (homes)");
        ui.selectable_value(&mut p.settings.mode, ViewMode::Network, "Kinship network")
            .on_hover_text("N");
        if p.settings.mode != before {
            p.fit.0 = 2;
        }
    });
    egui::ComboBox::from_label("colour by (C)")
        .selected_text(p.settings.colour_by.label())
        .show_ui(ui, |ui| {
            for by in ColourBy::ALL {
                ui.selectable_value(&mut p.settings.colour_by, by, by.label());
            }
        });
    ui.add(egui::Slider::new(&mut p.settings.ui_scale, 0.75..=2.5).text("panel size"));
    ui.horizontal(|ui| {
        if ui.button("Fit (F)").clicked() {
            p.fit.0 = 2;
        }
        if ui.button("Hide panels (H)").clicked() {
            p.settings.show_panels = false;
        }
    });
    ui.horizontal(|ui| {
        ui.selectable_value(&mut p.settings.theme, Theme::Dark, strings::THEME_DARK);
        ui.selectable_value(
            &mut p.settings.theme,
            Theme::Projector,
            strings::THEME_PROJECTOR,
        )
        .on_hover_text(strings::THEME_HINT);
    });
    ui.label(
        egui::RichText::new("F11 fullscreen · drag to pan · wheel to zoom · click a person")
            .small(),
    );
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("Screenshot (P)").clicked() {
            p.screenshots.write(ScreenshotNow);
        }
        if ui.button("Metrics CSV").clicked() {
            p.exports.write(ExportMetrics);
        }
        if ui.button("About").clicked() {
            p.settings.show_about = true;
        }
    });
    // The network for Gephi, NetworkX or R (README, "Into Gephi, NetworkX and R").
    ui.horizontal(|ui| {
        ui.label("Network");
        egui::ComboBox::from_id_salt("network stage")
            .width(110.0)
            .selected_text(stage_choice(draft.network_stage))
            .show_ui(ui, |ui| {
                for stage in [Stage::Acquaintance, Stage::Friend, Stage::Kin] {
                    ui.selectable_value(&mut draft.network_stage, stage, stage_choice(stage));
                }
            });
    });
    ui.horizontal(|ui| {
        for (label, format, tip) in [
            (
                "GraphML",
                NetworkFormat::GraphMl,
                "the network now, for Gephi, NetworkX, igraph",
            ),
            (
                "GEXF",
                NetworkFormat::Gexf,
                "every tie's stages over time, for Gephi's timeline",
            ),
            (
                "Edge list",
                NetworkFormat::EdgeList,
                "two CSV files: the ties, and the persons",
            ),
        ] {
            if ui.button(label).on_hover_text(tip).clicked() {
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
                    .text("ticks/s"),
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
fn lessons_chooser(ui: &mut egui::Ui, p: &mut Panels) {
    egui::ComboBox::from_label(strings::LESSONS)
        .selected_text("…")
        .show_ui(ui, |ui| {
            for name in crate::lessons::lesson_names() {
                let Ok(lesson) = crate::lessons::Lesson::shipped(name) else {
                    continue;
                };
                if ui
                    .selectable_label(false, &lesson.title.en)
                    .on_hover_text(&lesson.introduction.en)
                    .clicked()
                {
                    p.lessons
                        .write(crate::app::lesson::LessonControl::Open(Box::new(lesson)));
                }
            }
        })
        .response
        .on_hover_text(strings::LESSONS_HINT);
}

/// Compare: pick what world B changes, start it beside A from the start or from now, end it.
fn compare_section(ui: &mut egui::Ui, p: &mut Panels, draft: &mut Draft) {
    ui.strong(strings::COMPARE)
        .on_hover_text(strings::COMPARE_HINT);
    if let Some(b) = p.compare.0.as_ref() {
        ui.label(egui::RichText::new(b.label()).strong());
        if ui.button(strings::COMPARE_END).clicked() {
            p.controls.write(Control::EndCompare);
        }
        return;
    }
    egui::ComboBox::from_id_salt("compare change")
        .width(270.0)
        .selected_text(strings::change_in_words(&draft.compare_change))
        .show_ui(ui, |ui| {
            ui.label(egui::RichText::new(strings::COMPARE_PRESET).small());
            for (name, words) in strings::PRESET_CHANGES {
                let change = Change::Preset((*name).to_string());
                ui.selectable_value(
                    &mut draft.compare_change,
                    change,
                    format!("{name}: {words}"),
                );
            }
            ui.separator();
            ui.label(egui::RichText::new(strings::COMPARE_RULE).small());
            for (assignment, words) in strings::RULE_CHANGES {
                let change = Change::Set((*assignment).to_string());
                ui.selectable_value(&mut draft.compare_change, change, *words)
                    .on_hover_text(*assignment);
            }
        });
    ui.horizontal(|ui| {
        for (label, start) in [
            (strings::COMPARE_START, Start::FromTheStart),
            (strings::COMPARE_FORK, Start::FromNow),
        ] {
            if ui.button(label).clicked() {
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
    params: &NanoParams,
) {
    egui::ComboBox::from_id_salt(id)
        .width(64.0)
        .selected_text(params.community_name(u32::from(*value)))
        .show_ui(ui, |ui| {
            for c in 0..communities {
                ui.selectable_value(value, c, params.community_name(u32::from(c)));
            }
        });
}

/// The choice of ties a network export keeps, by its least close stage.
fn stage_choice(stage: Stage) -> &'static str {
    match stage {
        Stage::Acquaintance => "every tie",
        Stage::Friend => "friends and kin",
        Stage::Kin => "kin only",
    }
}
