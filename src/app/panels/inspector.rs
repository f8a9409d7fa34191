//! The inspector: the person clicked on, its traits, languages, familiarity, symbols and ties.

use bevy_egui::egui;

use crate::app::simulation::Simulation;
use crate::app::strings;
use crate::sim::ties::Stage;
use crate::view::story::{Entry, describe};

pub(super) fn inspector(
    ui: &mut egui::Ui,
    simulation: &Simulation,
    world_b: Option<&Simulation>,
    person: u32,
) {
    let population = simulation.model.population();
    let Some(who) = population.persons.get(person as usize) else {
        return;
    };
    if let Some(b) = world_b {
        // The same person in world B, first: what the comparison is about.
        ui.label(egui::RichText::new(strings::in_world("A", &simulation.model, person)).strong());
        ui.label(egui::RichText::new(strings::in_world("B", &b.model, person)).strong());
        ui.separator();
    }
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
    story(ui, simulation, person);
    ties(ui, simulation, person);
}

/// The person's story, newest first: symbols learned and forgotten, ties, exposures.
fn story(ui: &mut egui::Ui, simulation: &Simulation, person: u32) {
    let model = &simulation.model;
    let entries: Vec<Entry> = simulation.story_of(person).collect();
    egui::CollapsingHeader::new(strings::story_heading(entries.len()))
        .id_salt(("story", person))
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("story scroll", person))
                .max_height(220.0)
                .show(ui, |ui| {
                    for entry in &entries {
                        ui.label(
                            egui::RichText::new(format!(
                                "{}  {}",
                                entry.tick,
                                describe(entry, model)
                            ))
                            .small(),
                        );
                    }
                });
        });
}

/// The person's ties, closest first; each opens to show what its willingness is made of.
fn ties(ui: &mut egui::Ui, simulation: &Simulation, person: u32) {
    let model = &simulation.model;
    let population = model.population();
    let params = model.params();
    let ties = model.ties();
    let mut list: Vec<(u32, f64, Stage)> = ties
        .of(person)
        .iter()
        .map(|&(partner, id)| {
            let tie = ties.get(id);
            (partner, tie.affinity, tie.stage)
        })
        .collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1));
    ui.label(strings::ties_heading(list.len()));
    for (partner, affinity, stage) in list.iter().take(12) {
        let community =
            params.community_name(u32::from(population.persons[*partner as usize].community));
        egui::CollapsingHeader::new(format!(
            "{} · person {partner} ({community}) · {affinity:.2}",
            stage.name()
        ))
        .id_salt(("tie", person, *partner))
        .show(ui, |ui| why_this_tie(ui, model, person, *partner));
    }
}

/// "Why this tie?": rule 3 taken apart for this person meeting the partner now.
fn why_this_tie(ui: &mut egui::Ui, model: &crate::sim::NanoModel, person: u32, partner: u32) {
    let terms = model.willingness_terms(person, partner);
    ui.label(egui::RichText::new(strings::WHY_THIS_TIE).strong());
    egui::Grid::new(("why", person, partner))
        .num_columns(2)
        .show(ui, |ui| {
            for (name, value) in strings::willingness_rows(&terms, model.params()) {
                ui.label(egui::RichText::new(name).small());
                ui.label(egui::RichText::new(value).small());
                ui.end_row();
            }
        });
}
