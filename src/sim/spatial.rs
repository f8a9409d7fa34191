//! A uniform grid over the unit square that finds a person's neighbours without scanning everyone.
//!
//! Homes never move, so the index is built once: persons sorted by cell (row-major), with the
//! start of each cell's run. A row of three neighbouring cells is then one contiguous run, and a
//! uniform draw among persons within the contact radius is a rejection draw from the 3 x 3 block.

use serde::{Deserialize, Serialize};

use super::rng::{ModelRng, below};

/// A point in the world, the unit square.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// From 0 (west) to 1 (east).
    pub x: f64,
    /// From 0 (south) to 1 (north).
    pub y: f64,
}

impl Position {
    /// The squared distance to another point.
    pub fn distance_squared(self, other: Position) -> f64 {
        let dx = self.x - other.x;
        let dy = self.y - other.y;
        dx * dx + dy * dy
    }
}

/// Persons bucketed by grid cell, for drawing a partner near home.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SpatialIndex {
    cells_per_side: u32,
    radius: f64,
    /// `cell_start[c]..cell_start[c + 1]` indexes `persons` for cell `c`.
    cell_start: Vec<u32>,
    /// Person ids sorted by cell, then by id.
    persons: Vec<u32>,
    /// Their homes, in the same order: a draw reads neighbouring memory, not the whole world.
    positions: Vec<Position>,
}

/// How many rejection draws before falling back to an exact scan of the block. Within the
/// radius lie about a third of the block's persons, so 32 failures in a row are rare.
const REJECTION_TRIES: u32 = 32;

impl SpatialIndex {
    /// The persons (indices into `homes`) in the index's order: by cell, row by row from the
    /// south-west corner, then by index (the index's own listing). A population numbered in
    /// this order keeps neighbours' data near each other in memory, and its index lists
    /// persons `0, 1, 2, ...`.
    pub fn spatial_order(homes: &[Position], radius: f64) -> Vec<u32> {
        Self::new(homes, radius).persons
    }

    /// Builds the index for these homes and contact radius.
    pub fn new(homes: &[Position], radius: f64) -> Self {
        // Cells at least as wide as the radius, so the 3 x 3 block covers the disc; no more
        // cells than persons, so sparse worlds do not pay for empty cells.
        let by_radius = (1.0 / radius).floor().clamp(1.0, 4096.0) as u32;
        let by_count = ((homes.len() as f64).sqrt().ceil() as u32).max(1);
        let cells_per_side = by_radius.min(by_count).max(1);
        let cell_count = (cells_per_side * cells_per_side) as usize;
        let cell_of = |p: Position| -> usize {
            let side = cells_per_side as f64;
            let cx = ((p.x * side) as u32).min(cells_per_side - 1);
            let cy = ((p.y * side) as u32).min(cells_per_side - 1);
            (cy * cells_per_side + cx) as usize
        };
        let mut counts = vec![0u32; cell_count + 1];
        for &home in homes {
            counts[cell_of(home) + 1] += 1;
        }
        for c in 1..=cell_count {
            counts[c] += counts[c - 1];
        }
        let cell_start = counts.clone();
        let mut next = counts;
        let mut persons = vec![0u32; homes.len()];
        let mut positions = vec![Position { x: 0.0, y: 0.0 }; homes.len()];
        for (id, &home) in homes.iter().enumerate() {
            let cell = cell_of(home);
            persons[next[cell] as usize] = id as u32;
            positions[next[cell] as usize] = home;
            next[cell] += 1;
        }
        SpatialIndex {
            cells_per_side,
            radius,
            cell_start,
            persons,
            positions,
        }
    }

    /// Whether the index is whole and holds `persons` persons (for checking a loaded run).
    pub fn fits(&self, persons: usize) -> bool {
        let cells = (self.cells_per_side as usize).pow(2);
        self.cells_per_side >= 1
            && self.radius > 0.0
            && self.persons.len() == persons
            && self.positions.len() == persons
            && self.cell_start.len() == cells + 1
            && self.cell_start.windows(2).all(|w| w[0] <= w[1])
            && self.cell_start.last() == Some(&(persons as u32))
            && self.persons.iter().all(|&p| (p as usize) < persons)
    }

    /// The three row runs of the 3 x 3 block of cells around `at`, as ranges into `persons`.
    fn block(&self, at: Position) -> [(u32, u32); 3] {
        let side = self.cells_per_side;
        let cx = ((at.x * side as f64) as u32).min(side - 1);
        let cy = ((at.y * side as f64) as u32).min(side - 1);
        let x0 = cx.saturating_sub(1);
        let x1 = (cx + 1).min(side - 1);
        let mut rows = [(0, 0); 3];
        let y0 = cy.saturating_sub(1);
        let y1 = (cy + 1).min(side - 1);
        for (slot, y) in (y0..=y1).enumerate() {
            let first = (y * side + x0) as usize;
            let last = (y * side + x1) as usize;
            rows[slot] = (self.cell_start[first], self.cell_start[last + 1]);
        }
        rows
    }

    /// A person other than `me`, drawn uniformly among those whose home lies within the radius of
    /// `homes[me]`; `None` if there is nobody.
    pub fn draw_neighbour(&self, me: u32, homes: &[Position], rng: &mut ModelRng) -> Option<u32> {
        let at = homes[me as usize];
        let radius_squared = self.radius * self.radius;
        let rows = self.block(at);
        let total: u32 = rows.iter().map(|(a, b)| b - a).sum();
        if total <= 1 {
            return None;
        }
        // The k-th slot of the block, as an index into `persons` and `positions`.
        let slot = |k: u32| -> usize {
            let mut k = k;
            for (start, end) in rows {
                let len = end - start;
                if k < len {
                    return (start + k) as usize;
                }
                k -= len;
            }
            unreachable!("k is below the block's total")
        };
        let within = |slot: usize| {
            self.persons[slot] != me && self.positions[slot].distance_squared(at) <= radius_squared
        };
        // Rejection from the block: uniform over the block, kept when within the radius, is
        // uniform over those within the radius.
        for _ in 0..REJECTION_TRIES {
            let k = slot(below(rng, total));
            if within(k) {
                return Some(self.persons[k]);
            }
        }
        // Rarely (a thin neighbourhood): list those within the radius and draw among them.
        let candidates: Vec<usize> = (0..total).map(slot).filter(|&k| within(k)).collect();
        if candidates.is_empty() {
            None
        } else {
            Some(self.persons[candidates[below(rng, candidates.len() as u32) as usize]])
        }
    }

    /// Every person within the radius of `at`, in index order (for tests and inspection).
    pub fn within_radius(&self, at: Position, homes: &[Position]) -> Vec<u32> {
        let radius_squared = self.radius * self.radius;
        let mut found: Vec<u32> = self
            .block(at)
            .iter()
            .flat_map(|&(a, b)| self.persons[a as usize..b as usize].iter().copied())
            .filter(|&o| homes[o as usize].distance_squared(at) <= radius_squared)
            .collect();
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{seeded, unit};

    fn random_homes(n: usize, seed: u64) -> Vec<Position> {
        let mut rng = seeded(seed);
        (0..n)
            .map(|_| Position {
                x: unit(&mut rng),
                y: unit(&mut rng),
            })
            .collect()
    }

    #[test]
    fn finds_exactly_those_within_the_radius() {
        let homes = random_homes(2_000, 3);
        for radius in [0.01, 0.05, 0.2, 0.7] {
            let index = SpatialIndex::new(&homes, radius);
            for probe in [0, 17, 999, 1_999] {
                let at = homes[probe];
                let expected: Vec<u32> = (0..homes.len() as u32)
                    .filter(|&o| homes[o as usize].distance_squared(at) <= radius * radius)
                    .collect();
                assert_eq!(index.within_radius(at, &homes), expected, "radius {radius}");
            }
        }
    }

    #[test]
    fn draws_only_neighbours_and_all_of_them_evenly() {
        let homes = random_homes(3_000, 5);
        let index = SpatialIndex::new(&homes, 0.05);
        let me = 42;
        let neighbours: Vec<u32> = index
            .within_radius(homes[me as usize], &homes)
            .into_iter()
            .filter(|&o| o != me)
            .collect();
        assert!(neighbours.len() > 5);
        let mut rng = seeded(9);
        let mut counts = std::collections::BTreeMap::new();
        let draws = 2_000 * neighbours.len();
        for _ in 0..draws {
            let other = index.draw_neighbour(me, &homes, &mut rng).unwrap();
            *counts.entry(other).or_insert(0usize) += 1;
        }
        assert_eq!(counts.keys().copied().collect::<Vec<_>>(), neighbours);
        for (&other, &count) in &counts {
            assert!(
                (1_700..2_300).contains(&count),
                "{other} drawn {count} times"
            );
        }
    }

    #[test]
    fn a_lone_person_has_no_neighbour() {
        let homes = vec![Position { x: 0.1, y: 0.1 }, Position { x: 0.9, y: 0.9 }];
        let index = SpatialIndex::new(&homes, 0.1);
        let mut rng = seeded(1);
        assert_eq!(index.draw_neighbour(0, &homes, &mut rng), None);
    }
}
