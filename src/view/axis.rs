//! Where the live plots put their grid lines: at 1, 2 or 5 times a power of ten, spaced so
//! that the plotting library labels some of them whatever the range.

/// The smallest of 1, 2 or 5 times a power of ten that is at least `x` (`x` > 0).
pub fn nice_step_at_least(x: f64) -> f64 {
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&step| step >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// Three grid step sizes for an axis showing `value_per_point` plot units per screen point:
/// a fine one at least `fine_points` apart, a coarse one at least `label_points` apart (the
/// library labels marks only that far apart: 60 points on x, 20 on y), and one between.
/// With egui_plot's default (powers of ten only) a 250-point axis from 0 to 600 gets marks
/// every 100 (42 points, too close to label) or 1,000 (outside the range), so it showed "0"
/// alone; with these it gets labels at 0, 200, 400 and 600.
pub fn grid_steps(value_per_point: f64, fine_points: f64, label_points: f64) -> [f64; 3] {
    if !(value_per_point > 0.0 && value_per_point.is_finite()) {
        // A degenerate axis: steps no mark loop can run away with (the plot draws none).
        return [f64::INFINITY; 3];
    }
    let fine = nice_step_at_least(value_per_point * fine_points);
    let coarse = nice_step_at_least(value_per_point * label_points).max(fine);
    let middle = nice_step_at_least((fine * coarse).sqrt()).clamp(fine, coarse);
    [fine, middle, coarse]
}

/// The label of a grid mark at `value` on a grid of `step`: as many decimals as the step
/// needs (egui_plot's own label rounds the decimals of a step of 0.5 down to none, and
/// labels 0.5 as "0").
pub fn mark_label(value: f64, step: f64) -> String {
    let decimals = (-step.log10() - 1e-9).ceil().max(0.0) as usize;
    let label = format!("{value:.decimals$}");
    // "-0" is "0".
    if label
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        label.trim_start_matches('-').to_string()
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_have_as_many_decimals_as_their_step_needs() {
        for (value, step, label) in [
            (0.5, 0.5, "0.5"),
            (1.0, 0.5, "1.0"),
            (0.0, 0.5, "0.0"),
            (0.4, 0.2, "0.4"),
            (0.05, 0.05, "0.05"),
            (600.0, 200.0, "600"),
            (1000.0, 1000.0, "1000"),
            (5.0, 5.0, "5"),
            (-0.0, 1.0, "0"),
        ] {
            assert_eq!(
                mark_label(value, step),
                label,
                "{value} on a grid of {step}"
            );
        }
    }

    #[test]
    fn nice_steps_are_one_two_or_five_times_a_power_of_ten() {
        for (x, step) in [
            (0.3, 0.5),
            (1.0, 1.0),
            (1.2, 2.0),
            (2.0, 2.0),
            (3.0, 5.0),
            (7.0, 10.0),
            (19.2, 20.0),
            (153.6, 200.0),
            (600.0, 1000.0),
        ] {
            assert_eq!(nice_step_at_least(x), step, "{x}");
        }
    }

    #[test]
    fn a_degenerate_axis_gets_no_marks() {
        for value_per_point in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(grid_steps(value_per_point, 8.0, 80.0), [f64::INFINITY; 3]);
        }
    }

    #[test]
    fn a_range_of_600_over_250_points_gets_labels_every_200() {
        // 2.4 units per point; egui_plot asks for marks at least 8 points apart and labels
        // x marks at least 60 apart.
        let [fine, middle, coarse] = grid_steps(600.0 / 250.0, 8.0, 60.0);
        assert_eq!(coarse, 200.0);
        assert!(fine <= middle && middle <= coarse);
        assert!(
            coarse / (600.0 / 250.0) >= 60.0,
            "labelled marks far enough apart"
        );
        assert!(600.0 / coarse >= 2.0, "more than one label in the range");
    }

    #[test]
    fn every_range_gets_at_least_two_labels() {
        // The labelled step is at least `label` points and at most 2.5 times that (the gap
        // from 2 to 5), so an axis 2.5 labels long always shows two labelled marks (0 and one
        // more, for a range from 0). The app asks for 80 points on x and 25 on y.
        for label in [25.0, 30.0, 80.0] {
            for points in [2.5 * label, 300.0, 500.0] {
                for range in [1.0, 7.0, 10.0, 95.0, 600.0, 1234.0, 1e6] {
                    let coarse = grid_steps(range / points, 8.0, label)[2];
                    let spacing = coarse / (range / points);
                    assert!(
                        (label..=2.5 * label + 1e-9).contains(&spacing),
                        "{range} over {points}"
                    );
                    assert!(
                        range / coarse >= 1.0 - 1e-9,
                        "{range} over {points}: {coarse}"
                    );
                }
            }
        }
    }
}
