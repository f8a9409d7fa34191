//! What shows over the world: the labels of the two halves when comparing, the banner during
//! a crisis and the status line (a file saved, a file that would not open).

use bevy_egui::egui;

use crate::app::Status;
use crate::app::camera::{HoveredMark, WorldAreas};
use crate::app::compare::Compare;
use crate::app::simulation::Simulation;
use crate::app::strings;
use crate::i18n::Lang;
use crate::view::palette;

use super::colour32;

/// Each half's label at its top left, large enough to read from the back of a room, and a
/// line between the halves.
pub(super) fn compare_labels(
    ctx: &egui::Context,
    simulation: &Simulation,
    compare: &Compare,
    areas: &WorldAreas,
    lang: &Lang,
) {
    let (Some(b), Some(area_b)) = (compare.0.as_ref(), areas.b) else {
        return;
    };
    let zoom = ctx.zoom_factor();
    let to_egui = |x: f32, y: f32| egui::pos2(x / zoom, y / zoom);
    let a = areas.a;
    ctx.layer_painter(egui::LayerId::background()).line_segment(
        [
            to_egui((a.max.x + area_b.min.x) / 2.0, a.min.y),
            to_egui((a.max.x + area_b.min.x) / 2.0, a.max.y),
        ],
        egui::Stroke::new(2.0, egui::Color32::from_gray(150)),
    );
    for (id, area, text, world) in [
        (
            "label a",
            a,
            strings::a_label(lang, &simulation.scenario.name),
            simulation,
        ),
        ("label b", area_b, b.label(lang), &b.world),
    ] {
        let at = area.min;
        // The measure the contrast is about, under each label: kin across communities.
        let measured = world
            .rows()
            .last()
            .map(|m| strings::kin_across_now(lang, m.kin_cross_community, m.kin_cross_share));
        egui::Area::new(id.into())
            .fixed_pos(to_egui(at.x + 8.0, at.y + 8.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::new()
                    .fill(egui::Color32::from_rgb(28, 28, 32))
                    .inner_margin(8.0)
                    .corner_radius(4.0)
                    .show(ui, |ui| {
                        // Wrapped within its half, never over the other half or a panel.
                        ui.set_max_width((area.width() / zoom - 40.0).max(80.0));
                        ui.label(
                            egui::RichText::new(text)
                                .color(egui::Color32::WHITE)
                                .size(22.0),
                        );
                        if let Some(measured) = measured {
                            ui.label(
                                egui::RichText::new(measured)
                                    .color(colour32(palette::KIN_ACROSS))
                                    .size(18.0),
                            );
                        }
                    });
            });
    }
}

pub(super) fn crisis_banner(ctx: &egui::Context, simulation: &Simulation, lang: &Lang) {
    let Some(crisis) = simulation.model.crisis() else {
        return;
    };
    let left = crisis.until.saturating_sub(simulation.model.tick());
    let names = simulation.names(lang);
    let text = lang.f(
        "crisis.banner",
        &[
            ("a", &names.community(u32::from(crisis.between.0))),
            ("b", &names.community(u32::from(crisis.between.1))),
            ("left", &left.to_string()),
        ],
    );
    egui::Area::new("crisis".into())
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 8.0))
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(egui::Color32::from_rgb(150, 20, 20))
                .inner_margin(10.0)
                .corner_radius(6.0)
                .show(ui, |ui| {
                    ui.label(
                        egui::RichText::new(text)
                            .color(egui::Color32::WHITE)
                            .size(18.0),
                    );
                });
        });
}

pub(super) fn status_line(ctx: &egui::Context, status: &Status) {
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

/// The name of the symbol mark under the pointer, beside the pointer.
pub(super) fn mark_name(ctx: &egui::Context, hovered: &HoveredMark) {
    let (Some(name), Some(pointer)) = (&hovered.0, ctx.pointer_hover_pos()) else {
        return;
    };
    egui::Area::new("mark name".into())
        .fixed_pos(pointer + egui::vec2(14.0, 10.0))
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(egui::Color32::from_black_alpha(220))
                .inner_margin(6.0)
                .corner_radius(4.0)
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(name).color(egui::Color32::WHITE))
                });
        });
}
