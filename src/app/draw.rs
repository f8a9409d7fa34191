//! Draws the world: one mesh for all ties, one for all persons, one for the effects, rebuilt
//! from the model each frame (never one entity per tie or person).

use bevy::asset::RenderAssetUsages;
use bevy::camera::visibility::{NoFrustumCulling, RenderLayers};
use bevy::mesh::{Indices, PrimitiveTopology, VertexAttributeValues};
use bevy::prelude::*;

use super::compare::Compare;
use super::effects::Effects;
use super::simulation::{Selection, Simulation};
use super::{AppSystems, ViewMode, ViewSettings};
use crate::sim::params::SymbolKind;
use crate::view::geometry::{self, Geometry, Scene};

/// The three meshes of one world.
struct WorldMeshes {
    ties: Handle<Mesh>,
    persons: Handle<Mesh>,
    effects: Handle<Mesh>,
}

/// The meshes of world A, and of world B (seen only by B's camera, on its render layer).
#[derive(Resource)]
pub struct SceneMeshes {
    a: WorldMeshes,
    b: WorldMeshes,
}

/// The vertex buffers of one world, kept between frames to reuse their memory.
#[derive(Default)]
pub struct WorldBuffers {
    /// Ties.
    pub ties: Geometry,
    /// Persons.
    pub persons: Geometry,
    /// Effects.
    pub effects: Geometry,
}

/// The vertex buffers of both worlds.
#[derive(Resource, Default)]
pub struct SceneBuffers {
    /// World A.
    pub a: WorldBuffers,
    /// World B.
    pub b: WorldBuffers,
}

/// The render layer of world B's meshes and camera (A's are on the default layer 0).
pub const WORLD_B_LAYER: usize = 1;

/// Adds the world's drawing to the app.
pub fn plugin(app: &mut App) {
    app.init_resource::<SceneBuffers>()
        .add_systems(Startup, spawn_scene_meshes)
        .add_systems(
            Update,
            (step_layout, draw_scene).chain().in_set(AppSystems::Draw),
        );
}

fn spawn_scene_meshes(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    // White, blended: the vertex colours (with their alpha) are the colours.
    let material = materials.add(ColorMaterial::default());
    let mut layer = |z: f32, name: &'static str, render_layer: usize| {
        let mut mesh = Mesh::new(
            PrimitiveTopology::TriangleList,
            RenderAssetUsages::default(),
        );
        upload(&mut mesh, &mut Geometry::default());
        let handle = meshes.add(mesh);
        commands.spawn((
            Name::new(name),
            Mesh2d(handle.clone()),
            MeshMaterial2d(material.clone()),
            Transform::from_xyz(0.0, 0.0, z),
            NoFrustumCulling,
            RenderLayers::layer(render_layer),
        ));
        handle
    };
    let a = WorldMeshes {
        ties: layer(0.0, "ties", 0),
        persons: layer(1.0, "persons", 0),
        effects: layer(2.0, "effects", 0),
    };
    let b = WorldMeshes {
        ties: layer(0.0, "ties of world B", WORLD_B_LAYER),
        persons: layer(1.0, "persons of world B", WORLD_B_LAYER),
        effects: layer(2.0, "effects of world B", WORLD_B_LAYER),
    };
    commands.insert_resource(SceneMeshes { a, b });
}

/// Moves the network layout a step while it is shown (in both worlds when comparing).
fn step_layout(
    mut simulation: ResMut<Simulation>,
    mut compare: ResMut<Compare>,
    settings: Res<ViewSettings>,
) {
    if settings.mode == ViewMode::Network {
        let simulation = &mut *simulation;
        simulation.layout.step(&simulation.model);
        if let Some(b) = compare.0.as_mut() {
            b.world.layout.step(&b.world.model);
        }
    }
}

/// Where each person is drawn in the current view.
pub fn positions(simulation: &Simulation, mode: ViewMode) -> Vec<[f32; 2]> {
    match mode {
        ViewMode::Map => simulation
            .model
            .population()
            .homes
            .iter()
            .map(|h| [h.x as f32, h.y as f32])
            .collect(),
        ViewMode::Network => simulation.layout.positions().to_vec(),
    }
}

/// Builds the three layers of each world from its model and puts them in their meshes.
#[expect(clippy::too_many_arguments, reason = "a system reads what it draws")]
fn draw_scene(
    simulation: Res<Simulation>,
    compare: Res<Compare>,
    settings: Res<ViewSettings>,
    selection: Res<Selection>,
    effects: Res<Effects>,
    time: Res<Time<Real>>,
    handles: Option<Res<SceneMeshes>>,
    mut buffers: ResMut<SceneBuffers>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    let Some(handles) = handles else {
        return;
    };
    let now = time.elapsed_secs();
    let buffers = &mut *buffers;
    let a = (&*simulation, &*effects);
    draw_world(a, &settings, selection.0, now, &mut buffers.a);
    match compare.0.as_ref() {
        Some(b) => draw_world(
            (&b.world, &b.effects),
            &settings,
            selection.0,
            now,
            &mut buffers.b,
        ),
        None => {
            buffers.b.ties.clear();
            buffers.b.persons.clear();
            buffers.b.effects.clear();
        }
    }
    for (world, geometry) in [(&handles.a, &mut buffers.a), (&handles.b, &mut buffers.b)] {
        for (handle, geometry) in [
            (&world.ties, &mut geometry.ties),
            (&world.persons, &mut geometry.persons),
            (&world.effects, &mut geometry.effects),
        ] {
            if let Some(mut mesh) = meshes.get_mut(handle) {
                upload(&mut mesh, geometry);
            }
        }
    }
}

/// Builds one world's three layers.
fn draw_world(
    (simulation, effects): (&Simulation, &Effects),
    settings: &ViewSettings,
    selected: Option<u32>,
    now: f32,
    out: &mut WorldBuffers,
) {
    let positions = positions(simulation, settings.mode);
    let scene = Scene {
        model: &simulation.model,
        positions: &positions,
        selected,
        colour_by: settings.colouring(&simulation.model, selected),
        colours: settings.theme.colours(),
    };
    geometry::build_ties(&scene, &mut out.ties);
    geometry::build_persons(&scene, &mut out.persons);
    build_effects(&scene, effects, now, &mut out.effects);
}

fn build_effects(scene: &Scene, effects: &Effects, now: f32, out: &mut Geometry) {
    out.clear();
    let n = scene.positions.len();
    let radius = geometry::person_radius(n);
    for glow in &effects.glows {
        if (glow.a as usize) < n && (glow.b as usize) < n {
            geometry::kin_glow(
                scene.positions[glow.a as usize],
                scene.positions[glow.b as usize],
                glow.cross_community,
                now - glow.born,
                radius,
                out,
            );
        }
    }
    let symbols = &scene.model.population().symbols;
    for mark in &effects.marks {
        let (Some(&from), Some(&to), Some(symbol)) = (
            scene.positions.get(mark.giver as usize),
            scene.positions.get(mark.taker as usize),
            symbols.get(mark.symbol as usize),
        ) else {
            continue;
        };
        if let Some(at) = geometry::mark_position(from, to, now - mark.born) {
            geometry::symbol_mark(
                at,
                radius * 0.55,
                scene.colours.category(symbol.origin as usize),
                symbol.kind == SymbolKind::Verbal,
                out,
            );
        }
    }
    let reach = scene.model.params().contact_radius as f32 * geometry::WORLD_SIZE;
    for ring in &effects.rings {
        if (ring.speaker as usize) < n {
            geometry::public_ring(
                scene.positions[ring.speaker as usize],
                reach,
                now - ring.born,
                out,
            );
        }
    }
}

/// Puts vertex buffers in a mesh by swapping them with the mesh's own (no copy: the mesh's old
/// buffers come back to be refilled next frame). An empty layer gets one invisible triangle,
/// since the renderer skips meshes without vertices.
fn upload(mesh: &mut Mesh, geometry: &mut Geometry) {
    if geometry.indices.is_empty() {
        mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, vec![[0.0f32, 0.0, 0.0]; 3]);
        mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, vec![[0.0f32, 0.0, 0.0, 0.0]; 3]);
        mesh.insert_indices(Indices::U32(vec![0, 1, 2]));
        return;
    }
    match mesh.attribute_mut(Mesh::ATTRIBUTE_POSITION) {
        Some(VertexAttributeValues::Float32x3(held)) => {
            std::mem::swap(held, &mut geometry.positions)
        }
        _ => mesh.insert_attribute(
            Mesh::ATTRIBUTE_POSITION,
            std::mem::take(&mut geometry.positions),
        ),
    }
    match mesh.attribute_mut(Mesh::ATTRIBUTE_COLOR) {
        Some(VertexAttributeValues::Float32x4(held)) => std::mem::swap(held, &mut geometry.colors),
        _ => mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, std::mem::take(&mut geometry.colors)),
    }
    match mesh.indices_mut() {
        Some(Indices::U32(held)) => std::mem::swap(held, &mut geometry.indices),
        _ => mesh.insert_indices(Indices::U32(std::mem::take(&mut geometry.indices))),
    }
}
