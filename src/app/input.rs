//! Keyboard shortcuts, for a teacher at a projector: Space play/pause, S or Right step, R reset,
//! F fit, H hide panels, F11 fullscreen, P screenshot, N network/map, C next colouring.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use bevy_egui::input::EguiWantsInput;

use super::camera::FitRequest;
use super::export::ScreenshotNow;
use super::simulation::Control;
use super::{AppSystems, ViewMode, ViewSettings};
use crate::view::palette::ColourBy;
use crate::view::theme::Theme;

/// Adds the keyboard shortcuts that act on the run and the view (part of the app's core, so
/// that the headless tests press keys through the same schedule).
pub fn plugin(app: &mut App) {
    app.init_resource::<FitRequest>()
        .add_message::<ScreenshotNow>()
        .add_systems(
            Update,
            read_shortcuts
                .in_set(AppSystems::RecordInput)
                .run_if(keyboard_is_free),
        );
}

/// Adds F11, fullscreen (with the window).
pub fn fullscreen_plugin(app: &mut App) {
    app.add_systems(
        Update,
        toggle_fullscreen
            .in_set(AppSystems::RecordInput)
            .run_if(keyboard_is_free),
    );
}

/// Whether the keys are the shortcuts': not while a text field of the panels has the keyboard
/// (always, without the panels).
fn keyboard_is_free(egui: Option<Res<EguiWantsInput>>) -> bool {
    egui.is_none_or(|wants| !wants.wants_any_keyboard_input())
}

/// The shortcuts that act on the run and the view.
fn read_shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    mut controls: MessageWriter<Control>,
    mut settings: ResMut<ViewSettings>,
    mut fit: ResMut<FitRequest>,
    mut screenshots: MessageWriter<ScreenshotNow>,
) {
    if keys.just_pressed(KeyCode::Space) {
        controls.write(Control::TogglePlay);
    }
    if keys.just_pressed(KeyCode::KeyS) || keys.just_pressed(KeyCode::ArrowRight) {
        controls.write(Control::Step);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        controls.write(Control::Reset);
    }
    if keys.just_pressed(KeyCode::KeyF) {
        fit.0 = 2;
    }
    if keys.just_pressed(KeyCode::KeyH) {
        settings.show_panels = !settings.show_panels;
        fit.0 = 2;
    }
    if keys.just_pressed(KeyCode::KeyN) {
        settings.mode = match settings.mode {
            ViewMode::Map => ViewMode::Network,
            ViewMode::Network => ViewMode::Map,
        };
        fit.0 = 2;
    }
    if keys.just_pressed(KeyCode::KeyC) {
        let at = ColourBy::ALL
            .iter()
            .position(|&c| c == settings.colour_by)
            .unwrap_or(0);
        settings.colour_by = ColourBy::ALL[(at + 1) % ColourBy::ALL.len()];
    }
    if keys.just_pressed(KeyCode::KeyT) {
        settings.theme = match settings.theme {
            Theme::Dark => Theme::Projector,
            Theme::Projector => Theme::Dark,
        };
    }
    if keys.just_pressed(KeyCode::KeyP) {
        screenshots.write(ScreenshotNow);
    }
}

fn toggle_fullscreen(
    keys: Res<ButtonInput<KeyCode>>,
    window: Option<Single<&mut Window, With<PrimaryWindow>>>,
    mut fit: ResMut<FitRequest>,
) {
    let Some(mut window) = window else {
        return;
    };
    if keys.just_pressed(KeyCode::F11) {
        window.mode = match window.mode {
            WindowMode::Windowed => WindowMode::BorderlessFullscreen(MonitorSelection::Current),
            _ => WindowMode::Windowed,
        };
        fit.0 = 10;
    }
}
