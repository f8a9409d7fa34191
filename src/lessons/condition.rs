//! The conditions on the measures that decide which answer was right, and the numbers a
//! reveal is filled with: a tiny expression language over the measures of world A and B.
//!
//! ```text
//! condition := clause (and clause)*
//! clause    := expr OP expr                     OP: <  <=  >  >=
//!            | expr ~ expr within NUMBER%       |left - right| <= NUMBER% of |right|
//! expr      := term (( + | - ) term)*
//! term      := factor (( * | / ) factor)*
//! factor    := NUMBER [%] | MEASURE(A) | MEASURE(B) | ( expr ) | - factor
//! ```
//!
//! A measure is named as its column in a run's CSV (`kin_cross_share`, `familiarity`).

use crate::runs::{NANO_COLUMNS, Row, Value};
use crate::scenario::suggestion;
use crate::sim::metrics::Metrics;

/// Which of the two worlds a measure is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum World {
    /// The card's own world.
    A,
    /// The comparison beside it.
    B,
}

/// A number computed from the measures.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A number written out.
    Number(f64),
    /// A measure of one world, by its column name.
    Measure {
        /// The column's name.
        name: &'static str,
        /// Which world.
        world: World,
    },
    /// Minus an expression.
    Neg(Box<Expr>),
    /// Two expressions joined by `+`, `-`, `*` or `/`.
    Binary(char, Box<Expr>, Box<Expr>),
}

/// A comparison of two expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
}

/// A condition on the measures, true or false once a card has run.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `left OP right`.
    Compare(Expr, Op, Expr),
    /// `left ~ right within P%`: `|left - right| <= P/100 * |right|`.
    Within(Expr, Expr, f64),
    /// `c1 and c2 and ...`: every one holds (a range, `x(A) >= 0.1 and x(A) < 0.25`).
    And(Vec<Condition>),
}

/// What is wrong with a condition: a message, said to the teacher who wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionError(pub String);

impl std::fmt::Display for ConditionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The measures a condition can name: the nano model's CSV columns.
pub fn measure_names() -> &'static [&'static str] {
    NANO_COLUMNS
}

/// A measure's value as a number: a count as itself, a flag 0 or 1, no value NaN (every
/// comparison with it is false).
pub fn measure(metrics: &Metrics, name: &str) -> Option<f64> {
    Row::Nano(metrics.clone()).value(name).map(|v| match v {
        Value::Count(c) => c as f64,
        Value::Real(r) => r,
        Value::Flag(f) => f64::from(u8::from(f)),
        Value::Undefined => f64::NAN,
    })
}

impl Expr {
    /// Reads an expression (as in a reveal's `{...}`).
    pub fn parse(text: &str) -> Result<Self, ConditionError> {
        let mut parser = Parser::new(text);
        let expr = parser.expr()?;
        parser.end()?;
        Ok(expr)
    }

    /// Its value from the measures of A and B (`None` for a world that is not there).
    pub fn eval(&self, a: &Metrics, b: Option<&Metrics>) -> f64 {
        match self {
            Expr::Number(n) => *n,
            Expr::Measure { name, world } => {
                let metrics = match world {
                    World::A => Some(a),
                    World::B => b,
                };
                metrics.and_then(|m| measure(m, name)).unwrap_or(f64::NAN)
            }
            Expr::Neg(e) => -e.eval(a, b),
            Expr::Binary(op, l, r) => {
                let (l, r) = (l.eval(a, b), r.eval(a, b));
                match op {
                    '+' => l + r,
                    '-' => l - r,
                    '*' => l * r,
                    _ => l / r,
                }
            }
        }
    }

    /// Whether it reads a measure of world B.
    pub fn uses_b(&self) -> bool {
        match self {
            Expr::Number(_) => false,
            Expr::Measure { world, .. } => *world == World::B,
            Expr::Neg(e) => e.uses_b(),
            Expr::Binary(_, l, r) => l.uses_b() || r.uses_b(),
        }
    }

    /// Whether it is a whole number by its making: counts and whole numbers added,
    /// subtracted and multiplied (printed without decimals).
    pub fn is_count(&self, a: &Metrics) -> bool {
        match self {
            Expr::Number(n) => n.fract() == 0.0,
            Expr::Measure { name, .. } => {
                matches!(Row::Nano(a.clone()).value(name), Some(Value::Count(_)))
            }
            Expr::Neg(e) => e.is_count(a),
            Expr::Binary(op, l, r) => *op != '/' && l.is_count(a) && r.is_count(a),
        }
    }
}

impl Condition {
    /// Reads a condition.
    pub fn parse(text: &str) -> Result<Self, ConditionError> {
        let mut parser = Parser::new(text);
        let mut all = vec![parser.clause()?];
        loop {
            parser.skip_space();
            if !parser.eat_word("and") {
                break;
            }
            all.push(parser.clause()?);
        }
        parser.end()?;
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Condition::And(all)
        })
    }

    /// Whether it holds for these measures (false where a number is undefined).
    pub fn holds(&self, a: &Metrics, b: Option<&Metrics>) -> bool {
        match self {
            Condition::Compare(l, op, r) => {
                let (l, r) = (l.eval(a, b), r.eval(a, b));
                match op {
                    Op::Less => l < r,
                    Op::LessOrEqual => l <= r,
                    Op::Greater => l > r,
                    Op::GreaterOrEqual => l >= r,
                }
            }
            Condition::Within(l, r, tolerance) => {
                let (l, r) = (l.eval(a, b), r.eval(a, b));
                (l - r).abs() <= tolerance * r.abs()
            }
            Condition::And(all) => all.iter().all(|c| c.holds(a, b)),
        }
    }

    /// Whether it reads a measure of world B.
    pub fn uses_b(&self) -> bool {
        match self {
            Condition::Compare(l, _, r) | Condition::Within(l, r, _) => l.uses_b() || r.uses_b(),
            Condition::And(all) => all.iter().any(Condition::uses_b),
        }
    }
}

impl Parser<'_> {
    /// One comparison.
    fn clause(&mut self) -> Result<Condition, ConditionError> {
        let parser = self;
        let left = parser.expr()?;
        parser.skip_space();
        let condition = if parser.eat("~") {
            let right = parser.expr()?;
            parser.skip_space();
            if !parser.eat_word("within") {
                return Err(parser.error("expected `within P%` after `~ ...`"));
            }
            parser.skip_space();
            let percent = parser.number()?;
            parser.skip_space();
            if !parser.eat("%") {
                return Err(parser.error("expected `%` after the tolerance, as in `within 10%`"));
            }
            Condition::Within(left, right, percent / 100.0)
        } else {
            let op = if parser.eat("<=") {
                Op::LessOrEqual
            } else if parser.eat(">=") {
                Op::GreaterOrEqual
            } else if parser.eat("<") {
                Op::Less
            } else if parser.eat(">") {
                Op::Greater
            } else {
                return Err(parser
                    .error("expected a comparison: `<`, `<=`, `>`, `>=`, or `~ ... within P%`"));
            };
            Condition::Compare(left, op, parser.expr()?)
        };
        Ok(condition)
    }
}

/// A recursive-descent reader over the characters of one condition or expression.
struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser { text, at: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn error(&self, message: &str) -> ConditionError {
        let rest = self.rest().trim();
        let found = if rest.is_empty() {
            "the end".to_string()
        } else {
            format!("`{}`", rest.chars().take(20).collect::<String>())
        };
        ConditionError(format!("{message}, found {found} in `{}`", self.text))
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.text.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        let found = self.rest().starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let rest = self.rest();
        let found = rest.starts_with(word)
            && !rest[word.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if found {
            self.at += word.len();
        }
        found
    }

    fn end(&mut self) -> Result<(), ConditionError> {
        self.skip_space();
        if self.rest().is_empty() {
            Ok(())
        } else {
            Err(self.error("expected the end"))
        }
    }

    fn expr(&mut self) -> Result<Expr, ConditionError> {
        let mut left = self.term()?;
        loop {
            let op = if self.eat("+") {
                '+'
            } else if self.eat("-") {
                '-'
            } else {
                return Ok(left);
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
    }

    fn term(&mut self) -> Result<Expr, ConditionError> {
        let mut left = self.factor()?;
        loop {
            let op = if self.eat("*") {
                '*'
            } else if self.eat("/") {
                '/'
            } else {
                return Ok(left);
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.factor()?));
        }
    }

    fn factor(&mut self) -> Result<Expr, ConditionError> {
        self.skip_space();
        if self.eat("(") {
            let inner = self.expr()?;
            if !self.eat(")") {
                return Err(self.error("expected `)`"));
            }
            return Ok(inner);
        }
        if self.eat("-") {
            return Ok(Expr::Neg(Box::new(self.factor()?)));
        }
        let next = self.rest().chars().next();
        if next.is_some_and(|c| c.is_ascii_digit() || c == '.') {
            let n = self.number()?;
            // `90%` is 0.9.
            let percent = self.rest().starts_with('%');
            if percent {
                self.at += 1;
            }
            return Ok(Expr::Number(if percent { n / 100.0 } else { n }));
        }
        if next.is_some_and(|c| c.is_ascii_alphabetic()) {
            return self.measure();
        }
        Err(self.error("expected a number, a measure such as `kin(A)`, or `(`"))
    }

    fn number(&mut self) -> Result<f64, ConditionError> {
        self.skip_space();
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(self.rest().len());
        let digits = &self.rest()[..len];
        let value: f64 = digits
            .parse()
            .map_err(|_| self.error("expected a number"))?;
        self.at += len;
        Ok(value)
    }

    fn measure(&mut self) -> Result<Expr, ConditionError> {
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        let word = &self.rest()[..len];
        let Some(&name) = measure_names().iter().find(|n| **n == word) else {
            return Err(ConditionError(format!(
                "no measure named `{word}`{} in `{}`; the measures are: {}",
                suggestion(word, measure_names().iter().copied()),
                self.text,
                measure_names().join(", ")
            )));
        };
        self.at += len;
        if !self.eat("(") {
            return Err(self.error(&format!("expected `(A)` or `(B)` after `{name}`")));
        }
        self.skip_space();
        let world = if self.eat_word("A") {
            World::A
        } else if self.eat_word("B") {
            World::B
        } else {
            return Err(self.error(&format!("expected the world, A or B, in `{name}(...)`")));
        };
        if !self.eat(")") {
            return Err(self.error("expected `)`"));
        }
        Ok(Expr::Measure { name, world })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{NanoModel, testing::small_params};

    #[test]
    fn conditions_read_and_judge() {
        let a = Metrics::measure(&NanoModel::new(small_params(), 1));
        let mut b = a.clone();
        b.kin += 10;
        let holds = |text: &str| Condition::parse(text).unwrap().holds(&a, Some(&b));
        assert!(holds("kin(B) > kin(A)"));
        assert!(!holds("kin(B) <= kin(A)"));
        assert!(holds("kin(B) - kin(A) >= 10"));
        assert!(holds("kin(B) ~ kin(A) + 5 within 100%"));
        assert!(holds("2 * kin(A) > kin(A)") == (a.kin > 0));
        assert!(holds("-(kin(A)) <= 0"));
        assert!(holds("0.5 < 60%"));
        assert!(holds("kin(B) > kin(A) and kin(B) < kin(A) + 11"));
        assert!(!holds("kin(B) > kin(A) and kin(B) < kin(A) + 10"));
        assert!(!Condition::parse("kin(B) > 0").unwrap().holds(&a, None));
        assert!(Condition::parse("kin(B) > 0").unwrap().uses_b());
    }

    #[test]
    fn mistakes_are_named() {
        let error = |text: &str| Condition::parse(text).unwrap_err().0;
        assert!(error("kin_cross_shar(A) > 0").contains("did you mean `kin_cross_share`"));
        assert!(error("kin_cross_shar(A) > 0").contains("the measures are: tick"));
        assert!(error("kin(C) > 0").contains("A or B"));
        assert!(error("kin(A) = 0").contains("expected a comparison"));
        assert!(error("kin(A) > 0 or kin(A) < 0").contains("expected the end"));
        assert!(error("kin(A) > 0 and").contains("expected a number"));
        assert!(error("kin(A) ~ 3 within 10").contains("`%`"));
    }
}
