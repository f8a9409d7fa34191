//! Two themes: the dark one for a screen, and a light, high-contrast one for a projector (a
//! projector washes out dark backgrounds and thin lines). Each theme is a set of colours that
//! the tests hold to WCAG's contrast ratio and to colour-blind viewers' eyes (Machado et al.
//! 2009's simulations of protanopia, deuteranopia and tritanopia).

use super::palette::{self, Rgba};
use crate::sim::ties::Stage;

/// Which theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Light discs and lines on a dark background.
    #[default]
    Dark,
    /// Dark discs with outlines and thicker lines on white, text near black.
    Projector,
}

/// A theme's colours and line widths.
#[derive(Clone, Debug, PartialEq)]
pub struct Colours {
    /// Behind the world.
    pub background: Rgba,
    /// The panels' fill.
    pub panel: Rgba,
    /// The panels' text.
    pub text: Rgba,
    /// Categories (communities, tongues, beliefs); the first three are the presets'.
    pub categorical: [Rgba; 12],
    /// Kin across communities.
    pub kin_across: Rgba,
    /// Kin within a community.
    pub kin_within: Rgba,
    /// Friends.
    pub friend: Rgba,
    /// Acquaintances: faint by design in both themes (hundreds of them make a haze that shows
    /// where contact is, not lines to follow).
    pub acquaintance: Rgba,
    /// Ties between two communities in crisis.
    pub crisis: Rgba,
    /// A selected person's ties.
    pub selected: Rgba,
    /// A ring around every person's disc, if any: on white, light fills (a ramp's bright end,
    /// the appearance scale's light end) would fade without it.
    pub outline: Option<Rgba>,
    /// Ties' widths are multiplied by this.
    pub tie_scale: f32,
    /// The plots' line for counts (kin ties, cultures).
    pub plot_neutral: Rgba,
    /// The plots' line of mean affinity.
    pub plot_affinity: Rgba,
    /// The plots' line of the common language's share.
    pub plot_language: Rgba,
    /// The panels' text is shown this much larger than in the dark theme.
    pub text_scale: f32,
}

const fn hex(rgb: u32) -> Rgba {
    [
        ((rgb >> 16) & 0xff) as f32 / 255.0,
        ((rgb >> 8) & 0xff) as f32 / 255.0,
        (rgb & 0xff) as f32 / 255.0,
        1.0,
    ]
}

/// The dark theme: the palette's colours as they have always been.
pub const DARK: Colours = Colours {
    background: palette::BACKGROUND,
    panel: hex(0x1B1B1B),
    text: hex(0xDCDCDC),
    categorical: palette::CATEGORICAL,
    kin_across: palette::KIN_ACROSS,
    kin_within: palette::KIN_WITHIN,
    friend: palette::FRIEND,
    acquaintance: palette::ACQUAINTANCE,
    crisis: palette::CRISIS,
    selected: palette::SELECTED,
    outline: None,
    tie_scale: 1.0,
    plot_neutral: palette::PLOT_NEUTRAL,
    plot_affinity: palette::PLOT_AFFINITY,
    plot_language: palette::PLOT_LANGUAGE,
    text_scale: 1.0,
};

/// The projector theme: white, with darker versions of the categories (each at least 4.5:1 on
/// white), thicker lines and outlined discs.
pub const PROJECTOR: Colours = Colours {
    background: hex(0xFFFFFF),
    panel: hex(0xF2F2F2),
    text: hex(0x111111),
    categorical: [
        hex(0xB35900), // dark orange
        hex(0x3A5FCD), // blue
        hex(0x00795A), // dark bluish green
        hex(0x8F6E00), // dark yellow
        hex(0x1B3F8B), // navy
        hex(0xA63A00), // dark vermillion
        hex(0x9C3F7A), // dark reddish purple
        hex(0x2A7568), // dark teal
        hex(0x882255), // wine
        hex(0x7A6A1F), // dark sand
        hex(0x66661F), // dark olive
        hex(0x7E2F72), // dark purple
    ],
    kin_across: hex(0xB57500),
    kin_within: hex(0x3C3C3C),
    friend: [0.38, 0.38, 0.42, 0.75],
    acquaintance: [0.5, 0.5, 0.55, 0.08],
    crisis: hex(0xC62828),
    selected: hex(0x000000),
    outline: Some(hex(0x1A1A1A)),
    tie_scale: 1.7,
    plot_neutral: hex(0x3C3C3C),
    plot_affinity: hex(0xA8324A),
    plot_language: hex(0x0E6E99),
    text_scale: 1.15,
};

impl Theme {
    /// Both themes, in the order the key T cycles them.
    pub const ALL: [Theme; 2] = [Theme::Dark, Theme::Projector];

    /// The theme's colours.
    pub fn colours(self) -> &'static Colours {
        match self {
            Theme::Dark => &DARK,
            Theme::Projector => &PROJECTOR,
        }
    }
}

impl Colours {
    /// A categorical colour for index `i`.
    pub fn category(&self, i: usize) -> Rgba {
        self.categorical[i % self.categorical.len()]
    }

    /// A tie's colour by its stage, whether it crosses communities and whether a crisis
    /// divides its ends.
    pub fn tie(&self, stage: Stage, cross_community: bool, in_crisis: bool) -> Rgba {
        let base = match stage {
            Stage::Acquaintance => self.acquaintance,
            Stage::Friend => self.friend,
            Stage::Kin if cross_community => self.kin_across,
            Stage::Kin => self.kin_within,
        };
        if in_crisis {
            [
                self.crisis[0],
                self.crisis[1],
                self.crisis[2],
                base[3].max(0.5),
            ]
        } else {
            base
        }
    }

    /// A tie's width, in persons' radii.
    pub fn tie_width(&self, stage: Stage) -> f32 {
        palette::tie_width(stage) * self.tie_scale
    }
}

/// WCAG 2's relative luminance of an sRGB colour (alpha ignored).
pub fn luminance(c: Rgba) -> f32 {
    let l = |v: f32| {
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * l(c[0]) + 0.7152 * l(c[1]) + 0.0722 * l(c[2])
}

/// WCAG 2's contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgba, b: Rgba) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A colour with alpha laid over an opaque background: what the eye sees.
pub fn over(c: Rgba, background: Rgba) -> Rgba {
    let a = c[3];
    [
        c[0] * a + background[0] * (1.0 - a),
        c[1] * a + background[1] * (1.0 - a),
        c[2] * a + background[2] * (1.0 - a),
        1.0,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
    const SIMULATIONS: [(&str, [[f32; 3]; 3]); 4] = [
        (
            "normal vision",
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
        ),
        (
            "protanopia",
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        ),
        (
            "deuteranopia",
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        ),
        (
            "tritanopia",
            [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        ),
    ];

    /// CIELAB (D65) of a colour as seen under a simulation.
    fn lab_seen(c: Rgba, m: &[[f32; 3]; 3]) -> [f32; 3] {
        let l = |v: f32| {
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let rgb = [l(c[0]), l(c[1]), l(c[2])];
        let s: Vec<f32> = (0..3)
            .map(|i| {
                (0..3)
                    .map(|k| m[i][k] * rgb[k])
                    .sum::<f32>()
                    .clamp(0.0, 1.0)
            })
            .collect();
        let x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
        let y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
        let z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
        let f = |t: f32| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn distance_seen(a: Rgba, b: Rgba, m: &[[f32; 3]; 3]) -> f32 {
        let (p, q) = (lab_seen(a, m), lab_seen(b, m));
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    }

    #[test]
    fn contrast_is_wcags() {
        assert!((contrast([0.0, 0.0, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0]) - 21.0).abs() < 0.01);
        assert_eq!(contrast(hex(0x777777), hex(0x777777)), 1.0);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast(hex(0x767676), hex(0xFFFFFF)) - 4.54).abs() < 0.02);
    }

    #[test]
    fn text_is_at_least_seven_to_one_in_both_themes() {
        for theme in Theme::ALL {
            let c = theme.colours();
            for (name, behind) in [("panel", c.panel), ("background", c.background)] {
                let ratio = contrast(c.text, behind);
                assert!(ratio >= 7.0, "{theme:?}: text on {name} {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn persons_and_ties_are_at_least_three_to_one_on_the_projector() {
        let c = Theme::Projector.colours();
        for (i, &colour) in c.categorical.iter().enumerate() {
            let ratio = contrast(colour, c.background);
            assert!(ratio >= 3.0, "category {i}: {ratio:.2}:1");
        }
        let outline = c.outline.expect("discs are outlined on white");
        assert!(contrast(outline, c.background) >= 3.0);
        for (name, tie) in [
            ("kin", c.kin_within),
            ("kin across communities", c.kin_across),
            ("friend", c.friend),
            ("crisis", c.crisis),
            ("selected", c.selected),
        ] {
            let ratio = contrast(over(tie, c.background), c.background);
            assert!(ratio >= 3.0, "{name}: {ratio:.2}:1");
        }
        assert!(c.tie_scale > 1.0, "thicker lines for a projector");
        for (name, line) in [
            ("kin ties", c.plot_neutral),
            ("affinity", c.plot_affinity),
            ("language", c.plot_language),
            ("kin across", c.kin_across),
        ] {
            let ratio = contrast(line, c.panel);
            assert!(ratio >= 3.0, "plot line {name}: {ratio:.2}:1 on the panel");
        }
    }

    #[test]
    fn the_dark_themes_persons_and_closer_ties_stand_out_too() {
        let c = Theme::Dark.colours();
        for (i, &colour) in c.categorical.iter().take(7).enumerate() {
            let ratio = contrast(colour, c.background);
            assert!(ratio >= 3.0, "category {i}: {ratio:.2}:1");
        }
        for (name, tie) in [("kin", c.kin_within), ("kin across", c.kin_across)] {
            let ratio = contrast(over(tie, c.background), c.background);
            assert!(ratio >= 3.0, "{name}: {ratio:.2}:1");
        }
    }

    #[test]
    fn colour_blind_viewers_tell_the_presets_communities_and_kin_apart_in_both_themes() {
        for theme in Theme::ALL {
            let c = theme.colours();
            for (vision, m) in &SIMULATIONS {
                for i in 0..3 {
                    for j in i + 1..3 {
                        let d = distance_seen(c.categorical[i], c.categorical[j], m);
                        assert!(
                            d >= 15.0,
                            "{theme:?}, {vision}: communities {i} and {j} {d:.0} apart"
                        );
                    }
                }
                let kin = distance_seen(
                    over(c.kin_across, c.background),
                    over(c.kin_within, c.background),
                    m,
                );
                assert!(
                    kin >= 20.0,
                    "{theme:?}, {vision}: kin across and within {kin:.0} apart"
                );
            }
        }
    }
}
