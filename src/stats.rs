//! The few statistics the project reports and tests with: means, standard deviations, 95%
//! intervals (Student's t), the two-sample Kolmogorov–Smirnov and Welch statistics that
//! compare two samples of runs, and Pearson's chi-square that compares counts with a
//! distribution. Quantiles are exact: Student's t and chi-square from statrs's inverse
//! distribution functions, Kolmogorov's limit distribution by bisection on its tail.

use statrs::distribution::{ChiSquared, ContinuousCDF, StudentsT};

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

/// The 97.5% quantile of Student's t with `df` degrees of freedom, for two-sided 95% intervals
/// (NaN for no degree of freedom).
pub fn t_975(df: usize) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64).map_or(f64::NAN, |t| t.inverse_cdf(0.975))
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

/// The Kolmogorov–Smirnov critical value at α = 0.001 for samples of `n` and `m`, from the
/// statistic's asymptotic (Kolmogorov) distribution: `c(α) sqrt((n + m) / (n m))`, with `c(α)`
/// the exact upper-α quantile of Kolmogorov's distribution (1.9495). statrs evaluates that
/// distribution's tail only inside its KS test, as a p-value, and has no quantile of it.
pub fn ks_critical_001(n: usize, m: usize) -> f64 {
    let (n, m) = (n as f64, m as f64);
    kolmogorov_upper_quantile(0.001) * ((n + m) / (n * m)).sqrt()
}

/// The `c` at which Kolmogorov's distribution leaves `alpha` above it: its tail
/// `2 Σ_{k≥1} (-1)^(k-1) exp(-2 k² c²)` falls as `c` grows, so 64 halvings of `[0.2, 10]` (tails
/// from 1 down to 0) find it to the last bit.
fn kolmogorov_upper_quantile(alpha: f64) -> f64 {
    let tail = |c: f64| {
        2.0 * (1..=100)
            .map(|k: i32| {
                let term = (-2.0 * f64::from(k * k) * c * c).exp();
                if k % 2 == 1 { term } else { -term }
            })
            .sum::<f64>()
    };
    let (mut low, mut high) = (0.2f64, 10.0f64);
    for _ in 0..64 {
        let middle = (low + high) / 2.0;
        if tail(middle) > alpha {
            low = middle;
        } else {
            high = middle;
        }
    }
    (low + high) / 2.0
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

/// The chi-square quantile for `alpha = 0.001` and `df` degrees of freedom (NaN for none).
pub fn chi_square_critical_001(df: usize) -> f64 {
    ChiSquared::new(df as f64).map_or(f64::NAN, |chi| chi.inverse_cdf(0.999))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quantile rounded as the printed tables round it, to three decimals.
    fn to_table(q: f64) -> f64 {
        (q * 1000.0).round() / 1000.0
    }

    #[test]
    fn chi_square_sums_the_cells_and_its_quantile_matches_the_tables() {
        assert_eq!(
            chi_square([(10.0, 12.0), (20.0, 18.0), (5.0, 5.0)]),
            0.4 + 0.2
        );
        // The 0.999 quantile in the tables.
        for (df, table) in [
            (1, 10.828),
            (5, 20.515),
            (9, 27.877),
            (20, 45.315),
            (72, 114.835),
        ] {
            let exact = chi_square_critical_001(df);
            assert_eq!(to_table(exact), table, "df {df}: {exact}");
        }
        assert!(chi_square_critical_001(0).is_nan());
    }

    #[test]
    fn intervals_use_students_t() {
        let (mean, half) = mean_and_interval(&[1.0, 2.0, 3.0]);
        assert_eq!(mean, 2.0);
        assert!((half - 4.302_653 * (1.0f64 / 3.0).sqrt()).abs() < 1e-6);
        assert_eq!(mean_and_interval(&[5.0]), (5.0, 0.0));
        assert_eq!(mean_and_sd(&[5.0]), (5.0, 0.0));
        assert_eq!(mean_and_sd(&[1.0, 3.0]), (2.0, 2f64.sqrt()));
        // The tables' t(0.975; df).
        for (df, table) in [
            (1, 12.706),
            (2, 4.303),
            (5, 2.571),
            (10, 2.228),
            (20, 2.086),
            (30, 2.042),
            (120, 1.980),
        ] {
            assert_eq!(to_table(t_975(df)), table, "df {df}: {}", t_975(df));
        }
        // To more digits: 12.7062047, 2.2281389, 2.0395134 (df 31), 1.9623391 (df 1000).
        for (df, exact) in [
            (1, 12.706_204_7),
            (10, 2.228_138_9),
            (31, 2.039_513_4),
            (1000, 1.962_339_1),
        ] {
            assert!((t_975(df) - exact).abs() < 1e-7, "df {df}: {}", t_975(df));
        }
        assert!(t_975(0).is_nan());
    }

    #[test]
    fn ks_and_welch_see_a_shift_and_not_a_copy() {
        let a: Vec<f64> = (0..100).map(f64::from).collect();
        let shifted: Vec<f64> = a.iter().map(|x| x + 50.0).collect();
        assert_eq!(ks_statistic(&a, &a), 0.0);
        assert!((ks_statistic(&a, &shifted) - 0.5).abs() < 1e-12);
        assert_eq!(welch_t(&a, &a), 0.0);
        assert!(welch_t(&a, &shifted) < -10.0);
    }

    #[test]
    fn the_ks_critical_value_is_kolmogorovs_quantile_scaled() {
        // Smirnov's table of c(α): 1.358 (α = 0.05), 1.628 (0.01), 1.949 (0.001).
        for (alpha, table) in [(0.05, 1.358), (0.01, 1.628), (0.001, 1.949)] {
            let c = kolmogorov_upper_quantile(alpha);
            assert_eq!(to_table(c), table, "alpha {alpha}: {c}");
        }
        let c = kolmogorov_upper_quantile(0.001);
        assert!((ks_critical_001(100, 100) - c * 0.02f64.sqrt()).abs() < 1e-12);
        assert!((ks_critical_001(50, 200) - c * 0.025f64.sqrt()).abs() < 1e-12);
    }
}
