//! A reveal's placeholders, filled from the run: `{kin_cross_community(A)}` prints the
//! measure, `{kin_cross_share(A):%}` as a percentage, `{familiarity(B):.3}` to three
//! decimals, `{answer}` the answer that held. Numbers are never written in advance.

use super::Lang;
use super::condition::Expr;
use crate::sim::metrics::Metrics;

/// How a number is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A count as a whole number, anything else to two decimals.
    Plain,
    /// Times 100, to whole percent, with `%`.
    Percent,
    /// To this many decimals.
    Decimals(usize),
}

/// One piece of a reveal: text as written, a number to fill in, or the answer that held.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// Text as written.
    Text(String),
    /// A number from the measures.
    Number(Expr, Format),
    /// The text of the answer that held.
    Answer,
}

/// Splits a reveal into its pieces; a placeholder that does not read is an error naming it.
pub fn pieces(text: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push(Piece::Text(rest[..open].to_string()));
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("`{{` without its `}}` in {:?}", &rest[open..]))?;
        let inside = &rest[open + 1..open + close];
        out.push(placeholder(inside)?);
        rest = &rest[open + close + 1..];
    }
    out.push(Piece::Text(rest.to_string()));
    Ok(out)
}

fn placeholder(inside: &str) -> Result<Piece, String> {
    if inside.trim() == "answer" {
        return Ok(Piece::Answer);
    }
    let (expr, format) = match inside.rsplit_once(':') {
        Some((expr, format)) => (expr, format.trim()),
        None => (inside, ""),
    };
    let format = match format {
        "" => Format::Plain,
        "%" => Format::Percent,
        decimals => match decimals.strip_prefix('.').and_then(|d| d.parse().ok()) {
            Some(d) if d <= 6 => Format::Decimals(d),
            _ => {
                return Err(format!(
                    "`{{{inside}}}`: the format after `:` is `%` or `.N` (N decimals, 0 to 6)"
                ));
            }
        },
    };
    let expr = Expr::parse(expr).map_err(|e| format!("`{{{inside}}}`: {e}"))?;
    Ok(Piece::Number(expr, format))
}

/// Prints a number as the reveal shows it.
pub fn format_number(value: f64, format: Format, count: bool) -> String {
    if value.is_nan() {
        return "(none)".to_string();
    }
    match format {
        Format::Plain if count => format!("{value:.0}"),
        Format::Plain => format!("{value:.2}"),
        Format::Percent => format!("{:.0}%", value * 100.0),
        Format::Decimals(d) => format!("{value:.d$}"),
    }
}

/// The reveal with its placeholders filled; in Bahasa Indonesia with a decimal comma (0,56).
pub fn fill(
    pieces: &[Piece],
    a: &Metrics,
    b: Option<&Metrics>,
    answer: &str,
    lang: Lang,
) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.clone(),
            Piece::Number(expr, format) => {
                let number = format_number(expr.eval(a, b), *format, expr.is_count(a));
                match lang {
                    Lang::En => number,
                    Lang::Id => number.replace('.', ","),
                }
            }
            Piece::Answer => answer.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{NanoModel, testing::small_params};

    #[test]
    fn placeholders_are_filled_from_the_measures() {
        let a = Metrics::measure(&NanoModel::new(small_params(), 1));
        let text = "{kin(A)} kin, {kin_cross_share(A):%} across, {familiarity(A):.3}; {answer}.";
        let filled = fill(&pieces(text).unwrap(), &a, None, "More", Lang::En);
        assert_eq!(
            filled,
            format!(
                "{} kin, {:.0}% across, {:.3}; More.",
                a.kin,
                a.kin_cross_share * 100.0,
                a.familiarity
            )
        );
        let indonesian = fill(&pieces(text).unwrap(), &a, None, "Lebih", Lang::Id);
        assert!(indonesian.contains(&format!("{:.3}", a.familiarity).replace('.', ",")));
        assert!(pieces("{kin(A)").unwrap_err().contains("without its"));
        assert!(pieces("{kin(A):x}").unwrap_err().contains("`%` or `.N`"));
        assert!(
            pieces("{kinn(A)}")
                .unwrap_err()
                .contains("did you mean `kin`")
        );
    }
}
