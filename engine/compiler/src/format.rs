//! The canonical layout of a rule file (`hall fmt`): two spaces per brace level, one space
//! between words, none before `,` `:` `.` `)` or after `(` `.` (and `{}` when empty), at most one blank line, no
//! trailing space, one newline at the end. Line breaks and comments stay where the author put
//! them, so a formatted file reads like the regulation it follows; strings are never touched.
//! Formatting is idempotent and keeps the syntax tree the same (both property-tested).

/// A token of a rule file, as the layout sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'s> {
    /// A word: keyword, name, number or clock time (`08:30`).
    Word(&'s str),
    /// A string literal, quotes and escapes as written.
    Str(&'s str),
    /// Punctuation: `{ } ( ) , : . = != >= <= > <`.
    Punct(&'s str),
    /// `// …` up to the end of the line.
    Comment(&'s str),
}

const PUNCT_TWO: [&str; 3] = ["!=", ">=", "<="];
const PUNCT_ONE: &str = "{}(),:.=><";

/// Splits a source into tokens, each with the number of line breaks before it.
fn tokens(source: &str) -> Vec<(usize, Token<'_>)> {
    let mut out = Vec::new();
    let mut rest = source;
    let mut breaks = 0;
    while let Some(c) = rest.chars().next() {
        if c == '\n' {
            breaks += 1;
            rest = &rest[1..];
            continue;
        }
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (token, len) = if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            (Token::Comment(rest[..end].trim_end()), end)
        } else if c == '"' {
            let mut end = 1;
            let mut escaped = false;
            for (i, ch) in rest[1..].char_indices() {
                end = 1 + i + ch.len_utf8();
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' || ch == '\n' {
                    break;
                }
            }
            (Token::Str(&rest[..end]), end)
        } else if let Some(p) = PUNCT_TWO.iter().find(|p| rest.starts_with(**p)) {
            (Token::Punct(p), p.len())
        } else if PUNCT_ONE.contains(c) {
            (Token::Punct(&rest[..1]), 1)
        } else {
            let mut end = rest
                .find(|ch: char| ch.is_whitespace() || ch == '"' || PUNCT_ONE.contains(ch) || ch == '!')
                .unwrap_or(rest.len());
            if end == 0 {
                end = c.len_utf8();
            }
            // A clock time `08:30` is one word.
            let word = &rest[..end];
            let tail = &rest[end..];
            if word.len() == 2
                && word.bytes().all(|b| b.is_ascii_digit())
                && tail.len() >= 3
                && tail.as_bytes()[0] == b':'
                && tail.as_bytes()[1..3].iter().all(u8::is_ascii_digit)
            {
                end += 3;
            }
            (Token::Word(&rest[..end]), end)
        };
        out.push((breaks, token));
        breaks = 0;
        rest = &rest[len..];
    }
    out
}

/// The text of a token.
fn text<'s>(t: &Token<'s>) -> &'s str {
    match t {
        Token::Word(s) | Token::Str(s) | Token::Punct(s) | Token::Comment(s) => s,
    }
}

/// Whether a space goes between two tokens on one line.
fn spaced(prev: &Token<'_>, next: &Token<'_>) -> bool {
    let (p, n) = (text(prev), text(next));
    if matches!(next, Token::Comment(_)) {
        return true;
    }
    if matches!(n, "," | ":" | "." | ")") || matches!(p, "(" | ".") || (p == "{" && n == "}") {
        return false;
    }
    true
}

/// Lays a rule file out canonically.
pub fn format_source(source: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut depth: usize = 0;
    let mut prev: Option<Token<'_>> = None;
    let mut blank_pending = false;
    let flush = |line: &mut String, out: &mut String, depth: usize| {
        if !line.is_empty() {
            out.push_str(&"  ".repeat(depth));
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
        }
    };
    let mut line_depth = 0;
    for (breaks, token) in tokens(source) {
        let closes = token == Token::Punct("}");
        if breaks > 0 && prev.is_some() {
            flush(&mut line, &mut out, line_depth);
            let after_open = prev == Some(Token::Punct("{"));
            blank_pending = breaks > 1 && !after_open && !closes;
        }
        if line.is_empty() {
            if blank_pending && !out.is_empty() {
                out.push('\n');
            }
            blank_pending = false;
            line_depth = if closes { depth.saturating_sub(1) } else { depth };
        } else if let Some(p) = &prev {
            if spaced(p, &token) {
                line.push(' ');
            }
        }
        line.push_str(text(&token));
        match token {
            Token::Punct("{") => depth += 1,
            Token::Punct("}") => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = Some(token);
    }
    flush(&mut line, &mut out, line_depth);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_canonical_and_keeps_comments_and_breaks() {
        let messy = "// header\n\n\n\nhall  X \"名\"{version \"1\"   calendar cn-mainland\n hours 08:30 to 17:00 }\nrule R \"t\" {\n\n      cite S \"第一条\" // trailing\n  when 渠道 != \"信函\"\nnever 答复 where 原话 contains any of \"a\" , \"b\"\n}\n";
        let want = "// header\n\nhall X \"名\" { version \"1\" calendar cn-mainland\n  hours 08:30 to 17:00 }\nrule R \"t\" {\n  cite S \"第一条\" // trailing\n  when 渠道 != \"信函\"\n  never 答复 where 原话 contains any of \"a\", \"b\"\n}\n";
        assert_eq!(format_source(messy), want);
        assert_eq!(format_source(want), want);
    }

    #[test]
    fn dotted_names_and_choices_stay_tight() {
        let src = "kind K {\n  fact F: one of ( \"a\" , \"b\" ) optional\n}\nrule R {\n  notice 告知 . 材料 within same visit\n}\n";
        assert_eq!(
            format_source(src),
            "kind K {\n  fact F: one of (\"a\", \"b\") optional\n}\nrule R {\n  notice 告知.材料 within same visit\n}\n"
        );
    }
}
