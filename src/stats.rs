//! The few statistics the project reports and tests with: means, standard deviations, 95%
//! intervals (Student's t), the two-sample Kolmogorov–Smirnov and Welch statistics that
//! compare two samples of runs, and Pearson's chi-square that compares counts with a
//! distribution.

/// The mean and the sample variance (0 for a single value).
fn mean_and_variance(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = if values.len() > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, variance)
}

/// The mean and the sample standard deviation (0 for a single value).
pub fn mean_and_sd(values: &[f64]) -> (f64, f64) {
    let (mean, variance) = mean_and_variance(values);
    (mean, variance.sqrt())
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom, for two-sided 95% intervals:
/// the table's values up to 30, then the Cornish-Fisher expansion about the normal quantile
/// (within 0.0002 of the exact value from 30 on).
pub fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if df == 0 {
        return f64::NAN;
    }
    if df <= 30 {
        return TABLE[df - 1];
    }
    let z: f64 = 1.959_963_984_540_054;
    let v = df as f64;
    z + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / (384.0 * v.powi(3))
}

/// Mean and half-width of the 95% interval of the mean (0 for a single value).
pub fn mean_and_interval(values: &[f64]) -> (f64, f64) {
    let n = values.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let (mean, variance) = mean_and_variance(values);
    if n == 1 {
        return (mean, 0.0);
    }
    (mean, t_975(n - 1) * (variance / n as f64).sqrt())
}

/// The two-sample Kolmogorov–Smirnov statistic: the largest distance between the empirical
/// distribution functions (ties handled by stepping over every equal value at once).
pub fn ks_statistic(a: &[f64], b: &[f64]) -> f64 {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] == x {
            i += 1;
        }
        while j < b.len() && b[j] == x {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    d
}

/// The Kolmogorov–Smirnov critical value at α = 0.001 for samples of `n` and `m`:
/// `c(α) sqrt((n + m) / (n m))`, `c = 1.949`.
pub fn ks_critical_001(n: usize, m: usize) -> f64 {
    let (n, m) = (n as f64, m as f64);
    1.949 * ((n + m) / (n * m)).sqrt()
}

/// Welch's t-statistic for the difference of two means.
pub fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let (ma, va) = mean_and_variance(a);
    let (mb, vb) = mean_and_variance(b);
    (ma - mb) / (va / a.len() as f64 + vb / b.len() as f64).sqrt()
}

/// Pearson's chi-square statistic of observed counts against the expected ones, given as
/// `(expected, observed)` pairs, one per cell.
pub fn chi_square(cells: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    cells
        .into_iter()
        .map(|(expected, observed)| (observed - expected).powi(2) / expected)
        .sum()
}

/// The chi-square quantile for `alpha = 0.001` and `df` degrees of freedom, by the
/// Wilson-Hilferty approximation (within 1% of the tables from df = 5 on: 28.1 against 27.9 at
/// df = 9, 114.9 against 114.8 at df = 72).
pub fn chi_square_critical_001(df: usize) -> f64 {
    let k = df as f64;
    let z = 3.090_232; // the standard normal's 0.999 quantile
    k * (1.0 - 2.0 / (9.0 * k) + z * (2.0 / (9.0 * k)).sqrt()).powi(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_sums_the_cells_and_its_quantile_matches_the_tables() {
        assert_eq!(
            chi_square([(10.0, 12.0), (20.0, 18.0), (5.0, 5.0)]),
            0.4 + 0.2
        );
        // Tables: 27.877 (df 9), 45.315 (df 20), 114.835 (df 72).
        for (df, table) in [(9, 27.877), (20, 45.315), (72, 114.835)] {
            let approx = chi_square_critical_001(df);
            assert!(
                (approx / table - 1.0).abs() < 0.01,
                "df {df}: {approx} against {table}"
            );
        }
    }

    #[test]
    fn intervals_use_students_t() {
        let (mean, half) = mean_and_interval(&[1.0, 2.0, 3.0]);
        assert_eq!(mean, 2.0);
        assert!((half - 4.303 * (1.0f64 / 3.0).sqrt()).abs() < 1e-9);
        assert_eq!(mean_and_interval(&[5.0]), (5.0, 0.0));
        assert_eq!(mean_and_sd(&[5.0]), (5.0, 0.0));
        assert_eq!(mean_and_sd(&[1.0, 3.0]), (2.0, 2f64.sqrt()));
        // Exact values: t(0.975; 31) = 2.03951, 39: 2.02269, 120: 1.97993, 1000: 1.96234.
        for (df, exact) in [
            (31, 2.03951),
            (39, 2.02269),
            (120, 1.97993),
            (1000, 1.96234),
        ] {
            assert!((t_975(df) - exact).abs() < 2e-4, "{df}: {}", t_975(df));
        }
    }

    #[test]
    fn ks_and_welch_see_a_shift_and_not_a_copy() {
        let a: Vec<f64> = (0..100).map(f64::from).collect();
        let shifted: Vec<f64> = a.iter().map(|x| x + 50.0).collect();
        assert_eq!(ks_statistic(&a, &a), 0.0);
        assert!((ks_statistic(&a, &shifted) - 0.5).abs() < 1e-12);
        assert_eq!(welch_t(&a, &a), 0.0);
        assert!(welch_t(&a, &shifted) < -10.0);
        assert!((ks_critical_001(100, 100) - 1.949 * 0.02f64.sqrt()).abs() < 1e-12);
    }
}
