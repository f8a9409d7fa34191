//! The panels' file work: opening and saving scenarios and runs. The panels only ask, with a
//! [`Control`] naming the file; this system reads or writes it, says what happened on the
//! status line, and passes what it opened on as a `Load` or `Resume` for `apply_controls`,
//! which runs after it in the same frame.

use std::path::Path;

use bevy::ecs::message::MessageCursor;
use bevy::prelude::*;

use super::simulation::{Control, Simulation, apply_controls};
use super::{AppSystems, Language, Status};
use crate::files;
use crate::i18n::Lang;
use crate::runs::RunState;
use crate::saved::SavedRun;
use crate::scenario::{ModelSpec, Scenario};

/// Adds the file work, in [`AppSystems::ApplyControls`] before the controls are applied.
pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        carry_out_file_controls
            .in_set(AppSystems::ApplyControls)
            .before(apply_controls),
    );
}

/// Reads the file controls sent since the last frame and carries them out. It reads and sends
/// [`Control`]s both, so it holds the messages itself and keeps its own place in them.
fn carry_out_file_controls(
    mut controls: ResMut<Messages<Control>>,
    mut cursor: Local<MessageCursor<Control>>,
    simulation: Res<Simulation>,
    mut status: ResMut<Status>,
    language: Res<Language>,
) {
    let lang = &language.0;
    let asked: Vec<Control> = cursor.read(&controls).cloned().collect();
    for control in asked {
        let (said, then) = match control {
            Control::OpenScenario(path) => open_scenario(lang, &path),
            Control::SaveSettings(path) => (save_settings(lang, &simulation, &path), None),
            Control::SaveRun(path) => (save_run(lang, &simulation, &path), None),
            Control::OpenRun(path) => open_run(lang, &path),
            _ => continue,
        };
        status.say(said);
        if let Some(then) = then {
            controls.write(then);
        }
    }
    // What this system sent itself is not for it to read again.
    cursor.read(&controls).for_each(drop);
}

/// A path as the status line shows it.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn open_scenario(lang: &Lang, path: &Path) -> (String, Option<Control>) {
    match Scenario::load(&path.to_string_lossy()) {
        Ok(scenario) if scenario.nano().is_some() => (
            lang.f("status.opened", &[("path", &shown(path))]),
            Some(Control::Load(Box::new(scenario))),
        ),
        Ok(_) => (lang.t("status.axelrod_scenario").to_string(), None),
        Err(e) => (e.to_string(), None),
    }
}

fn save_settings(lang: &Lang, simulation: &Simulation, path: &Path) -> String {
    let mut scenario = simulation.scenario.clone();
    scenario.model = ModelSpec::Nano(simulation.params.clone());
    scenario.seed = simulation.seed;
    match files::write_atomically(path, scenario.to_ron().as_bytes()) {
        Ok(()) => lang.f("status.settings_saved", &[("path", &shown(path))]),
        Err(e) => lang.f(
            "status.could_not_save",
            &[("path", &shown(path)), ("error", &e.to_string())],
        ),
    }
}

fn save_run(lang: &Lang, simulation: &Simulation, path: &Path) -> String {
    match simulation.to_saved().save(path) {
        Ok(()) => lang.f(
            "status.run_saved",
            &[
                ("tick", &simulation.model.tick().to_string()),
                ("path", &shown(path)),
            ],
        ),
        Err(e) => e.to_string(),
    }
}

fn open_run(lang: &Lang, path: &Path) -> (String, Option<Control>) {
    match SavedRun::load(path) {
        Ok(saved) if !matches!(saved.state, RunState::Nano(_)) => (
            lang.f("status.axelrod_run", &[("path", &shown(path))]),
            None,
        ),
        Ok(saved) => (
            lang.f("status.resumed", &[("path", &shown(path))]),
            Some(Control::Resume(Box::new(saved))),
        ),
        Err(e) => (e.to_string(), None),
    }
}
