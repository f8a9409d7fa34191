//! A line chart as a PNG, for a lesson's slide: a measure against one parameter, one line per
//! value of another, with 95% intervals as error bars.
//!
//! Drawn here in plain Rust (lines, discs and text into an image) with a font that ships inside
//! a crate (egui's Ubuntu Light), so that a plot needs no system library and no font installed.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};

use crate::view::palette::CATEGORICAL;

/// One line of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its label in the legend.
    pub label: String,
    /// Points: x, y, and the half-width of y's 95% interval.
    pub points: Vec<(f64, f64, f64)>,
}

/// What the chart shows.
#[derive(Clone, Debug)]
pub struct Chart {
    /// The title.
    pub title: String,
    /// The x axis's label.
    pub x_label: String,
    /// The y axis's label.
    pub y_label: String,
    /// The lines.
    pub series: Vec<Series>,
}

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 750;
const LEFT: f64 = 110.0;
const RIGHT: f64 = 260.0;
const TOP: f64 = 80.0;
const BOTTOM: f64 = 90.0;

/// Evenly spaced "nice" ticks (1, 2 or 5 times a power of ten) covering `[low, high]`.
pub fn nice_ticks(low: f64, high: f64, about: usize) -> Vec<f64> {
    let span = (high - low).abs().max(1e-12);
    let raw = span / about.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (low / step - 1e-9).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    // Counted in whole steps and rounded, so that 3 x 0.2 is 0.6, not 0.6000000000000001.
    (first..=last)
        .map(|k| (k as f64 * step * 1e12).round() / 1e12)
        .collect()
}

fn tick_label(value: f64) -> String {
    let rounded = (value * 1e6).round() / 1e6;
    if rounded == rounded.trunc() && rounded.abs() < 1e12 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

struct Canvas<'f> {
    image: RgbImage,
    font: FontRef<'f>,
}

impl Canvas<'_> {
    fn blend(&mut self, x: i64, y: i64, colour: [u8; 3], alpha: f64) {
        if x < 0 || y < 0 || x >= i64::from(WIDTH) || y >= i64::from(HEIGHT) || alpha <= 0.0 {
            return;
        }
        let a = alpha.min(1.0);
        let p = self.image.get_pixel_mut(x as u32, y as u32);
        for (channel, &target) in p.0.iter_mut().zip(&colour) {
            *channel = (f64::from(*channel) * (1.0 - a) + f64::from(target) * a).round() as u8;
        }
    }

    /// An antialiased line of a width, as the distance from each pixel to the segment.
    fn line(&mut self, a: (f64, f64), b: (f64, f64), width: f64, colour: [u8; 3]) {
        let r = width / 2.0;
        let (x0, x1) = (a.0.min(b.0) - r - 1.0, a.0.max(b.0) + r + 1.0);
        let (y0, y1) = (a.1.min(b.1) - r - 1.0, a.1.max(b.1) + r + 1.0);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length2 = (dx * dx + dy * dy).max(1e-12);
        for y in y0.floor() as i64..=y1.ceil() as i64 {
            for x in x0.floor() as i64..=x1.ceil() as i64 {
                let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
                let t = (((px - a.0) * dx + (py - a.1) * dy) / length2).clamp(0.0, 1.0);
                let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
                let d = ((px - cx).powi(2) + (py - cy).powi(2)).sqrt();
                self.blend(x, y, colour, r + 0.5 - d);
            }
        }
    }

    fn disc(&mut self, c: (f64, f64), radius: f64, colour: [u8; 3]) {
        self.line(c, c, 2.0 * radius, colour);
    }

    /// Text whose left end (or centre, or right end, by `anchor` 0, 0.5, 1) is at x, and
    /// whose middle is at y.
    fn text(&mut self, x: f64, y: f64, size: f32, text: &str, colour: [u8; 3], anchor: f64) {
        let font = self.font.clone();
        let scaled = font.as_scaled(PxScale::from(size));
        let width: f32 = text
            .chars()
            .map(|c| scaled.h_advance(scaled.glyph_id(c)))
            .sum();
        let mut pen = x as f32 - width * anchor as f32;
        let baseline = y as f32 + (scaled.ascent() + scaled.descent()) / 2.0;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            let glyph = id.with_scale_and_position(PxScale::from(size), point(pen, baseline));
            pen += scaled.h_advance(id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let mut coverage = Vec::new();
                outline.draw(|gx, gy, c| coverage.push((gx, gy, c)));
                for (gx, gy, c) in coverage {
                    self.blend(
                        bounds.min.x as i64 + i64::from(gx),
                        bounds.min.y as i64 + i64::from(gy),
                        colour,
                        f64::from(c),
                    );
                }
            }
        }
    }
}

fn rgb(c: [f32; 4]) -> [u8; 3] {
    [c[0], c[1], c[2]].map(|v| (v * 255.0).round() as u8)
}

/// Draws the chart.
pub fn draw(chart: &Chart) -> RgbImage {
    let font = FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT)
        .expect("egui's bundled font reads");
    let mut canvas = Canvas {
        image: RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([255, 255, 255])),
        font,
    };
    let points = chart.series.iter().flat_map(|s| s.points.iter());
    let (mut x_low, mut x_high) = (f64::MAX, f64::MIN);
    let (mut y_low, mut y_high) = (0.0f64, f64::MIN);
    for &(x, y, half) in points {
        if x.is_finite() && y.is_finite() {
            x_low = x_low.min(x);
            x_high = x_high.max(x);
            y_low = y_low.min(y - half.max(0.0));
            y_high = y_high.max(y + half.max(0.0));
        }
    }
    if x_low > x_high {
        (x_low, x_high, y_high) = (0.0, 1.0, 1.0);
    }
    if x_high - x_low < 1e-12 {
        (x_low, x_high) = (x_low - 1.0, x_high + 1.0);
    }
    if y_high - y_low < 1e-12 {
        y_high = y_low + 1.0;
    }
    let y_ticks = nice_ticks(y_low, y_high * 1.05, 6);
    let y_top = y_ticks.last().copied().unwrap_or(y_high).max(y_high);
    let (plot_w, plot_h) = (
        f64::from(WIDTH) - LEFT - RIGHT,
        f64::from(HEIGHT) - TOP - BOTTOM,
    );
    let sx = |x: f64| LEFT + (x - x_low) / (x_high - x_low) * plot_w;
    let sy = |y: f64| TOP + plot_h - (y - y_low) / (y_top - y_low) * plot_h;
    let (ink, grid) = ([40, 40, 40], [225, 225, 225]);

    for &t in &y_ticks {
        canvas.line((LEFT, sy(t)), (LEFT + plot_w, sy(t)), 1.0, grid);
        canvas.text(LEFT - 10.0, sy(t), 18.0, &tick_label(t), ink, 1.0);
    }
    for t in nice_ticks(x_low, x_high, 8) {
        canvas.line((sx(t), TOP), (sx(t), TOP + plot_h), 1.0, grid);
        canvas.text(sx(t), TOP + plot_h + 20.0, 18.0, &tick_label(t), ink, 0.5);
    }
    canvas.line(
        (LEFT, TOP + plot_h),
        (LEFT + plot_w, TOP + plot_h),
        2.0,
        ink,
    );
    canvas.line((LEFT, TOP), (LEFT, TOP + plot_h), 2.0, ink);
    canvas.text(f64::from(WIDTH) / 2.0, 32.0, 28.0, &chart.title, ink, 0.5);
    canvas.text(
        LEFT + plot_w / 2.0,
        f64::from(HEIGHT) - 30.0,
        22.0,
        &chart.x_label,
        ink,
        0.5,
    );
    canvas.text(LEFT - 60.0, TOP - 25.0, 22.0, &chart.y_label, ink, 0.0);

    for (i, series) in chart.series.iter().enumerate() {
        let colour = rgb(CATEGORICAL[i % CATEGORICAL.len()]);
        let finite: Vec<_> = series
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .collect();
        for pair in finite.windows(2) {
            canvas.line(
                (sx(pair[0].0), sy(pair[0].1)),
                (sx(pair[1].0), sy(pair[1].1)),
                3.5,
                colour,
            );
        }
        for &&(x, y, half) in &finite {
            if half > 0.0 {
                let (px, top, bottom) = (sx(x), sy(y + half), sy(y - half));
                canvas.line((px, top), (px, bottom), 2.0, colour);
                canvas.line((px - 6.0, top), (px + 6.0, top), 2.0, colour);
                canvas.line((px - 6.0, bottom), (px + 6.0, bottom), 2.0, colour);
            }
            canvas.disc((sx(x), sy(y)), 5.5, colour);
        }
        // The legend, to the right of the plot.
        let ly = TOP + 20.0 + 34.0 * i as f64;
        let lx = LEFT + plot_w + 30.0;
        canvas.line((lx, ly), (lx + 36.0, ly), 3.5, colour);
        canvas.disc((lx + 18.0, ly), 5.5, colour);
        canvas.text(lx + 48.0, ly, 18.0, &series.label, ink, 0.0);
    }
    canvas.image
}

/// Encodes a chart as PNG bytes.
pub fn png(chart: &Chart) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    draw(chart)
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("an image in memory encodes");
    bytes.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 1.0, 5), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(0.0, 97.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0]);
        assert_eq!(
            nice_ticks(0.1, 0.9, 8),
            [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
        );
        assert_eq!(tick_label(0.30000000000000004), "0.3");
        assert_eq!(tick_label(20.0), "20");
    }

    #[test]
    fn a_chart_draws_its_lines_in_their_colours() {
        let chart = Chart {
            title: "kin across communities".into(),
            x_label: "openness".into(),
            y_label: "share".into(),
            series: vec![
                Series {
                    label: "bilingual 0".into(),
                    points: vec![(0.1, 0.1, 0.02), (0.5, 0.3, 0.03), (0.9, 0.5, 0.02)],
                },
                Series {
                    label: "bilingual 0.8".into(),
                    points: vec![(0.1, 0.2, 0.0), (0.5, 0.5, 0.0), (0.9, 0.7, 0.0)],
                },
            ],
        };
        let image = draw(&chart);
        assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
        for colour in [rgb(CATEGORICAL[0]), rgb(CATEGORICAL[1])] {
            let count = image.pixels().filter(|p| p.0 == colour).count();
            assert!(count > 500, "{colour:?}: {count} pixels");
        }
        // Text is drawn: dark pixels in the title's band.
        let dark = (0..WIDTH)
            .flat_map(|x| (15..50).map(move |y| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 100)
            .count();
        assert!(dark > 200, "{dark}");
        assert!(png(&chart).starts_with(&[0x89, b'P', b'N', b'G']));
    }
}
