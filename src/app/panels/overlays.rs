//! What shows over the world: the banner during a crisis and the status line (a file saved, a
//! file that would not open).

use bevy_egui::egui;

use crate::app::Status;
use crate::app::simulation::Simulation;

pub(super) fn crisis_banner(ctx: &egui::Context, simulation: &Simulation) {
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
