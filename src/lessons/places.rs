//! Where a field of a lesson file is written: the line of `cards[2].question.answers[1].when`,
//! found by reading the file's structure (parentheses and brackets outside strings and
//! comments), so a teacher's message points at the right answer of the right card.

use std::ops::Range;

/// The 1-based line on which the field at `path` is written (`cards[2].reveal`, lists counted
/// from 0), or the line of the nearest enclosing field found.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let code = code_mask(text);
    // The whole lesson: from its first opening parenthesis.
    let start = (0..text.len()).find(|&i| code[i] && text.as_bytes()[i] == b'(')?;
    let mut span = start..text.len();
    let mut line = None;
    for segment in path.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        let Some(at) = field_in(text, &code, span.clone(), name) else {
            break;
        };
        line = Some(line_at(text, at));
        let value = value_after(text, &code, at);
        span = match index {
            Some(i) => match items(text, &code, value).get(i) {
                Some(item) => item.clone(),
                None => break,
            },
            None => unwrap_double(text, value),
        };
        line = Some(line_at(text, span.start));
    }
    line
}

/// For each byte, whether it is code (not inside a string or a comment).
fn code_mask(text: &str) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut mask = vec![true; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                mask[start..end].iter_mut().for_each(|m| *m = false);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                mask[i..end].iter_mut().for_each(|m| *m = false);
                i = end;
            }
            _ => i += 1,
        }
    }
    mask
}

fn line_at(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Where `name:` is written directly inside `span` (which opens with `(` or `[`), not in a
/// nested structure.
fn field_in(text: &str, code: &[bool], span: Range<usize>, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    for i in span.clone() {
        if !code[i] {
            continue;
        }
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            _ => {}
        }
        let is_name_start = depth == 1
            && text[i..].starts_with(name)
            && (i == 0 || !is_ident(bytes[i - 1]))
            && !bytes.get(i + name.len()).is_some_and(|&b| is_ident(b))
            && text[i + name.len()..span.end].trim_start().starts_with(':');
        if is_name_start {
            return Some(i);
        }
    }
    None
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The span of the value after `name:` at `at`: from its first bracket to the matching one
/// (or to the end of the line for a plain value).
fn value_after(text: &str, code: &[bool], at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let colon = at + text[at..].find(':').unwrap_or(0);
    let mut depth = 0i32;
    let mut start = None;
    for i in colon + 1..bytes.len() {
        if !code[i] {
            continue;
        }
        match bytes[i] {
            b'(' | b'[' => {
                start.get_or_insert(i);
                depth += 1;
            }
            b')' | b']' => {
                depth -= 1;
                if depth <= 0 {
                    return start.unwrap_or(colon)..i + 1;
                }
            }
            b',' if depth == 0 => return colon..i,
            _ => {}
        }
    }
    start.unwrap_or(colon)..bytes.len()
}

/// `Some((...))` read as `Some(...)`: the inner parentheses, where the fields are.
fn unwrap_double(text: &str, span: Range<usize>) -> Range<usize> {
    let inner = text[span.clone()].strip_prefix('(').map(str::trim_start);
    match inner {
        Some(rest) if rest.starts_with('(') => {
            let start = span.end - rest.len();
            start..span.end - 1
        }
        _ => span,
    }
}

/// The spans of the items of a list `[ (...), (...) ]`.
fn items(text: &str, code: &[bool], list: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for i in list {
        if !code[i] {
            continue;
        }
        match bytes[i] {
            b'(' | b'[' => {
                if depth == 1 {
                    start = i;
                }
                depth += 1;
            }
            b')' | b']' => {
                depth -= 1;
                if depth == 1 {
                    found.push(start..i + 1);
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::line_of;

    #[test]
    fn fields_are_found_in_their_card() {
        let text = "// a lesson\n(\n  title: (en: \"x: (\", id: \"y\"),\n  cards: [\n    (\n      \
                    text: (en: \"a\", id: \"b\"),\n      question: Some((\n        text: (en: \
                    \"q\", id: \"q\"),\n        answers: [\n          (text: (en: \"1\", id: \
                    \"1\"), when: \"kin(A) > 0\"),\n          (text: (en: \"2\", id: \"2\"),\n           \
                    when: \"kin(A) <= 0\"),\n        ],\n      )),\n    ),\n    (\n      text: \
                    (en: \"c\", id: \"d\"),\n    ),\n  ],\n)\n";
        assert_eq!(line_of(text, "title"), Some(3));
        assert_eq!(line_of(text, "cards[0].text"), Some(6));
        assert_eq!(line_of(text, "cards[0].question.answers[0].when"), Some(10));
        assert_eq!(line_of(text, "cards[0].question.answers[1].when"), Some(12));
        assert_eq!(line_of(text, "cards[0].question.answers"), Some(9));
        assert_eq!(line_of(text, "cards[1].text"), Some(17));
        assert_eq!(line_of(text, "cards[1]"), Some(16));
    }
}
