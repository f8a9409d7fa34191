//! The inspector: the person clicked on, its traits, languages, familiarity, symbols and ties.

use bevy_egui::egui;

use crate::app::simulation::Simulation;
use crate::app::strings;
use crate::i18n::{Lang, Names};
use crate::sim::ties::Stage;
use crate::view::story::{Entry, describe};

pub(super) fn inspector(
    ui: &mut egui::Ui,
    simulation: &Simulation,
    world_b: Option<&Simulation>,
    person: u32,
    lang: &Lang,
) {
    let population = simulation.model.population();
    let names = simulation.names(lang);
    let Some(who) = population.persons.get(person as usize) else {
        return;
    };
    if let Some(b) = world_b {
        // The same person in world B, first: what the comparison is about.
        ui.label(
            egui::RichText::new(strings::in_world(lang, "A", &simulation.model, person)).strong(),
        );
        ui.label(egui::RichText::new(strings::in_world(lang, "B", &b.model, person)).strong());
        ui.separator();
    }
    egui::Grid::new("person").num_columns(2).show(ui, |ui| {
        let mut row = |key: &str, value: String| {
            ui.label(lang.t(key));
            ui.label(value);
            ui.end_row();
        };
        let number = |key: &str, name: &str, n: String| lang.f(key, &[(name, &n)]);
        row("inspector.person", person.to_string());
        row(
            "inspector.community",
            names.community(u32::from(who.community)),
        );
        let household = who.household.to_string();
        row(
            "inspector.household",
            number("inspector.household_value", "household", household),
        );
        let belief = who.belief.to_string();
        row(
            "inspector.belief",
            number("inspector.belief_value", "belief", belief),
        );
        let tongue = who.mother_tongue.to_string();
        row(
            "inspector.mother_tongue",
            number("inspector.language_value", "language", tongue),
        );
        row("inspector.ses", format!("{:.2}", who.ses));
        row("inspector.appearance", format!("{:.2}", who.appearance));
        row("inspector.openness", format!("{:.2}", who.openness));
        let hidden = if who.hidden_agenda {
            "inspector.yes"
        } else {
            "inspector.no"
        };
        row("inspector.hidden_agenda", lang.t(hidden).to_string());
        row(
            "inspector.customs",
            format!("{:?}", population.customs(person)),
        );
    });
    ui.label(lang.t("inspector.languages"));
    for (language, &fluency) in population.fluency(person).iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(lang.f(
                "inspector.language_value",
                &[("language", &language.to_string())],
            ));
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
            ui.label(lang.f(
                "inspector.familiar_with",
                &[("community", &names.community(u32::from(c)))],
            ));
            ui.add(
                egui::ProgressBar::new(familiarity as f32)
                    .desired_width(120.0)
                    .text(format!("{familiarity:.2}")),
            );
        });
    }
    let known = population.symbols_known(person);
    ui.label(lang.f("inspector.knows", &[("count", &known.len().to_string())]));
    ui.label(
        egui::RichText::new(
            known
                .iter()
                .map(|&s| {
                    let symbol = &population.symbols[s];
                    lang.f(
                        "inspector.symbol_from",
                        &[
                            ("symbol", &names.symbol(s, &symbol.name)),
                            ("community", &names.community(u32::from(symbol.origin))),
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        )
        .small(),
    );
    story(ui, simulation, person, &names);
    ties(ui, simulation, person, &names);
}

/// The person's story, newest first: symbols learned and forgotten, ties, exposures.
fn story(ui: &mut egui::Ui, simulation: &Simulation, person: u32, names: &Names) {
    let model = &simulation.model;
    let entries: Vec<Entry> = simulation.story_of(person).collect();
    egui::CollapsingHeader::new(strings::story_heading(names.lang, entries.len()))
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
                                describe(entry, model, names)
                            ))
                            .small(),
                        );
                    }
                });
        });
}

/// The person's ties, closest first; each opens to show what its willingness is made of.
fn ties(ui: &mut egui::Ui, simulation: &Simulation, person: u32, names: &Names) {
    let model = &simulation.model;
    let lang = names.lang;
    let population = model.population();
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
    ui.label(strings::ties_heading(lang, list.len()));
    for (partner, affinity, stage) in list.iter().take(12) {
        let community = names.community(u32::from(population.persons[*partner as usize].community));
        let stage = lang.t(match stage {
            Stage::Acquaintance => "stage.acquaintance",
            Stage::Friend => "stage.friend",
            Stage::Kin => "stage.kin",
        });
        egui::CollapsingHeader::new(lang.f(
            "inspector.tie",
            &[
                ("stage", stage),
                ("partner", &partner.to_string()),
                ("community", &community),
                ("affinity", &format!("{affinity:.2}")),
            ],
        ))
        .id_salt(("tie", person, *partner))
        .show(ui, |ui| why_this_tie(ui, model, person, *partner, names));
    }
}

/// "Why this tie?": rule 3 taken apart for this person meeting the partner now.
fn why_this_tie(
    ui: &mut egui::Ui,
    model: &crate::sim::NanoModel,
    person: u32,
    partner: u32,
    names: &Names,
) {
    let terms = model.willingness_terms(person, partner);
    ui.label(egui::RichText::new(names.lang.t("why.heading")).strong());
    egui::Grid::new(("why", person, partner))
        .num_columns(2)
        .show(ui, |ui| {
            for (name, value) in strings::willingness_rows(&terms, names) {
                ui.label(egui::RichText::new(name).small());
                ui.label(egui::RichText::new(value).small());
                ui.end_row();
            }
        });
}
