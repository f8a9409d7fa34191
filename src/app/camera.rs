//! The camera: drag to pan, wheel to zoom about the cursor, F to fit the world between the
//! panels; a click that is not a drag selects the person under the cursor.

use bevy::input::mouse::{AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::egui_wants_any_pointer_input;

use super::draw::positions;
use super::simulation::{Control, Simulation};
use super::{AppSystems, PanelWidths, ViewSettings};
use crate::view::geometry::{self, WORLD_SIZE};

/// The camera that looks at the world.
#[derive(Component)]
pub struct WorldCamera;

/// Asks the camera to fit the world for the next few frames (the panels' widths settle in the
/// first frames).
#[derive(Resource, Debug, Default)]
pub struct FitRequest(pub u32);

/// A press of the left button, to tell a click from a drag.
#[derive(Default)]
struct Press {
    at: Option<Vec2>,
    last: Option<Vec2>,
    dragged: bool,
}

/// How far the pointer may move between press and release and still make a click.
const CLICK_SLOP: f32 = 4.0;

/// Adds the camera.
pub fn plugin(app: &mut App) {
    app.insert_resource(FitRequest(10))
        .add_systems(Startup, spawn_camera)
        .add_systems(
            Update,
            (
                // Not through egui's windows and menus (the side panels are kept out by their
                // widths).
                pan_zoom_and_pick
                    .in_set(AppSystems::RecordInput)
                    .run_if(not(egui_wants_any_pointer_input)),
                fit_world.in_set(AppSystems::Draw),
            ),
        );
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Name::new("world camera"),
        Camera2d,
        WorldCamera,
        Projection::Orthographic(OrthographicProjection::default_2d()),
    ));
}

/// Fits what is drawn (the homes, or the network's current extent) into the space between
/// the panels.
fn fit_world(
    mut request: ResMut<FitRequest>,
    panels: Res<PanelWidths>,
    simulation: Res<Simulation>,
    settings: Res<ViewSettings>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&mut Transform, &mut Projection), With<WorldCamera>>,
) {
    if request.0 == 0 {
        return;
    }
    request.0 -= 1;
    let (mut transform, mut projection) = camera.into_inner();
    let Projection::Orthographic(ortho) = &mut *projection else {
        return;
    };
    // The extent of what is drawn, in world units, with a margin of a few discs.
    let (mut low, mut high) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
    for p in positions(&simulation, settings.mode) {
        let w = geometry::to_world(p);
        low = low.min(Vec2::new(w[0], w[1]));
        high = high.max(Vec2::new(w[0], w[1]));
    }
    if low.x > high.x {
        (low, high) = (
            Vec2::splat(-WORLD_SIZE / 2.0),
            Vec2::splat(WORLD_SIZE / 2.0),
        );
    }
    let margin = geometry::person_radius(simulation.model.population().len()) * 3.0;
    let size = (high - low + Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
    let centre = (low + high) / 2.0;
    let free_width = (window.width() - panels.left - panels.right).max(100.0);
    let free_height = (window.height() - panels.top - panels.bottom).max(100.0);
    ortho.scale = (size.x / free_width).max(size.y / free_height);
    // Centre what is drawn in the free space, not in the window.
    transform.translation.x = centre.x - (panels.left - panels.right) / 2.0 * ortho.scale;
    transform.translation.y = centre.y + (panels.top - panels.bottom) / 2.0 * ortho.scale;
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system reads the inputs it acts on"
)]
fn pan_zoom_and_pick(
    mouse: Res<ButtonInput<MouseButton>>,
    scroll: Res<AccumulatedMouseScroll>,
    panels: Res<PanelWidths>,
    simulation: Res<Simulation>,
    settings: Res<ViewSettings>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&Camera, &GlobalTransform, &mut Transform, &mut Projection), With<WorldCamera>>,
    mut press: Local<Press>,
    mut controls: MessageWriter<Control>,
) {
    let (camera, global, mut transform, mut projection) = camera.into_inner();
    let Projection::Orthographic(ortho) = &mut *projection else {
        return;
    };
    let cursor = window.cursor_position();
    let over_world = cursor.is_some_and(|c| {
        c.x > panels.left
            && c.x < window.width() - panels.right
            && c.y > panels.top
            && c.y < window.height() - panels.bottom
    });

    // Zoom about the cursor: the world point under it stays under it.
    if over_world && scroll.delta.y != 0.0 {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => {
                scroll.delta.y / MouseScrollUnit::SCROLL_UNIT_CONVERSION_FACTOR
            }
        };
        let before = cursor.and_then(|c| camera.viewport_to_world_2d(global, c).ok());
        let old_scale = ortho.scale;
        ortho.scale = (ortho.scale * 1.15f32.powf(-lines)).clamp(0.005, 20.0);
        if let Some(point) = before {
            let factor = ortho.scale / old_scale;
            let centre = transform.translation.truncate();
            let moved = point + (centre - point) * factor;
            transform.translation.x = moved.x;
            transform.translation.y = moved.y;
        }
    }

    // Drag with any button to pan; a left click without a drag selects.
    let any_pressed = [MouseButton::Left, MouseButton::Right, MouseButton::Middle]
        .iter()
        .any(|&b| mouse.pressed(b));
    if mouse.just_pressed(MouseButton::Left)
        || mouse.just_pressed(MouseButton::Right)
        || mouse.just_pressed(MouseButton::Middle)
    {
        *press = Press {
            at: cursor.filter(|_| over_world),
            last: cursor,
            dragged: false,
        };
    }
    if any_pressed && press.at.is_some() {
        if let (Some(now), Some(last)) = (cursor, press.last) {
            let delta = now - last;
            transform.translation.x -= delta.x * ortho.scale;
            transform.translation.y += delta.y * ortho.scale;
        }
        if let (Some(now), Some(at)) = (cursor, press.at)
            && now.distance(at) > CLICK_SLOP
        {
            press.dragged = true;
        }
        press.last = cursor;
    }
    if mouse.just_released(MouseButton::Left) && press.at.is_some() && !press.dragged {
        let picked = cursor
            .and_then(|c| camera.viewport_to_world_2d(global, c).ok())
            .and_then(|world| nearest_person(&simulation, &settings, world));
        controls.write(Control::Select(picked));
        press.at = None;
    }
    if !any_pressed {
        press.at = None;
    }
}

/// The person drawn nearest to a world point, if within reach of its disc.
fn nearest_person(simulation: &Simulation, settings: &ViewSettings, world: Vec2) -> Option<u32> {
    let positions = positions(simulation, settings.mode);
    let reach = geometry::person_radius(positions.len()) * 2.5;
    positions
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let w = geometry::to_world(p);
            (i, Vec2::new(w[0], w[1]).distance(world))
        })
        .filter(|&(_, d)| d <= reach)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i as u32)
}
