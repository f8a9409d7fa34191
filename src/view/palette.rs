//! Colours that colour-blind viewers can tell apart, and what each colour means.
//!
//! Categories use the Okabe-Ito palette (distinguishable under the common colour-vision
//! deficiencies), extended with Paul Tol's muted colours for more than seven categories.
//! Continuous values use a perceptually ordered ramp from dark blue to yellow.

use super::theme::{self, Colours};
use crate::i18n::{Lang, Names};
use crate::sim::NanoModel;
use crate::sim::population::Population;
use crate::sim::ties::Stage;

/// An sRGB colour with alpha, each channel from 0 to 1.
pub type Rgba = [f32; 4];

const fn hex(rgb: u32) -> Rgba {
    [
        ((rgb >> 16) & 0xff) as f32 / 255.0,
        ((rgb >> 8) & 0xff) as f32 / 255.0,
        (rgb & 0xff) as f32 / 255.0,
        1.0,
    ]
}

/// Twelve categorical colours, the first seven Okabe-Ito's (black left out: the background is
/// dark), then Tol's muted ones.
pub const CATEGORICAL: [Rgba; 12] = [
    hex(0xE69F00), // orange
    hex(0x56B4E9), // sky blue
    hex(0x009E73), // bluish green
    hex(0xF0E442), // yellow
    hex(0x0072B2), // blue
    hex(0xD55E00), // vermillion
    hex(0xCC79A7), // reddish purple
    hex(0x44AA99), // teal
    hex(0x882255), // wine
    hex(0xDDCC77), // sand
    hex(0x999933), // olive
    hex(0xAA4499), // purple
];

/// The background of the world.
pub const BACKGROUND: Rgba = hex(0x14161C);
/// Kin ties that cross communities: the moment the paper is about, in a colour of its own.
pub const KIN_ACROSS: Rgba = hex(0xFFD166);
/// Kin ties within a community.
pub const KIN_WITHIN: Rgba = [0.92, 0.92, 0.95, 0.6];
/// Friendships.
pub const FRIEND: Rgba = [0.75, 0.78, 0.85, 0.3];
/// Acquaintances.
pub const ACQUAINTANCE: Rgba = [0.6, 0.62, 0.7, 0.06];
/// Ties between the two communities in crisis.
pub const CRISIS: Rgba = hex(0xFF4D4D);
/// A selected person's ties.
pub const SELECTED: Rgba = hex(0xFFFFFF);
/// Live plot lines for counts of kin and of cultures: the map's white of kin, opaque.
pub const PLOT_NEUTRAL: Rgba = [0.92, 0.92, 0.95, 1.0];
/// The live plot line of mean affinity (Tol's rose). It and the common language's line share a
/// plot with gold: under simulated deuteranopia, protanopia and tritanopia (Machado 2009) the
/// three stay at least 38 apart in CIELAB (Okabe-Ito's purple and teal fell to 5).
pub const PLOT_AFFINITY: Rgba = hex(0xCC6677);
/// The live plot line of the share of pairs with a common language (Tol's light cyan).
pub const PLOT_LANGUAGE: Rgba = hex(0x88CCEE);

/// What the persons' colour shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColourBy {
    /// Community (ethnicity, appearance).
    #[default]
    Community,
    /// Mother tongue.
    MotherTongue,
    /// Belief.
    Belief,
    /// Customs: persons with identical customs share a colour.
    Customs,
    /// Openness, from closed (dark) to open (bright).
    Openness,
    /// Appearance (skin colour), on a neutral grey scale from dark to light, so that no
    /// community's hue stands for a skin colour.
    Appearance,
    /// The share of the symbols a person knows that come from other communities, on the same
    /// ramp as openness: where sharing has reached.
    ForeignSymbols,
    /// Familiarity with one community's culture: the share of its symbols each person knows,
    /// on the same colour-blind-safe ramp ("See through their eyes", with the community of the
    /// person whose eyes they are). Not in [`ColourBy::ALL`]: it needs a person selected.
    FamiliarityWith(u8),
}

impl ColourBy {
    /// Every choice, in menu order.
    pub const ALL: [ColourBy; 7] = [
        ColourBy::Community,
        ColourBy::MotherTongue,
        ColourBy::Belief,
        ColourBy::Customs,
        ColourBy::Openness,
        ColourBy::Appearance,
        ColourBy::ForeignSymbols,
    ];

    /// The name in menus and the legend, in the interface language.
    pub fn label(self, lang: &Lang) -> &str {
        lang.t(match self {
            ColourBy::Community => "colour.community",
            ColourBy::MotherTongue => "colour.mother_tongue",
            ColourBy::Belief => "colour.belief",
            ColourBy::Customs => "colour.customs",
            ColourBy::Openness => "colour.openness",
            ColourBy::Appearance => "colour.appearance",
            ColourBy::ForeignSymbols => "colour.foreign_symbols",
            ColourBy::FamiliarityWith(_) => "colour.familiarity",
        })
    }
}

/// A categorical colour for index `i`.
pub fn category(i: usize) -> Rgba {
    CATEGORICAL[i % CATEGORICAL.len()]
}

/// A colour on a dark-blue-to-yellow ramp for `t` in [0, 1] (a compact viridis).
pub fn ramp(t: f64) -> Rgba {
    const STOPS: [Rgba; 5] = [
        hex(0x440154),
        hex(0x3B528B),
        hex(0x21918C),
        hex(0x5EC962),
        hex(0xFDE725),
    ];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t.floor() as usize).min(STOPS.len() - 2);
    let f = (t - i as f64) as f32;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    [
        a[0] + (b[0] - a[0]) * f,
        a[1] + (b[1] - a[1]) * f,
        a[2] + (b[2] - a[2]) * f,
        1.0,
    ]
}

/// A neutral grey for `t` in [0, 1], from dark (0) to light (1), never black on the dark
/// background.
pub fn grey(t: f64) -> Rgba {
    let v = (0.3 + 0.6 * t.clamp(0.0, 1.0)) as f32;
    [v, v, v, 1.0]
}

/// A colour for a customs vector: identical customs give identical colours (a hash of the
/// traits picks the hue; most distinct cultures get distinct colours).
pub fn customs_colour(customs: &[u8]) -> Rgba {
    // FNV-1a: stable across runs and machines, unlike the standard library's hasher.
    let mut hash: u32 = 0x811c_9dc5;
    for &t in customs {
        hash ^= u32::from(t);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let hue = f64::from(hash % 360);
    let lightness = 0.55 + 0.15 * f64::from((hash >> 9) % 3) / 2.0;
    hsl(hue, 0.65, lightness)
}

/// An sRGB colour from hue (degrees), saturation and lightness.
fn hsl(hue: f64, saturation: f64, lightness: f64) -> Rgba {
    let c = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = lightness - c / 2.0;
    [(r + m) as f32, (g + m) as f32, (b + m) as f32, 1.0]
}

/// The colour of each person under a choice, in the dark theme.
pub fn person_colours(model: &NanoModel, by: ColourBy) -> Vec<Rgba> {
    person_colours_in(model, by, &theme::DARK)
}

/// The colour of each person under a choice, in a theme's colours.
pub fn person_colours_in(model: &NanoModel, by: ColourBy, colours: &Colours) -> Vec<Rgba> {
    let category = |i: usize| colours.category(i);
    let population = model.population();
    (0..population.len() as u32)
        .map(|p| {
            let person = &population.persons[p as usize];
            match by {
                ColourBy::Community => category(person.community as usize),
                ColourBy::MotherTongue => category(person.mother_tongue as usize),
                ColourBy::Belief => category(person.belief as usize),
                ColourBy::Customs => customs_colour(population.customs(p)),
                ColourBy::Openness => ramp(person.openness),
                ColourBy::Appearance => grey(person.appearance),
                ColourBy::ForeignSymbols => ramp(foreign_share(population, p)),
                ColourBy::FamiliarityWith(c) => ramp(population.familiarity(p, c)),
            }
        })
        .collect()
}

/// The colour of a tie, given its stage, whether it crosses communities, and whether a crisis
/// divides its two ends.
pub fn tie_colour(stage: Stage, cross_community: bool, in_crisis: bool) -> Rgba {
    let base = match stage {
        Stage::Acquaintance => ACQUAINTANCE,
        Stage::Friend => FRIEND,
        Stage::Kin if cross_community => KIN_ACROSS,
        Stage::Kin => KIN_WITHIN,
    };
    if in_crisis {
        [CRISIS[0], CRISIS[1], CRISIS[2], base[3].max(0.5)]
    } else {
        base
    }
}

/// The width of a tie's line, in persons' radii.
pub fn tie_width(stage: Stage) -> f32 {
    match stage {
        Stage::Acquaintance => 0.12,
        Stage::Friend => 0.22,
        Stage::Kin => 0.45,
    }
}

/// The legend's entries for the persons' colours: a label and a colour each (the dark theme),
/// in the interface language with the world's names in it.
pub fn legend(model: &NanoModel, by: ColourBy, names: &Names) -> Vec<(String, Rgba)> {
    legend_in(model, by, &theme::DARK, names)
}

/// The legend's entries for the persons' colours in a theme's colours.
pub fn legend_in(
    model: &NanoModel,
    by: ColourBy,
    colours: &Colours,
    names: &Names,
) -> Vec<(String, Rgba)> {
    let category = |i: usize| colours.category(i);
    let params = model.params();
    let lang = names.lang;
    let entry = |key: &str, colour: Rgba| (lang.t(key).to_string(), colour);
    match by {
        ColourBy::Community => (0..params.communities)
            .map(|c| (names.community(c), category(c as usize)))
            .collect(),
        ColourBy::MotherTongue => (0..params.languages.min(params.communities))
            .map(|l| {
                let name = lang.f("legend.language", &[("language", &l.to_string())]);
                (name, category(l as usize))
            })
            .collect(),
        ColourBy::Belief => (0..params.beliefs)
            .map(|b| {
                let name = lang.f("legend.belief", &[("belief", &b.to_string())]);
                (name, category(b as usize))
            })
            .collect(),
        ColourBy::Customs => vec![entry("legend.customs", hsl(200.0, 0.65, 0.6))],
        ColourBy::Openness => vec![
            entry("legend.closed", ramp(0.0)),
            entry("legend.open", ramp(1.0)),
        ],
        ColourBy::Appearance => vec![
            entry("legend.appearance_0", grey(0.0)),
            entry("legend.appearance_1", grey(1.0)),
        ],
        ColourBy::ForeignSymbols => vec![
            // Short: the three fit one row of the legend.
            entry("legend.own_only", ramp(0.0)),
            entry("legend.half", ramp(0.5)),
            entry("legend.all_others", ramp(1.0)),
        ],
        ColourBy::FamiliarityWith(c) => vec![
            (
                lang.f(
                    "legend.knows_none",
                    &[("community", &names.community(u32::from(c)))],
                ),
                ramp(0.0),
            ),
            entry("legend.half", ramp(0.5)),
            entry("legend.all", ramp(1.0)),
        ],
    }
}

/// The share of the symbols a person knows that come from other communities (0 when it knows
/// none).
pub fn foreign_share(population: &Population, person: u32) -> f64 {
    let known = population.known_count(person);
    if known == 0 {
        0.0
    } else {
        f64::from(population.foreign_known(person)) / f64::from(known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_from_others_are_their_share_of_what_a_person_knows() {
        let mut model = NanoModel::new(crate::sim::testing::small_params(), 3);
        let population = model.population_mut_for_tests();
        let person = 0;
        let own = population.persons[0].community;
        let (mine, theirs): (Vec<usize>, Vec<usize>) =
            (0..population.symbols.len()).partition(|&s| population.symbols[s].origin == own);
        for s in 0..population.symbols.len() {
            population.forget_symbol(person, s);
        }
        assert_eq!(foreign_share(population, person), 0.0, "knows nothing");
        population.learn_symbol(person, mine[0]);
        assert_eq!(foreign_share(population, person), 0.0);
        population.learn_symbol(person, theirs[0]);
        assert_eq!(foreign_share(population, person), 0.5);
        let colours = person_colours(&model, ColourBy::ForeignSymbols);
        assert_eq!(colours[0], ramp(0.5));
    }

    #[test]
    fn through_their_eyes_everyone_is_coloured_by_familiarity_with_one_culture() {
        let mut model = NanoModel::new(crate::sim::testing::small_params(), 3);
        for _ in 0..50 {
            model.step();
        }
        let colours = person_colours(&model, ColourBy::FamiliarityWith(1));
        let population = model.population();
        let mut shades = std::collections::BTreeSet::new();
        for (p, colour) in colours.iter().enumerate() {
            let f = population.familiarity(p as u32, 1);
            assert_eq!(*colour, ramp(f), "person {p}");
            shades.insert((f * 1000.0) as u32);
        }
        assert!(
            shades.len() > 2,
            "familiarity tells persons apart: {shades:?}"
        );
    }

    #[test]
    fn categories_are_distinct() {
        for (i, a) in CATEGORICAL.iter().enumerate() {
            for (j, b) in CATEGORICAL.iter().enumerate().skip(i + 1) {
                let d: f32 = (0..3).map(|k| (a[k] - b[k]).abs()).sum();
                assert!(d > 0.2, "{i} and {j} are too close");
            }
        }
    }

    #[test]
    fn identical_customs_share_a_colour_and_others_mostly_differ() {
        assert_eq!(customs_colour(&[1, 2, 3]), customs_colour(&[1, 2, 3]));
        let colours: std::collections::HashSet<[u32; 3]> = (0..50u8)
            .map(|t| {
                let c = customs_colour(&[t, 3, 7]);
                [
                    (c[0] * 1e4) as u32,
                    (c[1] * 1e4) as u32,
                    (c[2] * 1e4) as u32,
                ]
            })
            .collect();
        assert!(colours.len() > 40);
    }

    #[test]
    fn the_ramp_runs_from_dark_to_bright() {
        let luminance = |c: Rgba| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        let mut last = -1.0;
        for i in 0..=10 {
            let l = luminance(ramp(f64::from(i) / 10.0));
            assert!(l > last);
            last = l;
        }
    }

    #[test]
    fn the_appearance_scale_is_neutral_and_runs_from_dark_to_light() {
        let mut last = -1.0;
        for i in 0..=10 {
            let c = grey(f64::from(i) / 10.0);
            assert!(c[0] == c[1] && c[1] == c[2], "no hue: {c:?}");
            assert!(c[0] > last);
            last = c[0];
        }
        assert!(grey(0.0)[0] >= 0.3, "visible on the dark background");
    }

    #[test]
    fn kin_across_communities_stands_out() {
        assert_ne!(
            tie_colour(Stage::Kin, true, false),
            tie_colour(Stage::Kin, false, false)
        );
        assert!(tie_width(Stage::Kin) > tie_width(Stage::Friend));
        assert!(tie_width(Stage::Friend) > tie_width(Stage::Acquaintance));
        assert_eq!(tie_colour(Stage::Friend, false, true)[0], CRISIS[0]);
    }
}
