//! The right panel: counters of what is happening, the legend and the plots; with a person
//! selected, the inspector's card first and the plots out of the way until it is closed.

use bevy_egui::egui;

use super::inspector::inspector;
use super::plots::plots;
use super::{Panels, line_swatch, swatch};
use crate::app::simulation::Control;
use crate::app::strings;
use crate::sim::ties::Stage;
use crate::view::palette::{self, ColourBy};

pub(super) fn observe_panel(ui: &mut egui::Ui, p: &mut Panels) {
    if let Some(person) = p.selection.0 {
        // The person's card first, where a class sees it without scrolling (at 1280 x 800
        // too); the plots wait until it is closed.
        ui.horizontal(|ui| {
            ui.heading(format!("Person {person}"));
            if ui
                .button("× close")
                .on_hover_text("back to the plots (or click an empty spot)")
                .clicked()
            {
                p.controls.write(Control::Select(None));
            }
        });
        ui.toggle_value(&mut p.settings.eyes, strings::EYES)
            .on_hover_text(strings::EYES_HINT);
        inspector(ui, &p.simulation, p.compare.world(), person);
        ui.separator();
        counters(ui, p);
        ui.separator();
        legend(ui, p);
        return;
    }
    ui.heading("What is happening");
    counters(ui, p);
    ui.separator();
    legend(ui, p);
    ui.separator();
    plots(
        ui,
        &p.simulation,
        p.compare.world(),
        p.settings.theme.colours(),
    );
    ui.separator();
    ui.strong("Inspector");
    ui.label("Click a person to see who they are and whom they know.");
}

/// How many ties, friends and kin there are, and across communities.
fn counters(ui: &mut egui::Ui, p: &Panels) {
    let simulation = &p.simulation;
    let m = simulation.rows().last();
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
}

pub(super) fn legend(ui: &mut egui::Ui, p: &Panels) {
    let model = &p.simulation.model;
    let colours = p.settings.theme.colours();
    let colouring = p.settings.colouring(model, p.selection.0);
    match (colouring, p.selection.0) {
        (ColourBy::FamiliarityWith(c), Some(person)) => ui.strong(strings::eyes_heading(
            &model.params().community_name(u32::from(c)),
            person,
        )),
        _ => ui.strong(format!("Persons: colour is {}", colouring.label())),
    };
    ui.horizontal_wrapped(|ui| {
        for (label, colour) in palette::legend_in(&p.simulation.model, colouring, colours) {
            swatch(ui, colour, &label);
        }
    });
    ui.strong("Ties");
    line_swatch(
        ui,
        colours.tie(Stage::Acquaintance, false, false),
        1.0,
        "acquaintance",
    );
    line_swatch(ui, colours.tie(Stage::Friend, false, false), 2.0, "friend");
    line_swatch(ui, colours.tie(Stage::Kin, false, false), 3.5, "kin");
    line_swatch(
        ui,
        colours.tie(Stage::Kin, true, false),
        3.5,
        "kin across communities",
    );
    line_swatch(ui, colours.crisis, 3.0, "between communities in crisis");
    ui.label(egui::RichText::new("A glow: new kin across communities, or the first tie between two. A ring: a public event.").small());
    ui.label(egui::RichText::new(strings::MARKS_LEGEND).small());
}
