//! A line chart as a PNG, for a lesson's slide: a measure against one parameter, one line per
//! value of another, with 95% intervals as error bars.
//!
//! Drawn by plotters into a pixel buffer, its text in a font that ships inside a crate (egui's
//! Ubuntu Light, registered from its bytes), so that a plot needs no system library and no
//! font installed.

use std::error::Error;
use std::ops::Range;
use std::sync::Once;

use image::RgbImage;

use crate::provenance::{Provenance, png_with_provenance};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
/// The band above the plot that holds the title.
const TITLE_BAND: u32 = 70;
/// The family the bundled font is registered under for plotters.
const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(40, 40, 40);
const GRID: RGBColor = RGBColor(225, 225, 225);
/// Each point's disc; its error bar's caps are as wide as the disc.
const DISC_RADIUS: u32 = 7;

/// Registers egui's bundled font with plotters, once for the process (plotters keeps its
/// fonts in one global table).
fn register_bundled_font() {
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        let font = epaint_default_fonts::UBUNTU_LIGHT;
        let registered = plotters::style::register_font(FONT, FontStyle::Normal, font);
        assert!(registered.is_ok(), "egui's bundled font reads");
    });
}

fn colour(series: usize) -> RGBColor {
    let [r, g, b, _] = CATEGORICAL[series % CATEGORICAL.len()].map(|v| (v * 255.0).round() as u8);
    RGBColor(r, g, b)
}

/// The axes' ranges: x over the points, y from 0 (or the lowest interval) to a twentieth above
/// the highest interval; a unit wide where the points give no width.
fn ranges(chart: &Chart) -> (Range<f64>, Range<f64>) {
    let (mut x_low, mut x_high) = (f64::MAX, f64::MIN);
    let (mut y_low, mut y_high) = (0.0f64, f64::MIN);
    for &(x, y, half) in chart.series.iter().flat_map(|s| &s.points) {
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
    (x_low..x_high, y_low..y_high + 0.05 * (y_high - y_low))
}

/// Draws the chart into `pixels`, RGB rows of `WIDTH` x `HEIGHT`.
fn paint(chart: &Chart, pixels: &mut [u8]) -> Result<(), Box<dyn Error>> {
    let text = |size: u32| (FONT, size).into_font().color(&INK);
    let root = BitMapBackend::with_buffer(pixels, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (title_area, below_title) = root.split_vertically(TITLE_BAND);
    let centred = Pos::new(HPos::Center, VPos::Center);
    let middle = (WIDTH as i32 / 2, TITLE_BAND as i32 / 2);
    title_area.draw(&Text::new(
        chart.title.as_str(),
        middle,
        text(32).pos(centred),
    ))?;
    // The legend takes the width of its longest label, up to half the chart.
    let label_width = chart
        .series
        .iter()
        .map(|s| root.estimate_text_size(&s.label, &text(22)).map(|(w, _)| w))
        .try_fold(0, |widest, w| w.map(|w| widest.max(w)))?;
    let legend_width = (label_width + 90).clamp(200, WIDTH / 2);
    let (plot_area, legend_area) = below_title.split_horizontally(WIDTH - legend_width);
    let (x_range, y_range) = ranges(chart);
    let mut plot = ChartBuilder::on(&plot_area)
        .margin(20)
        .x_label_area_size(80)
        .y_label_area_size(110)
        .build_cartesian_2d(x_range, y_range)?;
    plot.configure_mesh()
        .x_labels(10)
        .y_labels(6)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2))
        .label_style(text(22))
        .axis_desc_style(text(26))
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .draw()?;

    for (i, series) in chart.series.iter().enumerate() {
        let colour = colour(i);
        let finite: Vec<(f64, f64, f64)> = series
            .points
            .iter()
            .copied()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .collect();
        let line = finite.iter().map(|&(x, y, _)| (x, y));
        plot.draw_series(LineSeries::new(line, colour.stroke_width(4)))?;
        plot.draw_series(finite.iter().filter(|p| p.2 > 0.0).map(|&(x, y, half)| {
            let style = colour.filled().stroke_width(2);
            ErrorBar::new_vertical(x, y - half, y, y + half, style, 2 * DISC_RADIUS)
        }))?;
        plot.draw_series(
            finite
                .iter()
                .map(|&(x, y, _)| Circle::new((x, y), DISC_RADIUS, colour.filled())),
        )?;
        // The legend: the line's sample, its disc, its label.
        let y = 40 + 40 * i as i32;
        legend_area.draw(&PathElement::new(
            [(10, y), (50, y)],
            colour.stroke_width(4),
        ))?;
        legend_area.draw(&Circle::new((30, y), DISC_RADIUS, colour.filled()))?;
        let anchor = Pos::new(HPos::Left, VPos::Center);
        legend_area.draw(&Text::new(
            series.label.as_str(),
            (62, y),
            text(22).pos(anchor),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// Draws the chart.
pub fn draw(chart: &Chart) -> RgbImage {
    register_bundled_font();
    let mut pixels = vec![0; (WIDTH * HEIGHT * 3) as usize];
    // Drawing into memory fails only if the font is missing, which registering rules out.
    paint(chart, &mut pixels).expect("a chart draws into memory");
    RgbImage::from_raw(WIDTH, HEIGHT, pixels).expect("the buffer holds WIDTH x HEIGHT pixels")
}

/// Encodes a chart as PNG bytes, with what made it in a text chunk.
pub fn png(chart: &Chart, provenance: &Provenance) -> Vec<u8> {
    let image = draw(chart);
    png_with_provenance(image.width(), image.height(), image.as_raw(), provenance)
        .expect("an image in memory encodes")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for i in 0..2 {
            let RGBColor(r, g, b) = colour(i);
            let count = image.pixels().filter(|p| p.0 == [r, g, b]).count();
            assert!(count > 500, "{:?}: {count} pixels", (r, g, b));
        }
        // Text is drawn: dark pixels in the title's band.
        let dark = (0..WIDTH)
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 100)
            .count();
        assert!(dark > 200, "{dark}");
        assert!(png(&chart, &Provenance::now(None)).starts_with(&[0x89, b'P', b'N', b'G']));
    }

    #[test]
    fn a_chart_without_points_still_draws() {
        let chart = Chart {
            title: "nothing yet".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series: vec![Series {
                label: "empty".into(),
                points: vec![(f64::NAN, 1.0, 0.0)],
            }],
        };
        assert_eq!(draw(&chart).dimensions(), (WIDTH, HEIGHT));
    }
}
