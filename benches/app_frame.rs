//! The app's own work per frame, without Bevy or a GPU: building the ties', persons' and
//! effects' vertex buffers and one step of the network layout, for a world of 5,000 persons
//! and at least 30,000 ties. (Uploading the buffers and egui's panels are not included.)
//! Run with `cargo bench --no-default-features --bench app_frame`.

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
