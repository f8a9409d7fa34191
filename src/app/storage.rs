//! The panels' file work: opening and saving scenarios and runs. The panels only ask, with a
//! [`Control`] naming the file; this system reads or writes it, says what happened on the
//! status line, and passes what it opened on as a `Load` or `Resume` for `apply_controls`,
//! which runs after it in the same frame.

use std::path::Path;

use bevy::ecs::message::MessageCursor;
use bevy::prelude::*;

use super::simulation::{Control, Simulation, apply_controls};
use super::{AppSystems, Status};
use crate::files;
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
) {
    let asked: Vec<Control> = cursor.read(&controls).cloned().collect();
    for control in asked {
        let (said, then) = match control {
            Control::OpenScenario(path) => open_scenario(&path),
            Control::SaveSettings(path) => (save_settings(&simulation, &path), None),
            Control::SaveRun(path) => (save_run(&simulation, &path), None),
            Control::OpenRun(path) => open_run(&path),
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

fn open_scenario(path: &Path) -> (String, Option<Control>) {
    match Scenario::load(&path.to_string_lossy()) {
        Ok(scenario) if scenario.nano().is_some() => (
            format!("opened {}", path.display()),
            Some(Control::Load(Box::new(scenario))),
        ),
        Ok(_) => (
            "Axelrod's model runs on the command line: nano-diplomacy run --scenario FILE"
                .to_string(),
            None,
        ),
        Err(e) => (e.to_string(), None),
    }
}

fn save_settings(simulation: &Simulation, path: &Path) -> String {
    let mut scenario = simulation.scenario.clone();
    scenario.model = ModelSpec::Nano(simulation.params.clone());
    scenario.seed = simulation.seed;
    match files::write_atomically(path, scenario.to_ron().as_bytes()) {
        Ok(()) => format!("settings saved to {}", path.display()),
        Err(e) => format!("could not save {}: {e}", path.display()),
    }
}

fn save_run(simulation: &Simulation, path: &Path) -> String {
    match simulation.to_saved().save(path) {
        Ok(()) => format!(
            "run saved at tick {} to {}",
            simulation.model.tick(),
            path.display()
        ),
        Err(e) => e.to_string(),
    }
}

fn open_run(path: &Path) -> (String, Option<Control>) {
    match SavedRun::load(path) {
        Ok(saved) if !matches!(saved.state, RunState::Nano(_)) => (
            format!(
                "{} is a run of Axelrod's model, which the app does not draw; resume it with \
                 `nano-diplomacy run --resume {}`",
                path.display(),
                path.display()
            ),
            None,
        ),
        Ok(saved) => (
            format!("resumed {}", path.display()),
            Some(Control::Resume(Box::new(saved))),
        ),
        Err(e) => (e.to_string(), None),
    }
}
