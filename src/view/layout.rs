//! The kinship network's layout: a force-directed layout (after Fruchterman and Reingold) that
//! starts from the persons' homes and moves a little each frame, so ties pull kin together
//! smoothly as they form.
//!
//! Repulsion acts only between persons in neighbouring grid cells, which keeps a step linear in
//! the number of persons and ties; friends and kin attract; a weak pull keeps the whole near
//! the centre. No randomness: the same state gives the same picture.

use crate::sim::NanoModel;
use crate::sim::ties::Stage;

/// Positions of persons in the network view, in the coordinates of homes (the unit square,
/// which the layout may spill over a little).
#[derive(Clone, Debug)]
pub struct NetworkLayout {
    positions: Vec<[f32; 2]>,
    /// How far a person may move in one step; it cools towards a floor so that the layout
    /// settles but still follows new ties.
    temperature: f32,
    cell_start: Vec<u32>,
    by_cell: Vec<u32>,
}

const START_TEMPERATURE: f32 = 0.02;
const FLOOR_TEMPERATURE: f32 = 0.002;
const COOLING: f32 = 0.985;
/// Strength of the far repulsion against the near one.
const FAR_REPULSION: f32 = 1.0;
/// Strength of the pull to the centre.
const GRAVITY: f32 = 0.02;

impl NetworkLayout {
    /// A layout that starts where the persons live.
    pub fn new(model: &NanoModel) -> Self {
        let homes = &model.population().homes;
        NetworkLayout {
            positions: homes.iter().map(|h| [h.x as f32, h.y as f32]).collect(),
            temperature: START_TEMPERATURE,
            cell_start: Vec::new(),
            by_cell: Vec::new(),
        }
    }

    /// The current positions, one per person.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.positions
    }

    /// One step of the layout for the model's current ties.
    pub fn step(&mut self, model: &NanoModel) {
        if self.positions.len() != model.population().len() {
            // A new world: start again from its homes.
            *self = NetworkLayout::new(model);
        }
        let n = self.positions.len();
        if n < 2 {
            return;
        }
        // The ideal distance between neighbours: the square shared out evenly, a little
        // tighter so that clusters read as clusters.
        let k = 0.7 * (1.0 / n as f32).sqrt();
        let mut force = vec![[0.0f32; 2]; n];

        // Repulsion, k^2 / d, from persons within two cells (cell width 2k).
        let cell = 2.0 * k;
        let side = ((1.5 / cell).ceil() as i32).clamp(1, 1024);
        let cell_of = |p: [f32; 2]| -> (i32, i32) {
            let x = (((p[0] + 0.25) / cell) as i32).clamp(0, side - 1);
            let y = (((p[1] + 0.25) / cell) as i32).clamp(0, side - 1);
            (x, y)
        };
        self.bucket(side, &cell_of);
        for (i, push) in force.iter_mut().enumerate() {
            let p = self.positions[i];
            let (cx, cy) = cell_of(p);
            for y in (cy - 1).max(0)..=(cy + 1).min(side - 1) {
                for x in (cx - 1).max(0)..=(cx + 1).min(side - 1) {
                    let c = (y * side + x) as usize;
                    for &j in
                        &self.by_cell[self.cell_start[c] as usize..self.cell_start[c + 1] as usize]
                    {
                        let j = j as usize;
                        if j == i {
                            continue;
                        }
                        let q = self.positions[j];
                        let (mut dx, mut dy) = (p[0] - q[0], p[1] - q[1]);
                        let mut d2 = dx * dx + dy * dy;
                        if d2 < 1e-12 {
                            // Two persons at one spot: part them along a fixed direction.
                            let angle = (i as f32 - j as f32) * 2.399_963;
                            dx = angle.cos() * 1e-4;
                            dy = angle.sin() * 1e-4;
                            d2 = 1e-8;
                        }
                        if d2 < cell * cell {
                            let f = k * k / d2;
                            push[0] += dx * f;
                            push[1] += dy * f;
                        }
                    }
                }
            }
        }

        // Far repulsion: every person is pushed by the mass of each coarse cell of an 8 x 8
        // grid from its centre of mass (a Barnes-Hut of one level), so that a dense network
        // spreads out instead of collapsing into a ball.
        const COARSE: usize = 8;
        let coarse_of = |p: [f32; 2]| -> usize {
            let x = (((p[0] + 0.25) / 1.5 * COARSE as f32) as usize).min(COARSE - 1);
            let y = (((p[1] + 0.25) / 1.5 * COARSE as f32) as usize).min(COARSE - 1);
            y * COARSE + x
        };
        let mut mass = [[0.0f32; 3]; COARSE * COARSE];
        for &p in &self.positions {
            let c = coarse_of(p);
            mass[c][0] += p[0];
            mass[c][1] += p[1];
            mass[c][2] += 1.0;
        }
        for (p, push) in self.positions.iter().zip(&mut force) {
            for m in mass.iter().filter(|m| m[2] > 0.0) {
                let (cx, cy) = (m[0] / m[2], m[1] / m[2]);
                let (dx, dy) = (p[0] - cx, p[1] - cy);
                let d2 = dx * dx + dy * dy;
                // Near cells are the exact repulsion's work.
                if d2 > cell * cell {
                    let f = FAR_REPULSION * k * k * m[2] / d2;
                    push[0] += dx * f;
                    push[1] += dy * f;
                }
            }
        }

        // Attraction along friendships and kinship: springs, kin five times as strong as friends.
        for (_, tie) in model.ties().iter() {
            let weight = match tie.stage {
                Stage::Acquaintance => continue,
                Stage::Friend => 0.02,
                Stage::Kin => 0.1,
            };
            let (a, b) = (tie.a as usize, tie.b as usize);
            let (dx, dy) = (
                self.positions[b][0] - self.positions[a][0],
                self.positions[b][1] - self.positions[a][1],
            );
            let f = weight / k;
            force[a][0] += dx * f;
            force[a][1] += dy * f;
            force[b][0] -= dx * f;
            force[b][1] -= dy * f;
        }

        // A weak pull to the centre, then a step bounded by the temperature.
        for (p, f) in self.positions.iter_mut().zip(&mut force) {
            f[0] += (0.5 - p[0]) * GRAVITY / k;
            f[1] += (0.5 - p[1]) * GRAVITY / k;
            let length = (f[0] * f[0] + f[1] * f[1]).sqrt();
            if length > 0.0 {
                let step = length.min(self.temperature) / length;
                p[0] = (p[0] + f[0] * step).clamp(-0.25, 1.25);
                p[1] = (p[1] + f[1] * step).clamp(-0.25, 1.25);
            }
        }
        self.temperature = (self.temperature * COOLING).max(FLOOR_TEMPERATURE);
    }

    /// Sorts persons into grid cells (counting sort), for the repulsion's neighbour search.
    fn bucket(&mut self, side: i32, cell_of: &impl Fn([f32; 2]) -> (i32, i32)) {
        let cells = (side * side) as usize;
        self.cell_start.clear();
        self.cell_start.resize(cells + 1, 0);
        let index: Vec<usize> = self
            .positions
            .iter()
            .map(|&p| {
                let (x, y) = cell_of(p);
                (y * side + x) as usize
            })
            .collect();
        for &c in &index {
            self.cell_start[c + 1] += 1;
        }
        for c in 1..=cells {
            self.cell_start[c] += self.cell_start[c - 1];
        }
        let mut next = self.cell_start.clone();
        self.by_cell.clear();
        self.by_cell.resize(index.len(), 0);
        for (person, &c) in index.iter().enumerate() {
            self.by_cell[next[c] as usize] = person as u32;
            next[c] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testing::small_params;

    fn distance(a: [f32; 2], b: [f32; 2]) -> f32 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn kin_end_up_closer_than_strangers() {
        let mut model = NanoModel::new(small_params(), 5);
        for _ in 0..50 {
            model.step();
        }
        let mut layout = NetworkLayout::new(&model);
        for _ in 0..300 {
            layout.step(&model);
        }
        let p = layout.positions();
        let kin: Vec<f32> = model
            .ties()
            .iter()
            .filter(|(_, t)| t.stage == Stage::Kin)
            .map(|(_, t)| distance(p[t.a as usize], p[t.b as usize]))
            .collect();
        let mean_kin = kin.iter().sum::<f32>() / kin.len() as f32;
        let n = p.len();
        let mut all = 0.0;
        let mut pairs = 0;
        for i in 0..n {
            for j in i + 1..n {
                all += distance(p[i], p[j]);
                pairs += 1;
            }
        }
        let mean_all = all / pairs as f32;
        assert!(
            mean_kin < 0.5 * mean_all,
            "kin {mean_kin}, everyone {mean_all}"
        );
        assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
    }

    #[test]
    fn a_step_moves_persons_only_a_little() {
        let model = NanoModel::new(small_params(), 2);
        let mut layout = NetworkLayout::new(&model);
        let before = layout.positions().to_vec();
        layout.step(&model);
        for (a, b) in before.iter().zip(layout.positions()) {
            assert!(distance(*a, *b) <= START_TEMPERATURE * 1.001);
        }
    }

    #[test]
    fn the_same_state_gives_the_same_layout() {
        let model = NanoModel::new(small_params(), 9);
        let mut a = NetworkLayout::new(&model);
        let mut b = NetworkLayout::new(&model);
        for _ in 0..20 {
            a.step(&model);
            b.step(&model);
        }
        assert_eq!(a.positions(), b.positions());
    }
}
