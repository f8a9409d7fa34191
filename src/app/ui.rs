//! The panels: controls on the left; counters, legend, plots and the inspector on the right; a
//! banner during a crisis; an About window that tells what nano power diplomacy is.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Line, Plot, PlotPoints, uniform_grid_spacer};

use super::camera::FitRequest;
use super::export::{ExportMetrics, ScreenshotNow};
use super::simulation::{Control, Playback, SPEED_RANGE, Selection, Simulation, Speed};
use super::{PanelWidths, Status, ViewMode, ViewSettings};
use crate::files;
use crate::saved::SavedRun;
use crate::scenario::{ModelSpec, PRESETS, Scenario};
use crate::sim::params::{ExchangeRule, NanoParams};
use crate::sim::rng::derive_seed;
use crate::sim::ties::Stage;
use crate::view::axis;
use crate::view::palette::{self, ColourBy, Rgba};

/// Adds the panels.
pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw_panels);
}

/// What the panels read and change.
#[derive(SystemParam)]
struct Panels<'w> {
    simulation: Res<'w, Simulation>,
    settings: ResMut<'w, ViewSettings>,
    speed: Res<'w, Speed>,
    playback: Res<'w, State<Playback>>,
    selection: Res<'w, Selection>,
    widths: ResMut<'w, PanelWidths>,
    status: ResMut<'w, Status>,
    fit: ResMut<'w, FitRequest>,
    controls: MessageWriter<'w, Control>,
    screenshots: MessageWriter<'w, ScreenshotNow>,
    exports: MessageWriter<'w, ExportMetrics>,
}

/// Text fields and choices that live only in the panels.
struct Draft {
    open_path: String,
    save_path: String,
    run_path: String,
    crisis_between: (u8, u8),
    crisis_duration: u64,
    crisis_prejudice: f64,
    crisis_strain: f64,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            open_path: String::new(),
            save_path: "my-scenario.ron".to_string(),
            run_path: "my-run.run".to_string(),
            crisis_between: (0, 1),
            // As in the crisis preset.
            crisis_duration: 200,
            crisis_prejudice: 0.8,
            crisis_strain: 0.002,
        }
    }
}

fn colour32(c: Rgba) -> egui::Color32 {
    let u = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
    egui::Color32::from_rgba_unmultiplied(u(c[0]), u(c[1]), u(c[2]), u(c[3]))
}

fn draw_panels(mut contexts: EguiContexts, panels: Panels, mut draft: Local<Draft>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut p = panels;
    ctx.set_zoom_factor(p.settings.ui_scale);
    let zoom = ctx.zoom_factor();

    // Panels need a parent Ui in egui 0.36: one over the whole window, in the background.
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let mut widths = PanelWidths::default();
    if p.settings.show_panels {
        let left = egui::Panel::left("controls")
            .resizable(false)
            .exact_size(300.0)
            .show(&mut root, |ui| {
                // The bar always shows, so that a class at a projector sees there is more below.
                egui::ScrollArea::vertical()
                    .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                    .show(ui, |ui| controls_panel(ui, &mut p, &mut draft));
            });
        widths.left = left.response.rect.width() * zoom;
        let right = egui::Panel::right("observe")
            .resizable(false)
            .exact_size(340.0)
            .show(&mut root, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| observe_panel(ui, &p));
            });
        widths.right = right.response.rect.width() * zoom;
    }
    if *p.widths != widths {
        *p.widths = widths;
        p.fit.0 = p.fit.0.max(2);
    }

    crisis_banner(ctx, &p.simulation);
    status_line(ctx, &p.status);
    if p.settings.show_about {
        let mut open = true;
        egui::Window::new("About nano power diplomacy")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, about);
        p.settings.show_about = open;
    }
    Ok(())
}

fn controls_panel(ui: &mut egui::Ui, p: &mut Panels, draft: &mut Draft) {
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
    let mut tps = match *p.speed {
        Speed::TicksPerSecond(t) => t,
        Speed::Unlimited => *SPEED_RANGE.end(),
    };
    ui.add_enabled_ui(!unlimited, |ui| {
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
    if ui.checkbox(&mut unlimited, "as fast as it goes").changed() {
        p.controls.write(Control::SetSpeed(if unlimited {
            Speed::Unlimited
        } else {
            Speed::TicksPerSecond(tps)
        }));
    }
    ui.separator();

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
            match Scenario::load(draft.open_path.trim()) {
                Ok(scenario) if scenario.nano().is_some() => {
                    p.status.say(format!("opened {}", draft.open_path.trim()));
                    p.controls.write(Control::Load(Box::new(scenario)));
                }
                Ok(_) => p.status.say(
                    "Axelrod's model runs on the command line: nano-diplomacy run --scenario FILE",
                ),
                Err(e) => p.status.say(e.to_string()),
            }
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut draft.save_path).desired_width(170.0));
        if ui
            .button("Save settings")
            .on_hover_text("the parameters and seed as now set, as a scenario file")
            .clicked()
        {
            let mut scenario = simulation.scenario.clone();
            scenario.model = ModelSpec::Nano(simulation.params.clone());
            scenario.seed = simulation.seed;
            let path = std::path::PathBuf::from(draft.save_path.trim());
            match files::write_atomically(&path, scenario.to_ron().as_bytes()) {
                Ok(()) => p
                    .status
                    .say(format!("settings saved to {}", path.display())),
                Err(e) => p
                    .status
                    .say(format!("could not save {}: {e}", path.display())),
            }
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut draft.run_path).desired_width(120.0));
        if ui
            .button("Save run")
            .on_hover_text("the whole state: it resumes exactly where it is now")
            .clicked()
        {
            let path = std::path::PathBuf::from(draft.run_path.trim());
            match simulation.to_saved().save(&path) {
                Ok(()) => p.status.say(format!(
                    "run saved at tick {} to {}",
                    simulation.model.tick(),
                    path.display()
                )),
                Err(e) => p.status.say(e.to_string()),
            }
        }
        if ui.button("Open run").clicked() {
            match SavedRun::load(std::path::Path::new(draft.run_path.trim())) {
                Ok(saved) => {
                    p.status.say(format!("resumed {}", draft.run_path.trim()));
                    p.controls.write(Control::Resume(Box::new(saved)));
                }
                Err(e) => p.status.say(e.to_string()),
            }
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
}

fn community_picker(
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

/// A slider that never changes a value it did not edit: a scenario may hold values beyond the
/// slider's range (still valid), and drawing the slider must not clamp them.
fn slider<'a, N: egui::emath::Numeric>(
    value: &'a mut N,
    range: std::ops::RangeInclusive<N>,
) -> egui::Slider<'a> {
    egui::Slider::new(value, range).clamping(egui::SliderClamping::Edits)
}

fn share(ui: &mut egui::Ui, value: &mut f64, label: &str, tip: &str) -> bool {
    ui.add(slider(value, 0.0..=1.0).text(label))
        .on_hover_text(tip)
        .changed()
}

fn rule_sliders(ui: &mut egui::Ui, p: &mut NanoParams) -> bool {
    let mut changed = false;
    changed |= share(
        ui,
        &mut p.contact_rate,
        "contact rate",
        "probability that a person starts a contact in a tick",
    );
    changed |= share(
        ui,
        &mut p.p_known,
        "meet the known",
        "probability that the partner is someone already tied",
    );
    changed |= share(
        ui,
        &mut p.p_travel,
        "travel",
        "otherwise, probability that the partner is anyone in the world",
    );
    changed |= share(
        ui,
        &mut p.p_nonverbal,
        "non-verbal success",
        "probability that a contact without a common language succeeds",
    );
    changed |= share(
        ui,
        &mut p.eta,
        "trust gained",
        "affinity gained on success, as a share of what is missing to 1",
    );
    changed |= share(
        ui,
        &mut p.p_exposed,
        "exposure",
        "probability that a hidden agenda is exposed in a contact",
    );
    changed |= share(
        ui,
        &mut p.language_learning,
        "language learning",
        "fluency gained per non-verbal contact",
    );
    changed |= share(
        ui,
        &mut p.openness_gain,
        "contact hypothesis",
        "openness gained by a success across communities",
    );
    changed |= share(
        ui,
        &mut p.familiarity_weight,
        "familiarity",
        "how much knowing each other's symbols lowers the barrier between communities",
    );
    changed |= ui
        .add(slider(&mut p.symbol_forgetting, 0.0..=0.2).text("forgetting"))
        .on_hover_text("probability of forgetting each foreign symbol per tick")
        .changed();
    changed |= ui
        .add(slider(&mut p.weight_appearance, 0.0..=3.0).text("appearance weight"))
        .on_hover_text("weight of a difference in appearance in the barrier")
        .changed();
    changed |= ui
        .add(slider(&mut p.decay, 0.0..=0.05).text("decay"))
        .on_hover_text("affinity an untouched tie loses per tick")
        .changed();
    changed |= ui
        .add(slider(&mut p.public_rate, 0.0..=5.0).text("public events/tick"))
        .changed();
    ui.horizontal(|ui| {
        changed |= ui
            .radio_value(&mut p.exchange, ExchangeRule::Sharing, "sharing")
            .on_hover_text("symbols are given; nobody loses a custom")
            .changed();
        changed |= ui
            .radio_value(&mut p.exchange, ExchangeRule::Assimilation, "assimilation")
            .on_hover_text("Axelrod's rule: the partner gives up a custom for the initiator's")
            .changed();
    });
    changed
}

fn population_sliders(ui: &mut egui::Ui, p: &mut NanoParams) -> bool {
    let mut changed = false;
    changed |= ui
        .add(
            slider(&mut p.persons, 10..=20_000)
                .logarithmic(true)
                .text("persons"),
        )
        .changed();
    changed |= ui
        .add(slider(&mut p.communities, 1..=12).text("communities"))
        .changed();
    changed |= ui
        .add(slider(&mut p.languages, 1..=8).text("languages"))
        .changed();
    changed |= share(
        ui,
        &mut p.bilingual_share,
        "bilingual",
        "share of persons who speak a second language",
    );
    changed |= share(
        ui,
        &mut p.transparency,
        "transparency",
        "share of persons without a hidden agenda",
    );
    changed |= share(
        ui,
        &mut p.mixing,
        "mixed homes",
        "0: each community in its own quarter; 1: anywhere",
    );
    changed |= share(
        ui,
        &mut p.openness_mean,
        "openness",
        "mean openness to strangers",
    );
    changed |= share(
        ui,
        &mut p.appearance_spread,
        "appearance spread",
        "how widely appearance varies around each community's centre",
    );
    if changed {
        // Keep the parameters valid: the world holds at most 256 symbols. (A planned crisis
        // between communities that a new world lacks simply does not happen.)
        p.symbols_per_community = p.symbols_per_community.min(256 / p.communities);
        // Names for as many communities as there are, or none.
        if !p.community_names.is_empty() {
            let names = (0..p.communities).map(|c| p.community_name(c)).collect();
            p.community_names = names;
        }
    }
    changed
}

fn observe_panel(ui: &mut egui::Ui, p: &Panels) {
    let simulation = &p.simulation;
    let m = simulation.history.last();
    ui.heading("What is happening");
    egui::Grid::new("counters").num_columns(2).show(ui, |ui| {
        let mut row = |name: &str, value: String| {
            ui.label(name);
            ui.label(egui::RichText::new(value).strong());
            ui.end_row();
        };
        row("tick", simulation.model.tick().to_string());
        row("persons", simulation.model.population().len().to_string());
        if let Some(m) = m {
            row("ties", m.ties.to_string());
            row("friends (and kin)", m.friends.to_string());
            row("kin", m.kin.to_string());
            row(
                "kin across communities",
                format!(
                    "{} ({:.0}%)",
                    m.kin_cross_community,
                    100.0 * m.kin_cross_share
                ),
            );
            row("agendas exposed", m.agendas_exposed.to_string());
        }
    });
    ui.separator();
    legend(ui, p);
    ui.separator();
    plots(ui, simulation);
    ui.separator();
    inspector(ui, simulation, p.selection.0);
}

fn swatch(ui: &mut egui::Ui, colour: Rgba, label: &str) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter()
            .circle_filled(rect.center(), 6.0, colour32(colour));
        ui.label(label);
    });
}

/// A line's name after a short stroke of its colour and width (faint colours made visible), as
/// one piece: a wrapped row moves it whole to the next line when it does not fit.
fn line_swatch(ui: &mut egui::Ui, colour: Rgba, width: f32, label: &str) {
    let text_colour = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = ui
        .painter()
        .layout_no_wrap(label.to_string(), font, text_colour);
    let (stroke, gap) = (28.0, ui.spacing().item_spacing.x);
    // As tall as a row of widgets, as the legend's rows were.
    let height = galley.size().y.max(ui.spacing().interact_size.y);
    let size = egui::vec2(stroke + gap + galley.size().x, height);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let y = rect.center().y;
    let opaque = [colour[0], colour[1], colour[2], colour[3].max(0.35)];
    ui.painter().line_segment(
        [
            egui::pos2(rect.left(), y),
            egui::pos2(rect.left() + stroke, y),
        ],
        egui::Stroke::new(width, colour32(opaque)),
    );
    ui.painter().galley(
        egui::pos2(rect.left() + stroke + gap, y - galley.size().y / 2.0),
        galley,
        text_colour,
    );
}

fn legend(ui: &mut egui::Ui, p: &Panels) {
    ui.strong(format!(
        "Persons: colour is {}",
        p.settings.colour_by.label()
    ));
    ui.horizontal_wrapped(|ui| {
        for (label, colour) in palette::legend(&p.simulation.model, p.settings.colour_by) {
            swatch(ui, colour, &label);
        }
    });
    ui.strong("Ties");
    line_swatch(
        ui,
        palette::tie_colour(Stage::Acquaintance, false, false),
        1.0,
        "acquaintance",
    );
    line_swatch(
        ui,
        palette::tie_colour(Stage::Friend, false, false),
        2.0,
        "friend",
    );
    line_swatch(
        ui,
        palette::tie_colour(Stage::Kin, false, false),
        3.5,
        "kin",
    );
    line_swatch(
        ui,
        palette::tie_colour(Stage::Kin, true, false),
        3.5,
        "kin across communities",
    );
    line_swatch(ui, palette::CRISIS, 3.0, "between communities in crisis");
    ui.label(egui::RichText::new("A glow: new kinship. A spreading ring: a public event.").small());
}

fn plots(ui: &mut egui::Ui, simulation: &Simulation) {
    // At most about 1,000 points a line: a long class run must not slow every frame.
    let stride = (simulation.history.len() / 1000).max(1);
    let series = |f: &dyn Fn(&crate::sim::Metrics) -> f64| -> PlotPoints {
        simulation
            .history
            .iter()
            .step_by(stride)
            .chain(simulation.history.last())
            .map(|m| [m.tick as f64, f(m)])
            .collect()
    };
    // The x axis spans at least ten ticks: with a single point (tick 0) the automatic bounds
    // would be a sliver around 0, and the axis would show "0" alone.
    let last_tick = simulation.history.last().map_or(0, |m| m.tick) as f64;
    let plot = |id: &str, title: &str| {
        Plot::new(id.to_string())
            .height(115.0)
            .include_x(0.0)
            .include_x(last_tick.max(10.0))
            // Grid lines at 1, 2 or 5 times a power of ten, so that each axis is labelled
            // whatever its range (src/view/axis.rs); egui_plot asks for marks at least 8
            // points apart and labels them fully from 80 points apart on x, from 30 on y (25
            // is light but legible, and fits two labels on these short plots).
            .x_grid_spacer(uniform_grid_spacer(|input| {
                axis::grid_steps(input.base_step_size / 8.0, 8.0, 80.0)
            }))
            .y_grid_spacer(uniform_grid_spacer(|input| {
                axis::grid_steps(input.base_step_size / 8.0, 8.0, 25.0)
            }))
            .x_axis_formatter(|mark, _| axis::mark_label(mark.value, mark.step_size))
            .y_axis_formatter(|mark, _| axis::mark_label(mark.value, mark.step_size))
            .allow_scroll(false)
            .allow_zoom(false)
            .allow_drag(false)
            .include_y(0.0)
            .x_axis_label(title.to_string())
    };
    // Each plot's lines are named in a row above it, not in a legend inside it, which would
    // cover the newest values (the right end) of rising curves.
    type Measure<'a> = (
        &'a str,
        palette::Rgba,
        &'a dyn Fn(&crate::sim::Metrics) -> f64,
    );
    let show = |ui: &mut egui::Ui, id: &str, top: f64, lines: &[Measure]| {
        ui.horizontal_wrapped(|ui| {
            for &(label, colour, _) in lines {
                line_swatch(ui, colour, 2.5, label);
            }
        });
        plot(id, "tick").include_y(top).show(ui, |plot| {
            for &(label, colour, measure) in lines {
                plot.line(Line::new(label, series(measure)).color(colour32(colour)));
            }
        });
    };
    ui.strong("Over time");
    show(
        ui,
        "kin",
        0.0,
        &[
            ("kin ties", palette::PLOT_NEUTRAL, &|m| m.kin as f64),
            ("kin across communities", palette::KIN_ACROSS, &|m| {
                m.kin_cross_community as f64
            }),
        ],
    );
    show(
        ui,
        "shares",
        1.0,
        &[
            ("cross-community share of kin", palette::KIN_ACROSS, &|m| {
                m.kin_cross_share
            }),
            ("mean affinity", palette::PLOT_AFFINITY, &|m| {
                m.mean_affinity
            }),
            ("common language", palette::PLOT_LANGUAGE, &|m| {
                m.common_language_share
            }),
        ],
    );
    show(
        ui,
        "cultures",
        0.0,
        &[("distinct cultures", palette::PLOT_NEUTRAL, &|m| {
            m.distinct_cultures as f64
        })],
    );
}

fn inspector(ui: &mut egui::Ui, simulation: &Simulation, selected: Option<u32>) {
    ui.strong("Inspector");
    let Some(person) = selected else {
        ui.label("Click a person to see who they are and whom they know.");
        return;
    };
    let population = simulation.model.population();
    let Some(who) = population.persons.get(person as usize) else {
        return;
    };
    egui::Grid::new("person").num_columns(2).show(ui, |ui| {
        let mut row = |name: &str, value: String| {
            ui.label(name);
            ui.label(value);
            ui.end_row();
        };
        row("person", person.to_string());
        let params = simulation.model.params();
        row("community", params.community_name(u32::from(who.community)));
        row("household", format!("household {}", who.household));
        row("belief", format!("belief {}", who.belief));
        row("mother tongue", format!("language {}", who.mother_tongue));
        row("socio-economic level", format!("{:.2}", who.ses));
        row("appearance", format!("{:.2}", who.appearance));
        row("openness", format!("{:.2}", who.openness));
        row(
            "hidden agenda",
            if who.hidden_agenda { "yes" } else { "no" }.to_string(),
        );
        row("customs", format!("{:?}", population.customs(person)));
    });
    ui.label("Languages (fluency; spoken from the threshold)");
    for (language, &fluency) in population.fluency(person).iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("language {language}"));
            ui.add(
                egui::ProgressBar::new(fluency as f32)
                    .desired_width(180.0)
                    .text(format!("{fluency:.2}")),
            );
        });
    }
    let params = simulation.model.params();
    for c in (0..params.communities as u8).filter(|&c| c != who.community) {
        let familiarity = population.familiarity(person, c);
        ui.horizontal(|ui| {
            ui.label(format!(
                "familiar with {}",
                params.community_name(u32::from(c))
            ));
            ui.add(
                egui::ProgressBar::new(familiarity as f32)
                    .desired_width(120.0)
                    .text(format!("{familiarity:.2}")),
            );
        });
    }
    let known = population.symbols_known(person);
    ui.label(format!("Knows {} symbols", known.len()));
    ui.label(
        egui::RichText::new(
            known
                .iter()
                .map(|&s| {
                    format!(
                        "{} (from {})",
                        population.symbols[s].name,
                        params.community_name(u32::from(population.symbols[s].origin))
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        )
        .small(),
    );
    let ties = simulation.model.ties();
    let mut list: Vec<(u32, f64, Stage)> = ties
        .of(person)
        .iter()
        .map(|&(partner, id)| {
            let tie = ties.get(id);
            (partner, tie.affinity, tie.stage)
        })
        .collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1));
    ui.label(format!("{} ties (closest first)", list.len()));
    for (partner, affinity, stage) in list.iter().take(12) {
        let community =
            params.community_name(u32::from(population.persons[*partner as usize].community));
        ui.label(format!(
            "{} · person {partner} ({community}) · {affinity:.2}",
            stage.name()
        ));
    }
}

fn crisis_banner(ctx: &egui::Context, simulation: &Simulation) {
    let Some(crisis) = simulation.model.crisis() else {
        return;
    };
    let left = crisis.until.saturating_sub(simulation.model.tick());
    egui::Area::new("crisis".into())
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 8.0))
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(egui::Color32::from_rgb(150, 20, 20))
                .inner_margin(10.0)
                .corner_radius(6.0)
                .show(ui, |ui| {
                    ui.label(
                        egui::RichText::new(format!(
                            "Crisis: the states of {} and {} quarrel; prejudice between their \
                             people is raised ({left} ticks left)",
                            simulation
                                .model
                                .params()
                                .community_name(u32::from(crisis.between.0)),
                            simulation
                                .model
                                .params()
                                .community_name(u32::from(crisis.between.1)),
                        ))
                        .color(egui::Color32::WHITE)
                        .size(18.0),
                    );
                });
        });
}

fn status_line(ctx: &egui::Context, status: &Status) {
    let Some(at) = status.shown_at else {
        return;
    };
    if at.elapsed().as_secs_f32() > 6.0 {
        return;
    }
    egui::Area::new("status".into())
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -10.0))
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(egui::Color32::from_black_alpha(200))
                .inner_margin(8.0)
                .corner_radius(4.0)
                .show(ui, |ui| ui.label(&status.text));
        });
}

fn about(ui: &mut egui::Ui) {
    ui.label(
        "Nano power diplomacy (A. Purwasito, \"Nano Power Diplomacy Out of the Mainstream\") is \
         diplomacy done person to person, by individuals and small groups rather than states. \
         Nobody bargains and nobody negotiates. People of different ethnicity, customs, language, \
         socio-economic level and belief share symbols (a greeting, a song, a dish), in words and \
         without them, openly, until they live in kinship.",
    );
    ui.add_space(6.0);
    ui.strong("What each rule stands for");
    for (rule, meaning) in [
        (
            "Persons in households",
            "nano actors: individuals and small groups, with no power over anyone; household members start as kin.",
        ),
        (
            "A contact",
            "a meeting of two persons, with someone they know, someone nearby, or a traveller.",
        ),
        (
            "Willingness",
            "differences of community, appearance, belief, wealth and language make a meeting less likely; openness reaches across them; shared customs draw people together.",
        ),
        (
            "Familiarity",
            "sharing symbols makes people familiar with each other's culture, and knowing another community's symbols lowers the barrier to its people.",
        ),
        (
            "Forgetting",
            "symbols of other communities fade unless contact renews them: kinship is lived, not acquired once.",
        ),
        (
            "A gift of a symbol",
            "no bargaining: one person offers a symbol, the other may take it up; nothing is traded.",
        ),
        (
            "Verbal or not",
            "with a common language anything can pass; without one only food, music, gesture and dress, and less often; meeting teaches language.",
        ),
        (
            "Trust",
            "success raises affinity; ties grow from acquaintance to friend to kin (white), and kin across communities shine gold.",
        ),
        (
            "Hidden agendas",
            "the paper's openness: an exposed hidden agenda breaks trust and makes people warier.",
        ),
        (
            "Public events",
            "public communication: a speaker shares a symbol with those who live near, and they grow familiar with its culture.",
        ),
        (
            "A crisis",
            "out of the mainstream: the states of two communities quarrel, prejudice rises and every tie across the divide is strained, less where people know each other's culture; do person-to-person ties hold?",
        ),
        (
            "Sharing or assimilation",
            "sharing adds and nobody loses a custom; Axelrod's assimilation makes people give customs up.",
        ),
    ] {
        ui.horizontal_wrapped(|ui| {
            ui.strong(rule);
            ui.label(meaning);
        });
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Every rule is stated exactly in docs/model.md. Validation: R. Axelrod, \"The Dissemination of Culture\", J. Conflict Resolution 41(2), 1997.").small());
}
