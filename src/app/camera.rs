//! The cameras: one looks at world A in the space between the panels (its left half when
//! comparing), one at world B in the right half, following A's pan and zoom, and one draws the
//! panels over both. Drag to pan, wheel to zoom about the cursor, F to fit the world; a click
//! that is not a drag selects the person under the cursor, in either half.

use bevy::camera::Viewport;
use bevy::camera::visibility::RenderLayers;
use bevy::input::mouse::{AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::egui_wants_any_pointer_input;
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};

use super::compare::Compare;
use super::draw::{WORLD_B_LAYER, positions};
use super::effects::Effects;
use super::simulation::{Control, Simulation};
use super::strings;
use super::{AppSystems, PanelWidths, ViewSettings};
use crate::view::geometry::{self, WORLD_SIZE};

/// The camera that looks at world A.
#[derive(Component)]
pub struct WorldCamera;

/// The camera that looks at world B when comparing, with A's position and zoom.
#[derive(Component)]
pub struct CompareCamera;

/// The room between the panels, and the two halves of it when comparing, in logical pixels
/// of the window.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct WorldAreas {
    /// World A's area.
    pub a: Rect,
    /// World B's area, when comparing.
    pub b: Option<Rect>,
}

/// The name of the symbol mark under the pointer, if any ("gamelan tune (from Hill)").
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct HoveredMark(pub Option<String>);

/// Only world A's camera (Bevy must know the two cameras' queries never overlap).
type OnlyA = (With<WorldCamera>, Without<CompareCamera>);
/// Only world B's camera.
type OnlyB = (With<CompareCamera>, Without<WorldCamera>);

/// The gap between the halves, in logical pixels.
const HALF_GAP: f32 = 6.0;

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
    // The panels go on their own camera, drawn last over both worlds.
    app.world_mut()
        .resource_mut::<EguiGlobalSettings>()
        .auto_create_primary_context = false;
    app.insert_resource(FitRequest(10))
        .init_resource::<WorldAreas>()
        .init_resource::<HoveredMark>()
        .add_systems(Startup, spawn_cameras)
        .add_systems(
            Update,
            (
                // Not through egui's windows and menus (the side panels are kept out by their
                // widths).
                pan_zoom_and_pick
                    .in_set(AppSystems::RecordInput)
                    .run_if(not(egui_wants_any_pointer_input)),
                (set_viewports, fit_world, follow_world_a, name_hovered_mark)
                    .chain()
                    .in_set(AppSystems::Draw),
            ),
        );
}

fn spawn_cameras(mut commands: Commands) {
    commands.spawn((
        Name::new("world camera"),
        Camera2d,
        WorldCamera,
        Projection::Orthographic(OrthographicProjection::default_2d()),
    ));
    commands.spawn((
        Name::new("world B camera"),
        Camera2d,
        Camera {
            order: 1,
            is_active: false,
            // The first camera clears the whole window.
            clear_color: ClearColorConfig::None,
            ..default()
        },
        CompareCamera,
        RenderLayers::layer(WORLD_B_LAYER),
        Projection::Orthographic(OrthographicProjection::default_2d()),
    ));
    commands.spawn((
        Name::new("panels camera"),
        Camera2d,
        Camera {
            order: 2,
            clear_color: ClearColorConfig::None,
            ..default()
        },
        RenderLayers::none(),
        PrimaryEguiContext,
    ));
}

/// Gives each world's camera its area of the window: the room between the panels, halved
/// when comparing.
fn set_viewports(
    panels: Res<PanelWidths>,
    compare: Res<Compare>,
    window: Single<&Window, With<PrimaryWindow>>,
    mut areas: ResMut<WorldAreas>,
    mut fit: ResMut<FitRequest>,
    mut camera_a: Single<&mut Camera, OnlyA>,
    mut camera_b: Single<&mut Camera, OnlyB>,
) {
    let free = Rect::new(
        panels.left,
        panels.top,
        (window.width() - panels.right).max(panels.left + 100.0),
        (window.height() - panels.bottom).max(panels.top + 100.0),
    );
    let new = if compare.0.is_some() {
        let middle = free.center().x;
        WorldAreas {
            a: Rect::new(free.min.x, free.min.y, middle - HALF_GAP / 2.0, free.max.y),
            b: Some(Rect::new(
                middle + HALF_GAP / 2.0,
                free.min.y,
                free.max.x,
                free.max.y,
            )),
        }
    } else {
        WorldAreas { a: free, b: None }
    };
    if *areas != new {
        *areas = new;
        fit.0 = fit.0.max(2);
    }
    let scale = window.scale_factor();
    let physical = window.physical_size();
    let viewport = |area: Rect| {
        let low = (area.min * scale).round().as_uvec2().min(physical);
        let high = (area.max * scale).round().as_uvec2().min(physical);
        Some(Viewport {
            physical_position: low,
            physical_size: (high - low).max(UVec2::ONE),
            ..default()
        })
    };
    camera_a.viewport = viewport(areas.a);
    camera_b.is_active = areas.b.is_some();
    if let Some(b) = areas.b {
        camera_b.viewport = viewport(b);
    }
}

/// B's camera looks where A's does: the camera applies to both halves.
fn follow_world_a(
    camera_a: Single<(&Transform, &Projection), OnlyA>,
    camera_b: Single<(&mut Transform, &mut Projection), OnlyB>,
) {
    let (transform, projection) = camera_a.into_inner();
    let (mut follower, mut follower_projection) = camera_b.into_inner();
    *follower = *transform;
    *follower_projection = projection.clone();
}

/// Fits what is drawn (the homes, or the network's current extent) into world A's area.
fn fit_world(
    mut request: ResMut<FitRequest>,
    areas: Res<WorldAreas>,
    simulation: Res<Simulation>,
    settings: Res<ViewSettings>,
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
    let free = areas.a.size().max(Vec2::splat(100.0));
    ortho.scale = (size.x / free.x).max(size.y / free.y);
    transform.translation.x = centre.x;
    transform.translation.y = centre.y;
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system reads the inputs it acts on"
)]
fn pan_zoom_and_pick(
    mouse: Res<ButtonInput<MouseButton>>,
    scroll: Res<AccumulatedMouseScroll>,
    areas: Res<WorldAreas>,
    worlds: (Res<Simulation>, Res<Compare>),
    settings: Res<ViewSettings>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera: Single<(&Camera, &GlobalTransform, &mut Transform, &mut Projection), With<WorldCamera>>,
    camera_b: Single<(&Camera, &GlobalTransform), OnlyB>,
    mut press: Local<Press>,
    mut controls: MessageWriter<Control>,
) {
    let (simulation, compare) = worlds;
    let (camera_a, global_a, mut transform, mut projection) = camera.into_inner();
    let Projection::Orthographic(ortho) = &mut *projection else {
        return;
    };
    let cursor = window.cursor_position();
    // The half under the cursor: its camera and its world (B's camera sits where A's does, so
    // zooming about a point of B moves A's camera the same way).
    let in_b = cursor.is_some_and(|c| areas.b.is_some_and(|b| b.contains(c)));
    let over_world = in_b || cursor.is_some_and(|c| areas.a.contains(c));
    let (camera, global, world) = match (in_b, compare.world()) {
        (true, Some(b)) => (camera_b.0, camera_b.1, b),
        _ => (camera_a, global_a, &*simulation),
    };

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
            .and_then(|point| nearest_person(world, &settings, point));
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

/// Names the symbol mark under the pointer, in whichever half it is.
#[expect(
    clippy::too_many_arguments,
    reason = "a system reads what it looks under"
)]
fn name_hovered_mark(
    areas: Res<WorldAreas>,
    worlds: (Res<Simulation>, Res<Compare>, Res<Effects>),
    settings: (Res<ViewSettings>, Res<super::Language>),
    time: Res<Time<Real>>,
    window: Single<&Window, With<PrimaryWindow>>,
    camera_a: Single<(&Camera, &GlobalTransform), OnlyA>,
    camera_b: Single<(&Camera, &GlobalTransform), OnlyB>,
    mut hovered: ResMut<HoveredMark>,
) {
    let (settings, language) = settings;
    let (simulation, compare, effects) = worlds;
    let cursor = window.cursor_position();
    let in_b = cursor.is_some_and(|c| areas.b.is_some_and(|b| b.contains(c)));
    let ((camera, global), world, marks) = match (in_b, compare.0.as_ref()) {
        (true, Some(b)) => (*camera_b, &b.world, &b.effects),
        _ => (*camera_a, &*simulation, &*effects),
    };
    let point = cursor.and_then(|c| camera.viewport_to_world_2d(global, c).ok());
    let name = point.and_then(|point| {
        let positions = positions(world, settings.mode);
        let reach = geometry::person_radius(positions.len()) * 1.2;
        let now = time.elapsed_secs();
        let population = world.model.population();
        marks.marks.iter().find_map(|mark| {
            let from = *positions.get(mark.giver as usize)?;
            let to = *positions.get(mark.taker as usize)?;
            let at = geometry::to_world(geometry::mark_position(from, to, now - mark.born)?);
            let symbol = population.symbols.get(mark.symbol as usize)?;
            (Vec2::new(at[0], at[1]).distance(point) <= reach).then(|| {
                let names = world.names(&language.0);
                strings::symbol_named(
                    &language.0,
                    &names.symbol(mark.symbol as usize, &symbol.name),
                    &names.community(u32::from(symbol.origin)),
                )
            })
        })
    });
    if hovered.0 != name {
        hovered.0 = name;
    }
}
