//! The inspector: the person clicked on, its traits, languages, familiarity, symbols and ties.

use bevy_egui::egui;

use crate::app::simulation::Simulation;
use crate::app::strings;
use crate::sim::ties::Stage;

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
