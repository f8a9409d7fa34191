//! The app's own work per frame, without Bevy or a GPU: building the ties', persons' and
//! effects' vertex buffers and one step of the network layout, for a world of 5,000 persons
//! and at least 30,000 ties; and in compare mode, for both worlds at the default size, beside
//! the two models' steps (measured apart). (Uploading the buffers and egui's panels are not
//! included.) Run with `cargo bench --no-default-features --bench app_frame`.

use divan::Bencher;
use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::view::geometry::{self, Geometry, Scene};
use nano_diplomacy::view::layout::NetworkLayout;
use nano_diplomacy::view::palette::ColourBy;

fn main() {
    divan::main();
}

/// The marketplace with 5,000 persons, run until it has at least 30,000 ties.
fn busy_world() -> NanoModel {
    let mut scenario = Scenario::default_preset();
    scenario.set("persons=5000").expect("valid");
    scenario.set("contact_radius=0.028").expect("valid");
    let mut model = NanoModel::new(scenario.nano().expect("nano").clone(), 1);
    while model.ties().len() < 30_000 {
        model.step();
    }
    model
}

fn homes(model: &NanoModel) -> Vec<[f32; 2]> {
    model
        .population()
        .homes
        .iter()
        .map(|h| [h.x as f32, h.y as f32])
        .collect()
}

/// Ties and persons, as the map view draws them each frame.
#[divan::bench(sample_count = 30)]
fn map_frame(bencher: Bencher) {
    let model = busy_world();
    let positions = homes(&model);
    eprintln!(
        "map_frame: {} persons, {} ties",
        model.population().len(),
        model.ties().len()
    );
    let mut ties = Geometry::default();
    let mut persons = Geometry::default();
    bencher.bench_local(|| {
        let scene = Scene {
            model: &model,
            positions: &positions,
            selected: Some(17),
            colour_by: ColourBy::Community,
            colours: &nano_diplomacy::view::theme::DARK,
        };
        geometry::build_ties(&scene, &mut ties);
        geometry::build_persons(&scene, &mut persons);
        ties.triangles() + persons.triangles()
    });
}

/// One step of the network layout (the network view runs one per frame).
#[divan::bench(sample_count = 30)]
fn layout_step(bencher: Bencher) {
    let model = busy_world();
    let mut layout = NetworkLayout::new(&model);
    bencher.bench_local(|| layout.step(&model));
}

/// The marketplace as it ships and the same world with nobody holding a symbol, 600 ticks in:
/// the compare mode's two worlds at the default size.
fn compared_worlds() -> [NanoModel; 2] {
    ["marketplace", "no-symbols"].map(|name| {
        let scenario = Scenario::preset(name).expect("a preset");
        let mut model = NanoModel::new(scenario.nano().expect("nano").clone(), 1);
        for _ in 0..600 {
            model.step();
        }
        model
    })
}

/// Compare, the app's own work per frame: both worlds' ties and persons, and a step of both
/// network layouts (the network view's extra; the map view has none).
#[divan::bench(sample_count = 30)]
fn compare_frame(bencher: Bencher) {
    let worlds = compared_worlds();
    let positions = worlds.each_ref().map(homes);
    let mut layouts = worlds.each_ref().map(NetworkLayout::new);
    let mut buffers: [(Geometry, Geometry); 2] = Default::default();
    bencher.bench_local(|| {
        let mut triangles = 0;
        for (k, model) in worlds.iter().enumerate() {
            let scene = Scene {
                model,
                positions: &positions[k],
                selected: Some(17),
                colour_by: ColourBy::Community,
                colours: &nano_diplomacy::view::theme::DARK,
            };
            let (ties, persons) = &mut buffers[k];
            geometry::build_ties(&scene, ties);
            geometry::build_persons(&scene, persons);
            layouts[k].step(model);
            triangles += ties.triangles() + persons.triangles();
        }
        triangles
    });
}

/// Compare, the models' side: one tick of each world (at 20 ticks a second, one a frame), for
/// scale beside `compare_frame`.
#[divan::bench(sample_count = 30)]
fn compare_models_step(bencher: Bencher) {
    let worlds = compared_worlds();
    bencher
        .with_inputs(|| worlds.clone())
        .bench_local_values(|mut worlds| {
            for model in &mut worlds {
                model.step();
            }
            worlds
        });
}
