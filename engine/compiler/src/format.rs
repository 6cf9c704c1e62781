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

/// English keywords and their Chinese forms, longest first; `hours` of a hall (office hours)
/// is told from the unit by what precedes it.
const KEYWORDS: &[(&str, &str)] = &[
    ("applicant delay on", "申请人延误于"),
    ("contains any of", "含有"),
    ("in calendar year", "按自然年"),
    ("approved by", "批准人"),
    ("at least", "至少"),
    ("calendar day", "个自然日"),
    ("calendar days", "个自然日"),
    ("extend on", "延期于"),
    ("materials from", "材料见"),
    ("not encoded", "不编码"),
    ("one of", "之一"),
    ("restart on", "重新计时于"),
    ("resume on", "恢复于"),
    ("same visit", "当场"),
    ("stop on", "中止于"),
    ("working day", "个工作日"),
    ("working days", "个工作日"),
    ("after", "发生"),
    ("and", "且"),
    ("basis", "设定依据"),
    ("because", "理由"),
    ("before", "早于"),
    ("by", "由"),
    ("calendar", "日历"),
    ("cite", "条款"),
    ("conditions", "办理条件"),
    ("count", "计数"),
    ("day", "个自然日"),
    ("days", "个自然日"),
    ("each", "每次"),
    ("event", "事件"),
    ("fact", "事实"),
    ("form", "形式"),
    ("hall", "大厅"),
    ("has", "有"),
    ("hour", "小时"),
    ("hours", "小时"),
    ("if", "若"),
    ("immediate", "即办"),
    ("is", "为"),
    ("kind", "种类"),
    ("ladder", "罚则"),
    ("lead", "提前"),
    ("limit", "的时限"),
    ("matching", "对应"),
    ("materials", "材料清单"),
    ("matter", "事项类"),
    ("minute", "分钟"),
    ("minutes", "分钟"),
    ("missing", "缺少"),
    ("month", "个月"),
    ("months", "个月"),
    ("must", "须"),
    ("never", "不得"),
    ("notice", "通知"),
    ("once", "自"),
    ("optional", "可选"),
    ("or", "或"),
    ("overdue", "逾期"),
    ("per", "按"),
    ("person", "人员"),
    ("procedure", "办理程序"),
    ("promised", "承诺"),
    ("quantity", "数量限制"),
    ("quote", "原文"),
    ("repeat", "累计"),
    ("repeated", "重复"),
    ("rule", "规则"),
    ("rung", "档"),
    ("sample", "示范文本"),
    ("source", "来源"),
    ("states", "载明"),
    ("then", "则"),
    ("to", "至"),
    ("type", "类型"),
    ("version", "版本"),
    ("warn", "预警"),
    ("when", "适用于"),
    ("where", "其中"),
    ("within", "时限"),
];

/// The surface language of keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

/// Rewrites a rule file's keywords in `lang`, then lays it out; names, strings and comments are
/// untouched, and the syntax tree stays the same.
pub fn translate(source: &str, lang: Lang) -> Result<String, Vec<crate::Diagnostic>> {
    let surface = crate::syntax::surface(source)?;
    let mut edits: Vec<(usize, usize, String)> = match lang {
        Lang::En => surface
            .chinese
            .iter()
            .map(|(a, b, e)| {
                // One of a unit reads singular: `1 working day`, `1 month`.
                let one = source.get(..*a).is_some_and(|before| {
                    let before = before.trim_end();
                    before.ends_with('1') && !before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit())
                });
                let unit = matches!(*e, "working days" | "calendar days" | "months" | "hours" | "minutes");
                let english = if one && unit { e.trim_end_matches('s') } else { e };
                (*a, *b, english.to_string())
            })
            .collect(),
        Lang::Zh => english_keywords(source, &surface.values),
    };
    for (start, end, table) in &surface.named {
        let written = source.get(*start..*end).unwrap_or("");
        let other = table.iter().find_map(|(en, zh)| match lang {
            Lang::Zh if *en == written => Some(*zh),
            Lang::En if *zh == written => Some(*en),
            _ => None,
        });
        if let Some(other) = other {
            edits.push((*start, *end, other.to_string()));
        }
    }
    edits.sort();
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (start, end, text) in edits {
        out.push_str(source.get(at..start).unwrap_or(""));
        out.push_str(&text);
        at = end;
    }
    out.push_str(source.get(at..).unwrap_or(""));
    Ok(format_source(&out))
}

/// The English keyword phrases of a source, outside its values and comments, with their Chinese.
fn english_keywords(source: &str, values: &[(usize, usize)]) -> Vec<(usize, usize, String)> {
    let inside = |i: usize| values.iter().any(|(a, b)| *a <= i && i < *b);
    // Words: runs of ASCII letters that are not part of a value, each with its byte range.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'/') && !inside(i) {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if bytes[i].is_ascii_alphabetic() && !inside(i) {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            words.push((start, i));
            continue;
        }
        i += 1;
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let mut matched = None;
        for (english, chinese) in KEYWORDS {
            let parts: Vec<&str> = english.split(' ').collect();
            let Some(run) = words.get(k..k + parts.len()) else {
                continue;
            };
            let same = run.iter().zip(&parts).all(|((a, b), p)| &source[*a..*b] == *p);
            let adjacent = run.windows(2).all(|w| source[w[0].1..w[1].0].trim().is_empty());
            if same && adjacent {
                matched = Some((parts.len(), *chinese));
                break;
            }
        }
        let Some((len, chinese)) = matched else {
            k += 1;
            continue;
        };
        let (start, end) = (words[k].0, words[k + len - 1].1);
        let word = &source[start..end];
        let after_number = source[..start].trim_end().ends_with(|c: char| c.is_ascii_digit());
        let chinese = if (word == "hours" || word == "hour") && !after_number {
            "办公时间"
        } else {
            chinese
        };
        out.push((start, end, chinese.to_string()));
        k += len;
    }
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
