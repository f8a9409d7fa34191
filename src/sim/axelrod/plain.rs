//! The plain method, fast: every event drawn as the paper does (a site, a neighbour, the
//! interaction), from one random word, with the bonds' overlaps updated without branches.

use rand::Rng;

use super::grid::Link;
use super::{AxelrodMethod, AxelrodModel, AxelrodOutcome};
use crate::sim::rng::{ModelRng, below};

impl AxelrodModel {
    /// One event. On a 1 x 1 grid (no neighbour) it only counts.
    pub fn step(&mut self) {
        let limit = self.events + 1;
        self.events_until(limit, false);
    }

    /// The plain method: events until `limit` events have been done in all, and, if
    /// `until_converged`, no longer than an active bond is left.
    ///
    /// The loop works on locals (the generator, the counters, and the arrays borrowed as
    /// slices in [`Parts`]) so that the compiler keeps them in registers instead of reloading
    /// them from the model after every store.
    fn events_until(&mut self, limit: u64, until_converged: bool) {
        let mut rng = self.rng.clone();
        let mut events = self.events;
        let (mut parts, draw) = self.parts_and_draw();
        if !(until_converged && parts.active == 0) {
            // Only an event that changed something can have settled the last active bond.
            while events < limit {
                events += 1;
                if parts.event(&draw, &mut rng) && until_converged && parts.active == 0 {
                    break;
                }
            }
        }
        let active = parts.active;
        self.active = active;
        self.events = events;
        self.rng = rng;
    }

    /// The arrays and counts an event reads and writes, borrowed apart from the rest.
    pub(super) fn parts(&mut self) -> Parts<'_> {
        self.parts_and_draw().0
    }

    /// [`parts`](Self::parts), and what an event's draw needs.
    fn parts_and_draw(&mut self) -> (Parts<'_>, EventDraw<'_>) {
        let draw = EventDraw {
            sites: u64::from(self.sites),
            features: self.params.features,
            site_reject: self.site_reject,
            trial_accept: self.trial_accept,
            interact_below: &self.interact_below,
        };
        let parts = Parts {
            cultures: &mut self.cultures,
            overlaps: &mut self.overlaps,
            kinds: &self.kinds,
            directions: self.directions,
            width: self.width,
            features: self.params.features as u8,
            active: self.active,
        };
        (parts, draw)
    }

    /// Events until no active bond is left, or until `max_events` events have been done in all
    /// (counting those before this call), whichever comes first.
    pub fn run(&mut self, max_events: Option<u64>) -> AxelrodOutcome {
        self.events_until(max_events.unwrap_or(u64::MAX), true);
        self.outcome()
    }

    /// Runs with the given method: [`run`](Self::run) or [`run_nfold`](Self::run_nfold).
    pub fn run_with(&mut self, method: AxelrodMethod, max_events: Option<u64>) -> AxelrodOutcome {
        match method {
            AxelrodMethod::Plain => self.run(max_events),
            AxelrodMethod::NFold => self.run_nfold(max_events),
        }
    }
}

/// Per 8-bit mask, the position of its `k`-th set bit (from 0, lowest first; 0 past the last).
const NTH_SET_BIT: [[u8; 8]; 256] = {
    let mut table = [[0u8; 8]; 256];
    let mut mask = 0;
    while mask < 256 {
        let mut k = 0;
        let mut bit = 0;
        while bit < 8 {
            if mask & (1 << bit) != 0 {
                table[mask][k] = bit as u8;
                k += 1;
            }
            bit += 1;
        }
        mask += 1;
    }
    table
};

/// What an event's draw needs to know of the grid, copied into locals for the hot loop.
struct EventDraw<'a> {
    sites: u64,
    features: u32,
    site_reject: u32,
    trial_accept: u32,
    interact_below: &'a [u32; 256],
}

/// The parts of the model an event reads and writes: the arrays borrowed as slices, and the
/// running count of active bonds.
pub(super) struct Parts<'a> {
    cultures: &'a mut [u8],
    overlaps: &'a mut [u8],
    kinds: &'a [u8],
    directions: [Link; 4],
    width: usize,
    features: u8,
    pub(super) active: u64,
}

impl Parts<'_> {
    /// One event (the counter is the caller's), drawing from `rng`.
    ///
    /// One 64-bit word gives the event's draws, each on its own bits (docs/model.md, section 8,
    /// states them exactly): the site from bits 0-31 by Lemire's multiply-and-reject method;
    /// the trial from bits 32-47, `r`, accepted below `F⌊2^16/F⌋`, the pair interacting when
    /// `r < k⌊2^16/F⌋` for overlap `k` (a table; probability exactly `k/F`, and 0 where
    /// `k = F`); a direction from bits 48-49. If the site or the trial is rejected the whole
    /// word is redrawn; the accepted words are uniform over a product of sets that each map
    /// evenly onto their range, so the draws are exact and independent. If the site has no
    /// neighbour in the direction drawn (an edge or a corner), the direction alone is redrawn
    /// until it has one, which makes the neighbour uniform among the site's neighbours. If the
    /// pair interacts, the feature to copy (`0..F - k`) comes from bits 50-63 by Lemire's
    /// method, or from a fresh `below` if those bits fall in the rejection zone. One word and
    /// one hard-to-predict branch per event, instead of four draws and three branches, and no
    /// table lookup between the site and its bond, is what makes the loop fast.
    #[inline(always)]
    fn event(&mut self, draw: &EventDraw, rng: &mut ModelRng) -> bool {
        let (word, site, trial) = loop {
            let word = rng.next_u64();
            let site = (word & 0xffff_ffff) * draw.sites;
            let trial = ((word >> 32) & 0xffff) as u32;
            if (site as u32) >= draw.site_reject && trial < draw.trial_accept {
                break (word, (site >> 32) as usize, trial);
            }
        };
        let kind = self.kinds[site];
        let direction = (word >> 48) as usize & 3;
        let direction = if kind >> direction & 1 != 0 {
            direction
        } else {
            match redraw_direction(kind, rng) {
                Some(direction) => direction,
                // A 1 x 1 grid: no neighbour, the event only counts.
                None => return false,
            }
        };
        let link = self.directions[direction];
        let overlap = self.overlaps[(2 * site).wrapping_add(link.bond)];
        // Interaction with probability overlap / F, and only on an active bond (the table's
        // bound is 0 where overlap = F): one comparison, one branch.
        if trial < draw.interact_below[usize::from(overlap)] {
            let differing = draw.features - u32::from(overlap);
            let product = (word >> 50) as u32 * differing;
            let low = product & 0x3fff;
            // Lemire's test in two steps: `low >= differing` is enough, and cheaper than
            // computing the exact bound `2^14 mod differing` (which is below `differing`).
            let pick = if low >= differing || low >= (1 << 14) % differing {
                product >> 14
            } else {
                below(rng, differing)
            };
            self.copy_trait_then(site, site.wrapping_add(link.site), pick, |_, _, _| {});
            return true;
        }
        false
    }

    /// Site `s` copies from `n` the trait of the `pick`-th feature where they differ, and the
    /// overlaps of `s`'s bonds and the active count follow; `on_bond(neighbour, before,
    /// after)` is called for each bond of `s` whose overlap changed.
    #[inline(always)]
    pub(super) fn copy_trait_then(
        &mut self,
        s: usize,
        n: usize,
        pick: u32,
        mut on_bond: impl FnMut(usize, u8, u8),
    ) {
        let width = self.width;
        let feature = self.differing_feature(s, n, pick);
        let old = self.cultures[s * width + feature];
        let new = self.cultures[n * width + feature];
        self.cultures[s * width + feature] = new;
        let features = self.features;
        let kind = self.kinds[s];
        let spare = self.overlaps.len() - 1;
        let mut active = self.active;
        // Without branches on the data: all four directions, each bond's overlap rising by one
        // if the neighbour has the new trait and falling by one if it had the old one. A
        // direction without a neighbour reads `s` itself and writes the spare slot, with no
        // change (its delta is masked to 0); a bond whose overlap does not change is stored
        // unchanged. Fixed work instead of a loop over the degree, whose exit the processor
        // mispredicts on every edge.
        let is_active = |o: u8| u64::from(o.wrapping_sub(1) < features - 1);
        for (direction, link) in self.directions.iter().enumerate() {
            let exists = kind >> direction & 1 != 0;
            let m = if exists { s.wrapping_add(link.site) } else { s };
            let slot = if exists {
                (2 * s).wrapping_add(link.bond)
            } else {
                spare
            };
            let theirs = self.cultures[m * width + feature];
            let before = self.overlaps[slot];
            let delta = u8::from(theirs == new).wrapping_sub(u8::from(theirs == old));
            let after = before.wrapping_add(delta & 0u8.wrapping_sub(u8::from(exists)));
            self.overlaps[slot] = after;
            active = active + is_active(after) - is_active(before);
            if after != before {
                on_bond(m, before, after);
            }
        }
        self.active = active;
    }

    /// The `pick`-th (from 0) feature on which sites `s` and `n` differ; there must be more
    /// than `pick` of them.
    #[inline(always)]
    fn differing_feature(&self, s: usize, n: usize, pick: u32) -> usize {
        let width = self.width;
        if width <= 8 {
            // Up to eight features: compare the two cultures as two 8-byte words (the culture
            // vector has 7 bytes of padding so that the last site can be read so), mark the
            // bytes that differ, gather one bit per byte and look the pick up in a table.
            let word = |site: usize| {
                let bytes = &self.cultures[site * width..site * width + 8];
                u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
            };
            let ours = u64::MAX >> (64 - 8 * width);
            let x = (word(s) ^ word(n)) & ours;
            const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
            let high = (((x & LOW7) + LOW7) | x) & !LOW7;
            let mask = ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as usize;
            debug_assert!(
                pick < mask.count_ones(),
                "the sites differ on more than `pick`"
            );
            return usize::from(NTH_SET_BIT[mask][pick as usize & 7]);
        }
        let mine = &self.cultures[s * width..][..width];
        let theirs = &self.cultures[n * width..][..width];
        let mut pick = pick;
        for (f, (a, b)) in mine.iter().zip(theirs).enumerate() {
            if a != b {
                if pick == 0 {
                    return f;
                }
                pick -= 1;
            }
        }
        unreachable!("the sites differ on more than `pick` features")
    }
}

/// A direction drawn uniformly (two bits of a fresh word) until a site of this kind has a
/// neighbour in it; `None` if it has none at all. Inlined, although rare, so that the
/// generator's state never has to leave the registers for a call.
#[inline(always)]
fn redraw_direction(kind: u8, rng: &mut ModelRng) -> Option<usize> {
    if kind & 15 == 0 {
        return None;
    }
    loop {
        let direction = (rng.next_u64() >> 62) as usize;
        if kind >> direction & 1 != 0 {
            return Some(direction);
        }
    }
}
