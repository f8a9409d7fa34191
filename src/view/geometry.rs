//! The scene as triangles: persons as discs, ties as quads of a width by stage, effects as
//! glows and rings. Built into plain vertex buffers, so the app uploads one mesh per layer
//! (never one entity per tie) and the cost is measured without a GPU.

use super::palette::{self, ColourBy, Rgba};
use super::theme::Colours;
use crate::sim::NanoModel;
use crate::sim::ties::{Stage, Tie};

/// The side of the world in world units (the unit square is scaled to it, centred on 0).
pub const WORLD_SIZE: f32 = 1000.0;

/// Vertex buffers for one mesh: positions, linear colours, triangle indices.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Geometry {
    /// Vertex positions (x, y, 0).
    pub positions: Vec<[f32; 3]>,
    /// Vertex colours, linear RGBA (what the GPU blends).
    pub colors: Vec<[f32; 4]>,
    /// Three indices per triangle.
    pub indices: Vec<u32>,
}

/// sRGB to linear, for one channel.
fn linear(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// An sRGB colour as linear RGBA.
pub fn to_linear(c: Rgba) -> [f32; 4] {
    [linear(c[0]), linear(c[1]), linear(c[2]), c[3]]
}

impl Geometry {
    /// Empties the buffers, keeping their memory.
    pub fn clear(&mut self) {
        self.positions.clear();
        self.colors.clear();
        self.indices.clear();
    }

    /// The number of triangles.
    pub fn triangles(&self) -> usize {
        self.indices.len() / 3
    }

    fn vertex(&mut self, p: [f32; 2], colour: [f32; 4]) -> u32 {
        self.positions.push([p[0], p[1], 0.0]);
        self.colors.push(colour);
        (self.positions.len() - 1) as u32
    }

    /// A line from `a` to `b` as a quad `width` wide.
    pub fn quad(&mut self, a: [f32; 2], b: [f32; 2], width: f32, colour: Rgba) {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let length = (dx * dx + dy * dy).sqrt();
        if length < 1e-6 {
            return;
        }
        let (nx, ny) = (-dy / length * width / 2.0, dx / length * width / 2.0);
        let c = to_linear(colour);
        let i = self.vertex([a[0] + nx, a[1] + ny], c);
        self.vertex([a[0] - nx, a[1] - ny], c);
        self.vertex([b[0] - nx, b[1] - ny], c);
        self.vertex([b[0] + nx, b[1] + ny], c);
        self.indices
            .extend_from_slice(&[i, i + 1, i + 2, i, i + 2, i + 3]);
    }

    /// A filled disc, as a fan of `segments` triangles.
    pub fn disc(&mut self, centre: [f32; 2], radius: f32, colour: Rgba, segments: u32) {
        self.disc_on(&UnitCircle::new(segments), centre, radius, colour);
    }

    /// A filled disc on a precomputed circle (many discs share one table of sines).
    pub fn disc_on(&mut self, circle: &UnitCircle, centre: [f32; 2], radius: f32, colour: Rgba) {
        let c = to_linear(colour);
        let middle = self.vertex(centre, c);
        for &(cos, sin) in &circle.points {
            self.vertex([centre[0] + radius * cos, centre[1] + radius * sin], c);
        }
        let segments = circle.points.len() as u32;
        for k in 0..segments {
            self.indices.extend_from_slice(&[
                middle,
                middle + 1 + k,
                middle + 1 + (k + 1) % segments,
            ]);
        }
    }

    /// A filled diamond (a square on its corner) reaching `half` from its centre.
    pub fn diamond(&mut self, centre: [f32; 2], half: f32, colour: Rgba) {
        let c = to_linear(colour);
        let [x, y] = centre;
        let i = self.vertex([x, y + half], c);
        self.vertex([x + half, y], c);
        self.vertex([x, y - half], c);
        self.vertex([x - half, y], c);
        self.indices
            .extend_from_slice(&[i, i + 1, i + 2, i, i + 2, i + 3]);
    }

    /// A ring between two radii.
    pub fn ring(&mut self, centre: [f32; 2], inner: f32, outer: f32, colour: Rgba, segments: u32) {
        let c = to_linear(colour);
        let first = self.positions.len() as u32;
        for k in 0..segments {
            let angle = std::f32::consts::TAU * k as f32 / segments as f32;
            let (s, co) = angle.sin_cos();
            self.vertex([centre[0] + inner * co, centre[1] + inner * s], c);
            self.vertex([centre[0] + outer * co, centre[1] + outer * s], c);
        }
        for k in 0..segments {
            let (i0, o0) = (first + 2 * k, first + 2 * k + 1);
            let next = (k + 1) % segments;
            let (i1, o1) = (first + 2 * next, first + 2 * next + 1);
            self.indices.extend_from_slice(&[i0, o0, o1, i0, o1, i1]);
        }
    }
}

/// Points around the unit circle, computed once for many discs.
#[derive(Clone, Debug)]
pub struct UnitCircle {
    points: Vec<(f32, f32)>,
}

impl UnitCircle {
    /// `segments` points, evenly spaced.
    pub fn new(segments: u32) -> Self {
        UnitCircle {
            points: (0..segments)
                .map(|k| {
                    let angle = std::f32::consts::TAU * k as f32 / segments as f32;
                    (angle.cos(), angle.sin())
                })
                .collect(),
        }
    }
}

/// A point of the unit square in world units.
pub fn to_world(p: [f32; 2]) -> [f32; 2] {
    [(p[0] - 0.5) * WORLD_SIZE, (p[1] - 0.5) * WORLD_SIZE]
}

/// A point in world units back in the unit square.
pub fn from_world(p: [f32; 2]) -> [f32; 2] {
    [p[0] / WORLD_SIZE + 0.5, p[1] / WORLD_SIZE + 0.5]
}

/// The radius of a person's disc in world units: smaller as the world fills up, so that discs
/// rarely overlap, but never too small to see.
pub fn person_radius(persons: usize) -> f32 {
    (0.32 * WORLD_SIZE / (persons.max(1) as f32).sqrt()).clamp(1.5, 14.0)
}

/// Where each person is drawn: at home (the map) or in the network layout.
#[derive(Clone, Copy, Debug)]
pub struct Scene<'a> {
    /// The model.
    pub model: &'a NanoModel,
    /// Each person's position in the unit square.
    pub positions: &'a [[f32; 2]],
    /// The person being inspected, whose ties are highlighted.
    pub selected: Option<u32>,
    /// What the persons' colours show.
    pub colour_by: ColourBy,
    /// The theme's colours.
    pub colours: &'a Colours,
}

/// The ties, acquaintances first and kin last so that kin lie on top; the selected person's
/// ties last of all, in white; ties between communities in crisis tinted.
pub fn build_ties(scene: &Scene, out: &mut Geometry) {
    out.clear();
    let persons = &scene.model.population().persons;
    let radius = person_radius(persons.len());
    let crisis = scene.model.crisis().map(|c| c.between);
    // One pass to sort the ties by stage, then one layer per stage.
    let mut by_stage: [Vec<Tie>; 3] = Default::default();
    for (_, tie) in scene.model.ties().iter() {
        by_stage[tie.stage as usize].push(tie);
    }
    for (stage, ties) in [Stage::Acquaintance, Stage::Friend, Stage::Kin]
        .into_iter()
        .zip(&by_stage)
    {
        let width = scene.colours.tie_width(stage) * radius;
        for tie in ties {
            let (ca, cb) = (
                persons[tie.a as usize].community,
                persons[tie.b as usize].community,
            );
            let in_crisis = crisis.is_some_and(|(x, y)| (ca, cb) == (x, y) || (ca, cb) == (y, x));
            let colour = scene.colours.tie(stage, ca != cb, in_crisis);
            out.quad(
                to_world(scene.positions[tie.a as usize]),
                to_world(scene.positions[tie.b as usize]),
                width,
                colour,
            );
        }
    }
    if let Some(selected) = scene.selected {
        for &(partner, id) in scene.model.ties().of(selected) {
            let stage = scene.model.ties().get(id).stage;
            out.quad(
                to_world(scene.positions[selected as usize]),
                to_world(scene.positions[partner as usize]),
                scene.colours.tie_width(stage) * radius * 1.5,
                scene.colours.selected,
            );
        }
    }
}

/// The persons as discs in their colours, the selected one ringed.
pub fn build_persons(scene: &Scene, out: &mut Geometry) {
    out.clear();
    let colours = palette::person_colours_in(scene.model, scene.colour_by, scene.colours);
    let radius = person_radius(colours.len());
    let circle = UnitCircle::new(if colours.len() > 20_000 { 6 } else { 12 });
    for (p, colour) in colours.iter().enumerate() {
        let centre = to_world(scene.positions[p]);
        // An outline first (on white), the fill a little smaller over it.
        if let Some(outline) = scene.colours.outline {
            out.disc_on(&circle, centre, radius, outline);
            out.disc_on(&circle, centre, radius * 0.78, *colour);
        } else {
            out.disc_on(&circle, centre, radius, *colour);
        }
    }
    if let Some(selected) = scene.selected {
        let centre = to_world(scene.positions[selected as usize]);
        out.ring(
            centre,
            radius * 1.4,
            radius * 2.0,
            scene.colours.selected,
            24,
        );
    }
}

/// A tie glowing, `age` seconds after it formed (it fades over [`GLOW_SECONDS`]).
pub fn kin_glow(
    a: [f32; 2],
    b: [f32; 2],
    cross_community: bool,
    age: f32,
    radius: f32,
    out: &mut Geometry,
) {
    let fade = (1.0 - age / GLOW_SECONDS).clamp(0.0, 1.0);
    // The dark theme's gold shows as a glow on white too.
    let colour = if cross_community {
        palette::KIN_ACROSS
    } else {
        palette::KIN_WITHIN
    };
    let (a, b) = (to_world(a), to_world(b));
    // Small and brief: it marks a moment without hiding the map around it.
    out.quad(
        a,
        b,
        radius * (1.0 + 1.2 * fade),
        [colour[0], colour[1], colour[2], 0.5 * fade],
    );
    for end in [a, b] {
        out.disc(
            end,
            radius * (1.2 + 0.6 * fade),
            [colour[0], colour[1], colour[2], 0.4 * fade],
            16,
        );
    }
}

/// A public event's ring spreading from its speaker, `age` seconds after it began.
pub fn public_ring(centre: [f32; 2], reach: f32, age: f32, out: &mut Geometry) {
    let progress = (age / RING_SECONDS).clamp(0.0, 1.0);
    let outer = reach * (0.15 + 0.85 * progress);
    let width = (reach * 0.06).max(1.0);
    let colour = [1.0, 1.0, 1.0, 0.6 * (1.0 - progress)];
    out.ring(
        to_world(centre),
        (outer - width).max(0.0),
        outer,
        colour,
        48,
    );
}

/// Where a symbol passing from `from` to `to` is, `age` seconds after it set off (it takes
/// [`MARK_SECONDS`], starting and arriving gently), or `None` once it has arrived.
pub fn mark_position(from: [f32; 2], to: [f32; 2], age: f32) -> Option<[f32; 2]> {
    let t = age / MARK_SECONDS;
    if !(0.0..1.0).contains(&t) {
        return None;
    }
    let eased = t * t * (3.0 - 2.0 * t);
    Some([
        from[0] + (to[0] - from[0]) * eased,
        from[1] + (to[1] - from[1]) * eased,
    ])
}

/// A symbol on its way, at `at` (in the unit square): a disc for a verbal symbol, a diamond
/// for a non-verbal one, in the colour of its community of origin, outlined in dark so that it
/// stands out on discs of the same colour.
pub fn symbol_mark(at: [f32; 2], radius: f32, colour: Rgba, verbal: bool, out: &mut Geometry) {
    let centre = to_world(at);
    let outline = [0.05, 0.05, 0.08, 0.95];
    for (size, colour) in [(radius * 1.35, outline), (radius, colour)] {
        if verbal {
            out.disc(centre, size, colour, 16);
        } else {
            out.diamond(centre, size * 1.25, colour);
        }
    }
}

/// How long a symbol takes to travel from giver to taker, in seconds.
pub const MARK_SECONDS: f32 = 0.9;

/// How long a new kin tie glows, in seconds.
pub const GLOW_SECONDS: f32 = 1.0;
/// How long a public event's ring spreads, in seconds.
pub const RING_SECONDS: f32 = 1.2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testing::small_params;

    #[test]
    fn a_symbol_travels_from_giver_to_taker_and_is_gone_on_arrival() {
        let (from, to) = ([0.1, 0.2], [0.5, 0.6]);
        assert_eq!(mark_position(from, to, 0.0), Some(from));
        let middle = mark_position(from, to, MARK_SECONDS / 2.0).unwrap();
        assert!((middle[0] - 0.3).abs() < 1e-6 && (middle[1] - 0.4).abs() < 1e-6);
        let late = mark_position(from, to, MARK_SECONDS * 0.95).unwrap();
        assert!(late[0] > 0.49 && late[0] < 0.5, "{late:?}");
        assert_eq!(mark_position(from, to, MARK_SECONDS), None);
        let mut disc = Geometry::default();
        symbol_mark(middle, 3.0, palette::category(1), true, &mut disc);
        let mut diamond = Geometry::default();
        symbol_mark(middle, 3.0, palette::category(1), false, &mut diamond);
        // Two layers each (outline and fill): 16 triangles a disc, 2 a diamond.
        assert_eq!((disc.triangles(), diamond.triangles()), (32, 4));
    }

    #[test]
    fn one_quad_per_tie_and_one_disc_per_person() {
        let mut model = NanoModel::new(small_params(), 3);
        for _ in 0..30 {
            model.step();
        }
        let positions: Vec<[f32; 2]> = model
            .population()
            .homes
            .iter()
            .map(|h| [h.x as f32, h.y as f32])
            .collect();
        let scene = Scene {
            model: &model,
            positions: &positions,
            selected: None,
            colour_by: ColourBy::Community,
            colours: &crate::view::theme::DARK,
        };
        let mut ties = Geometry::default();
        build_ties(&scene, &mut ties);
        // Household members can share a spot only if jitter put them there: each tie is a quad.
        assert_eq!(ties.triangles(), 2 * model.ties().len());
        assert_eq!(ties.positions.len(), ties.colors.len());
        assert!(
            ties.indices
                .iter()
                .all(|&i| (i as usize) < ties.positions.len())
        );
        let mut persons = Geometry::default();
        build_persons(&scene, &mut persons);
        assert_eq!(persons.triangles(), 12 * model.population().len());

        let selected = Scene {
            selected: Some(0),
            ..scene
        };
        build_ties(&selected, &mut ties);
        assert_eq!(
            ties.triangles(),
            2 * (model.ties().len() + model.ties().degree(0))
        );
    }

    #[test]
    fn world_coordinates_round_trip() {
        let p = [0.25, 0.8];
        let back = from_world(to_world(p));
        assert!((back[0] - p[0]).abs() < 1e-6 && (back[1] - p[1]).abs() < 1e-6);
        assert_eq!(to_world([0.5, 0.5]), [0.0, 0.0]);
    }

    #[test]
    fn linear_colours_keep_black_white_and_alpha() {
        assert_eq!(to_linear([0.0, 1.0, 0.0, 0.3]), [0.0, 1.0, 0.0, 0.3]);
        assert!((to_linear([0.5, 0.5, 0.5, 1.0])[0] - 0.214).abs() < 0.001);
    }
}
