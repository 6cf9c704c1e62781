//! Traceability: every numbered article of a regulation text against the rules that cite it
//! and the articles a policy leaves out on purpose (`not encoded … because …`).
//!
//! Articles are read from the text's own numbering — `第十六条`, `三、`, `(二)`, `3.` — so an
//! article is a path such as `第十六条(二)3` or `三(四)`, written the way citations write it.
//! A citation covers the articles on its path: citing `三(二)` covers `三(二)1` and `三(二)2`,
//! and citing `第十二条第三款` covers `第十二条`.

use serde::Serialize;

use crate::ast::PolicyFile;

/// One step of an article's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    /// `第十六条`, or the `三` of `三、`.
    Article(String),
    /// `(二)`.
    Paragraph(String),
    /// `3`.
    Item(String),
}

impl Label {
    fn depth(&self) -> u8 {
        match self {
            Label::Article(_) => 0,
            Label::Paragraph(_) => 1,
            Label::Item(_) => 2,
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Label::Article(a) | Label::Item(a) => out.push_str(a),
            Label::Paragraph(p) => {
                out.push('(');
                out.push_str(p);
                out.push(')');
            }
        }
    }
}

fn path_text(path: &[Label]) -> String {
    let mut out = String::new();
    for label in path {
        label.write(&mut out);
    }
    out
}

const NUMERALS: &str = "〇零一二三四五六七八九十百";

fn numeral_prefix(text: &str) -> &str {
    let end = text.find(|c: char| !NUMERALS.contains(c)).unwrap_or(text.len());
    text.get(..end).unwrap_or("")
}

/// The numbering label a line of the text starts with, and the rest of the line.
fn line_label(line: &str) -> Option<(Label, &str)> {
    let line = line.trim_start_matches([' ', '\u{3000}', '\t']);
    if let Some(rest) = line.strip_prefix('第') {
        let n = numeral_prefix(rest);
        let after = rest.get(n.len()..).unwrap_or("");
        // 条, or 條 in texts kept in traditional characters; written as the text writes it.
        for mark in ['条', '條'] {
            if let Some(after) = after.strip_prefix(mark) {
                if !n.is_empty() {
                    return Some((Label::Article(format!("第{n}{mark}")), after));
                }
            }
        }
        return None;
    }
    if let Some(rest) = line.strip_prefix(['(', '（']) {
        let n = numeral_prefix(rest);
        let after = rest.get(n.len()..)?.strip_prefix([')', '）'])?;
        return (!n.is_empty()).then(|| (Label::Paragraph(n.to_string()), after));
    }
    let n = numeral_prefix(line);
    if !n.is_empty() {
        let after = line.get(n.len()..)?.strip_prefix('、')?;
        return Some((Label::Article(n.to_string()), after));
    }
    let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(line.len());
    let (n, rest) = line.split_at(digits);
    let after = rest.strip_prefix(['.', '、', '．'])?;
    (!n.is_empty()).then(|| (Label::Item(n.to_string()), after))
}

/// A numbered article of a regulation text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Its path, as citations write it: `第十六条(二)3`, `三(四)`.
    pub id: String,
    /// The start of its text.
    pub excerpt: String,
    /// Its whole first line.
    pub text: String,
    #[serde(skip)]
    path: Vec<Label>,
}

/// The articles of a text that have no numbered parts of their own, in the text's order.
pub fn articles(text: &str) -> Vec<Article> {
    let mut nodes: Vec<(Vec<Label>, String, bool)> = Vec::new();
    let mut path: Vec<Label> = Vec::new();
    for line in text.lines() {
        let Some((label, rest)) = line_label(line) else {
            continue;
        };
        while path.last().is_some_and(|l| l.depth() >= label.depth()) {
            path.pop();
        }
        path.push(label);
        if let Some(parent) = nodes
            .iter_mut()
            .rev()
            .find(|(p, _, _)| p.len() + 1 == path.len() && path.starts_with(p))
        {
            parent.2 = true;
        }
        nodes.push((path.clone(), rest.trim().to_string(), false));
    }
    nodes
        .into_iter()
        .filter(|(_, _, has_parts)| !has_parts)
        .map(|(path, text, _)| Article {
            id: path_text(&path),
            excerpt: excerpt(&text),
            text,
            path,
        })
        .collect()
}

fn excerpt(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The article paths a citation names: `第十六条(一)1、2、3` names three, `一(二)1; 三(三)` two.
fn cited_paths(citation: &str) -> Vec<Vec<Label>> {
    let mut out = Vec::new();
    for part in citation.split([';', '；']) {
        let mut path: Vec<Label> = Vec::new();
        let mut sibling = false;
        let mut rest = part.trim();
        while !rest.is_empty() {
            let (label, after) = if let Some(r) = rest.strip_prefix('第') {
                let n = numeral_prefix(r);
                let after = r.get(n.len()..).unwrap_or("");
                match after.chars().next() {
                    Some(mark @ ('条' | '條')) => (
                        Some(Label::Article(format!("第{n}{mark}"))),
                        after.get(mark.len_utf8()..).unwrap_or(""),
                    ),
                    // 第三款, 第二项: a part of the article the text does not number.
                    Some(c) => (None, after.get(c.len_utf8()..).unwrap_or("")),
                    None => (None, ""),
                }
            } else if let Some(r) = rest.strip_prefix(['(', '（']) {
                let n = numeral_prefix(r);
                let after = r.get(n.len()..).unwrap_or("");
                let after = after.strip_prefix([')', '）']).unwrap_or(after);
                (Some(Label::Paragraph(n.to_string())), after)
            } else if let Some(r) = rest.strip_prefix(['、', ',', '，']) {
                sibling = true;
                (None, r)
            } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
                let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                let (n, after) = rest.split_at(end);
                (Some(Label::Item(n.to_string())), after)
            } else if !numeral_prefix(rest).is_empty() {
                let n = numeral_prefix(rest);
                (Some(Label::Article(n.to_string())), rest.get(n.len()..).unwrap_or(""))
            } else {
                let skip = rest.chars().next().map_or(1, char::len_utf8);
                (None, rest.get(skip..).unwrap_or(""))
            };
            rest = after.trim_start();
            let Some(label) = label else {
                continue;
            };
            if sibling && !path.is_empty() {
                out.push(path.clone());
            }
            sibling = false;
            while path.last().is_some_and(|l| l.depth() >= label.depth()) {
                path.pop();
            }
            path.push(label);
        }
        if !path.is_empty() {
            out.push(path);
        }
    }
    out
}

/// Whether a citation's path and an article's path lie on one line of the numbering.
fn on_one_path(a: &[Label], b: &[Label]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// One article and what the policy does with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceRow {
    pub article: String,
    pub excerpt: String,
    /// The article's whole first line, for the rule book.
    pub text: String,
    /// Rules (and ladders and repetitions, marked `ladder …`, `repeat …`) that cite it.
    pub encoded_by: Vec<String>,
    /// Why it is left out, when the policy says so.
    pub not_encoded: Option<String>,
}

impl TraceRow {
    /// Neither encoded nor left out with a reason.
    pub fn missing(&self) -> bool {
        self.encoded_by.is_empty() && self.not_encoded.is_none()
    }
}

/// A policy's account of one source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trace {
    pub source: String,
    pub rows: Vec<TraceRow>,
    /// Citations (and `not encoded` entries) that name no article of the text: `(who, article)`.
    pub unmatched: Vec<(String, String)>,
    #[serde(skip)]
    paths: Vec<Vec<Label>>,
}

impl Trace {
    /// The first article a citation covers, for linking to it.
    pub fn first_covered(&self, citation: &str) -> Option<&str> {
        let paths = cited_paths(citation);
        let first = paths.first()?;
        self.rows
            .iter()
            .zip(&self.paths)
            .find(|(_, p)| on_one_path(first, p))
            .map(|(r, _)| r.article.as_str())
    }

    /// Articles neither encoded nor left out with a reason.
    pub fn missing(&self) -> impl Iterator<Item = &TraceRow> {
        self.rows.iter().filter(|r| r.missing())
    }
}

/// Removes pinyin glosses such as `(zé)` that some published texts carry after characters.
fn without_pinyin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '（']) {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let opener = from.chars().next().map_or(1, char::len_utf8);
        let inner = from.get(opener..).unwrap_or("");
        let close = inner.find([')', '）']);
        let gloss = close.and_then(|c| inner.get(..c)).filter(|g| {
            !g.is_empty()
                && g.chars()
                    .all(|c| c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c))
        });
        match (gloss, close) {
            (Some(_), Some(c)) => {
                let closer = inner.get(c..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
                rest = inner.get(c + closer..).unwrap_or("");
            }
            _ => {
                out.push_str(from.get(..opener).unwrap_or(""));
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a line starts a new part of a collection (`第二篇:…`), which ends any document.
fn is_part_heading(line: &str) -> bool {
    line.trim()
        .strip_prefix('第')
        .is_some_and(|r| r.get(numeral_prefix(r).len()..).is_some_and(|a| a.starts_with('篇')))
}

/// Whether a line of the text is the heading of the document titled `title`: a line the title
/// ends with (a title may name the issuer first), long enough not to be a stray word.
fn is_heading(line: &str, title: &str) -> bool {
    let line = line.trim();
    // A numbered heading (`一、首問負責制`) heads a document when the title ends with its words.
    let words = match line_label(line) {
        Some((Label::Article(_), rest)) => rest.trim(),
        Some(_) => return false,
        None => line,
    };
    words.chars().count() >= 4 && title.trim().ends_with(words)
}

/// The part of `text` that is the document titled `title`, when the text holds several
/// documents each numbered from 第一条: from its heading to the next heading of another
/// declared source. The whole text when no line is its heading.
fn section<'t>(text: &'t str, title: &str, others: &[&str]) -> &'t str {
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        match start {
            None if is_heading(line, title) => start = Some(offset + line.len()),
            Some(from) if is_part_heading(line) || others.iter().any(|o| is_heading(line, o)) => {
                return text.get(from..offset).unwrap_or(text);
            }
            _ => {}
        }
        offset += line.len();
    }
    start.and_then(|from| text.get(from..)).unwrap_or(text)
}

/// Traces the articles of `text` (the source `source` of `file`) to the policy's rules.
pub fn trace(file: &PolicyFile, source: &str, text: &str) -> Trace {
    let title = file
        .sources
        .iter()
        .find(|s| s.id.text == source)
        .map_or("", |s| s.title.text.as_str());
    let others: Vec<&str> = file
        .sources
        .iter()
        .filter(|s| s.id.text != source)
        .map(|s| s.title.text.as_str())
        .collect();
    let text = without_pinyin(text);
    let articles = articles(section(&text, title, &others));
    let mut rows: Vec<TraceRow> = articles
        .iter()
        .map(|a| TraceRow {
            article: a.id.clone(),
            excerpt: a.excerpt.clone(),
            text: a.text.clone(),
            encoded_by: Vec::new(),
            not_encoded: None,
        })
        .collect();
    let mut unmatched = Vec::new();
    let mut cite = |who: String, article: &str, reason: Option<&str>| {
        for path in cited_paths(article) {
            let mut found = false;
            for (row, a) in rows.iter_mut().zip(&articles) {
                if on_one_path(&path, &a.path) {
                    found = true;
                    match reason {
                        Some(r) => row.not_encoded = Some(r.to_string()),
                        None if !row.encoded_by.contains(&who) => row.encoded_by.push(who.clone()),
                        None => {}
                    }
                }
            }
            if !found {
                unmatched.push((who.clone(), path_text(&path)));
            }
        }
    };
    for rule in &file.rules {
        for c in &rule.clauses {
            if let crate::ast::ClauseKind::Cite { source: s, article } = &c.kind {
                if s.text == source {
                    cite(rule.id.text.clone(), &article.text, None);
                }
            }
        }
    }
    for ladder in &file.ladders {
        if let Some((s, article)) = &ladder.cite {
            if s.text == source {
                cite(format!("ladder {}", ladder.id.text), &article.text, None);
            }
        }
    }
    for repeat in &file.repeats {
        if let Some((s, article)) = &repeat.cite {
            if s.text == source {
                cite(format!("repeat {}", repeat.id.text), &article.text, None);
            }
        }
    }
    for decl in file.not_encoded.iter().filter(|d| d.source.text == source) {
        for article in &decl.articles {
            cite("not encoded".to_string(), &article.text, Some(&decl.reason.text));
        }
    }
    Trace {
        source: source.to_string(),
        rows,
        unmatched,
        paths: articles.into_iter().map(|a| a.path).collect(),
    }
}

/// The trace as a Markdown table, for `policy/trace/`.
pub fn render_markdown(trace: &Trace, title: &str) -> String {
    let mut out = format!(
        "# Traceability: {title}\n\nEvery numbered article of the source text `{}`, with the rules that encode it or the \
         reason it is left out. Generated by `hall trace`; do not edit.\n\n",
        trace.source
    );
    let encoded = trace.rows.iter().filter(|r| !r.encoded_by.is_empty()).count();
    let left_out = trace
        .rows
        .iter()
        .filter(|r| r.encoded_by.is_empty() && r.not_encoded.is_some())
        .count();
    let missing = trace.missing().count();
    out.push_str(&format!(
        "{} articles: {encoded} encoded, {left_out} left out with a reason, {missing} missing.\n\n",
        trace.rows.len()
    ));
    out.push_str("| article | text | encoded by | |\n|---|---|---|---|\n");
    for r in &trace.rows {
        let (who, note) = if !r.encoded_by.is_empty() {
            (r.encoded_by.join(", "), String::new())
        } else if let Some(reason) = &r.not_encoded {
            ("—".to_string(), format!("not encoded: {reason}"))
        } else {
            ("—".to_string(), "**MISSING**".to_string())
        };
        out.push_str(&format!(
            "| {} | {} | {who} | {note} |\n",
            r.article,
            r.excerpt.replace('|', "\\|")
        ));
    }
    if !trace.unmatched.is_empty() {
        out.push_str("\nCitations that name no article of the text:\n\n");
        for (who, article) in &trace.unmatched {
            out.push_str(&format!("- {who}: `{article}`\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(citation: &str) -> Vec<String> {
        cited_paths(citation).iter().map(|p| path_text(p)).collect()
    }

    #[test]
    fn citations_expand_their_lists() {
        assert_eq!(
            ids("第十六条(一)1、2、3"),
            ["第十六条(一)1", "第十六条(一)2", "第十六条(一)3"]
        );
        assert_eq!(ids("二(一)、(二)"), ["二(一)", "二(二)"]);
        assert_eq!(ids("一(二)1; 三(三)"), ["一(二)1", "三(三)"]);
        assert_eq!(ids("第十二条第三款"), ["第十二条"]);
        assert_eq!(ids("五(一)3"), ["五(一)3"]);
        assert_eq!(
            ids("第十六条(三)1、3、4"),
            ["第十六条(三)1", "第十六条(三)3", "第十六条(三)4"]
        );
    }

    #[test]
    fn articles_are_the_numbered_leaves() {
        let text = "第一条 总则。\n第二条 分厅职责:\n(一) 设置事项;\n(二) 配备人员。\n第三条 其他\n1. 甲\n2. 乙\n";
        let got: Vec<String> = articles(text).into_iter().map(|a| a.id).collect();
        assert_eq!(got, ["第一条", "第二条(一)", "第二条(二)", "第三条1", "第三条2"]);
        let text = "一、服务承诺制度\n(一)遵循原则\n(二)承诺内容:\n1.即时办理\n十、其他\n";
        let got: Vec<String> = articles(text).into_iter().map(|a| a.id).collect();
        assert_eq!(got, ["一(一)", "一(二)1", "十"]);
    }

    #[test]
    fn a_text_of_several_documents_is_cut_at_their_headings() {
        let text = "首问责任制度\n第一条 甲\n第二条 乙\n一次性告知制度\n第一条 丙\n";
        let one = section(text, "某县人社局首问责任制度", &["某县人社局一次性告知制度"]);
        assert_eq!(one, "第一条 甲\n第二条 乙\n");
        let two = section(text, "某县人社局一次性告知制度", &["某县人社局首问责任制度"]);
        assert_eq!(articles(two).len(), 1);
        assert_eq!(section(text, "另一个文件", &[]), text);
    }

    #[test]
    fn pinyin_glosses_are_dropped_and_parts_end_documents() {
        assert_eq!(without_pinyin("首辦責(zé)任(問)制(zhì)"), "首辦責任(問)制");
        let text = "第一篇:甲局首问制度\n甲局首问制度\n一、总则\n第二篇:乙局首问制度\n乙局首问制度\n一、乙\n";
        assert_eq!(section(text, "甲局首问制度", &[]), "一、总则\n");
        let numbered = "一、首問負責制\n第一條 甲\n二、限時辦結制\n第一條 乙\n";
        let first = section(numbered, "某县首問負責制", &["某县限時辦結制"]);
        assert_eq!(first, "第一條 甲\n");
        let got: Vec<String> = articles("第四條 AB崗\n(一)B崗\n").into_iter().map(|a| a.id).collect();
        assert_eq!(got, ["第四條(一)"]);
    }

    #[test]
    fn a_parent_citation_covers_its_parts_and_a_paragraph_its_article() {
        let a = cited_paths("三(二)");
        let b = cited_paths("三(二)1");
        assert!(on_one_path(&a[0], &b[0]));
        let ten = cited_paths("十");
        let eleven = cited_paths("十一(一)");
        assert!(!on_one_path(&ten[0], &eleven[0]));
        let item1 = cited_paths("三(二)1");
        let item10 = cited_paths("三(二)10");
        assert!(!on_one_path(&item1[0], &item10[0]));
    }
}
