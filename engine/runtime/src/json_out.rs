//! The evaluation's compact JSON form, written straight into one string.
//!
//! The same bytes as `serde_json::to_string` (the reference, which tests hold this to), at a
//! fraction of the cost: serde_json looks at every byte of every string through a table, which
//! was a quarter of an evaluation's instructions; here eight bytes are checked at once. Rule
//! text is mostly Chinese, so a check almost never finds a byte to escape.

use crate::ir::{Form, Limit, Unit};
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use crate::json_bytes::sixteen_escaped;
use crate::json_bytes::{escape_bits, is_escaped, word};
use crate::output::{
    Citation, ClockReport, DecidedBy, Evaluation, ExtensionReport, Obligation, Penalty, Rendered, Status, StopReport,
    Text, Violation, Warning,
};

impl Evaluation<'_> {
    /// The evaluation as compact JSON: what the JSON entry returns and `hall eval` prints.
    pub fn to_json(&self) -> String {
        let mut out = Out(String::with_capacity(8 * 1024));
        self.write(&mut out);
        out.0
    }
}

/// `citation` as JSON, with its words or without: what [`Citation::of`] hands the writer.
pub(crate) fn render_citation(citation: &crate::ir::Citation, with_quote: bool) -> String {
    let mut out = Out(String::new());
    Citation {
        json: crate::output::Rendered(None),
        ..Citation::of(citation, with_quote)
    }
    .write(&mut out);
    out.0
}

/// How an obligation or violation of a rule begins: `{"rule":…,"title":…`.
pub(crate) fn render_head(rule: &str, title: &str) -> String {
    let mut out = Out(String::new());
    write_head(&mut out, rule, title);
    out.0
}

fn write_head(out: &mut Out, rule: &str, title: &str) {
    out.raw("{\"rule\":");
    rule.write(out);
    out.raw(",\"title\":");
    title.write(out);
}

/// The buffer being written.
struct Out(String);

/// A value with a JSON form.
trait WriteJson {
    fn write(&self, out: &mut Out);
}

impl Out {
    /// Appends text that is already JSON. Called with literals, so the copy's length is a
    /// constant the compiler turns into a few stores (in wasm, a dynamic copy is a host call).
    #[inline(always)]
    fn raw(&mut self, json: &'static str) {
        self.0.push_str(json);
    }

    /// Copies JSON rendered at policy load, or writes it with `write` where there is none.
    fn rendered_or(&mut self, rendered: Rendered<'_>, write: impl FnOnce(&mut Out)) {
        match rendered.0 {
            Some(json) => self.0.push_str(json),
            None => write(self),
        }
    }
}

/// Writes `value` as a JSON object of the named fields, in the order given. A key is the field's
/// Rust name, as serde's derive spells it (the tests compare every fixture with serde_json);
/// each key, with its quotes, colon and the comma before it, is one literal.
macro_rules! write_object {
    ($out:ident, $value:ident { $first:ident $(, $field:ident)* $(,)? }) => {{
        $out.raw(concat!("{\"", stringify!($first), "\":"));
        $value.$first.write($out);
        $(
            $out.raw(concat!(",\"", stringify!($field), "\":"));
            $value.$field.write($out);
        )*
        $out.raw("}");
    }};
}

/// Writes the rest of an object begun elsewhere: each named field with the comma before it, and
/// the closing brace.
macro_rules! write_members {
    ($out:ident, $value:ident { $($field:ident),* $(,)? }) => {{
        $(
            $out.raw(concat!(",\"", stringify!($field), "\":"));
            $value.$field.write($out);
        )*
        $out.raw("}");
    }};
}

impl WriteJson for str {
    fn write(&self, out: &mut Out) {
        out.0.push('"');
        escape_into(&mut out.0, self);
        out.0.push('"');
    }
}

impl WriteJson for String {
    fn write(&self, out: &mut Out) {
        self.as_str().write(out);
    }
}

impl WriteJson for Text<'_> {
    fn write(&self, out: &mut Out) {
        self.as_ref().write(out);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write(&self, out: &mut Out) {
        match self {
            Some(value) => value.write(out),
            None => out.0.push_str("null"),
        }
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write(&self, out: &mut Out) {
        out.0.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.0.push(',');
            }
            item.write(out);
        }
        out.0.push(']');
    }
}

impl WriteJson for bool {
    fn write(&self, out: &mut Out) {
        out.0.push_str(if *self { "true" } else { "false" });
    }
}

/// Integers as serde_json writes them (itoa).
macro_rules! write_integer {
    ($($ty:ty),*) => {$(
        impl WriteJson for $ty {
            fn write(&self, out: &mut Out) {
                out.0.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}
write_integer!(i64, u32, usize);

/// Unit-like enums are their snake_case names, as serde's `rename_all` spells them.
macro_rules! write_name {
    ($($ty:ty => $name:expr),* $(,)?) => {$(
        impl WriteJson for $ty {
            fn write(&self, out: &mut Out) {
                // Names are lowercase ASCII words: nothing to escape.
                let name: &'static str = $name(*self);
                out.0.push('"');
                out.0.push_str(name);
                out.0.push('"');
            }
        }
    )*};
}
write_name!(
    Form => Form::label,
    Unit => Unit::code,
    Status => Status::code,
    Warning => Warning::code,
    DecidedBy => DecidedBy::code,
);

impl WriteJson for Citation<'_> {
    fn write(&self, out: &mut Out) {
        out.rendered_or(self.json, |out| {
            write_object!(
                out,
                self {
                    source,
                    document,
                    article,
                    quote,
                }
            );
        });
    }
}

impl WriteJson for Limit {
    fn write(&self, out: &mut Out) {
        write_object!(out, self { amount, unit });
    }
}

impl WriteJson for Evaluation<'_> {
    fn write(&self, out: &mut Out) {
        write_object!(
            out,
            self {
                hall,
                policy_version,
                kind,
                subject,
                as_of,
                provisional,
                obligations,
                violations,
                clocks,
            }
        );
    }
}

impl WriteJson for Obligation<'_> {
    fn write(&self, out: &mut Out) {
        out.rendered_or(self.head, |out| write_head(out, &self.rule, &self.title));
        write_members!(
            out,
            self {
                duty,
                actor,
                person,
                due,
                last_day,
                forms,
                status,
                warning,
                next_change,
                met_at,
                detail,
                citation,
                events,
            }
        );
    }
}

impl WriteJson for Violation<'_> {
    fn write(&self, out: &mut Out) {
        out.rendered_or(self.head, |out| write_head(out, &self.rule, &self.title));
        write_members!(
            out,
            self {
                what,
                at,
                actor,
                person,
                penalty,
                citation,
                events,
            }
        );
    }
}

impl WriteJson for Penalty<'_> {
    fn write(&self, out: &mut Out) {
        write_object!(
            out,
            self {
                ladder,
                rung,
                decided_by,
                range,
                basis,
                citation,
            }
        );
    }
}

impl WriteJson for ClockReport<'_> {
    fn write(&self, out: &mut Out) {
        write_object!(
            out,
            self {
                rule,
                start,
                start_event,
                start_basis,
                stops,
                extensions,
                limit,
                due,
                last_day,
                count_unit,
                used,
                left,
                suspended,
                provisional,
                provisional_reason,
            }
        );
    }
}

impl WriteJson for StopReport {
    fn write(&self, out: &mut Out) {
        write_object!(
            out,
            self {
                from,
                to,
                excluded,
                events,
            }
        );
    }
}

impl WriteJson for ExtensionReport {
    fn write(&self, out: &mut Out) {
        write_object!(
            out,
            self {
                approved_at,
                until,
                noticed_at,
                counted,
                reason,
                events,
            }
        );
    }
}

/// Whether any byte of `bytes` needs escaping: sixteen bytes a step without branching per word,
/// then the last eight (overlapping bytes already seen, which changes nothing). In wasm every
/// loop step also checks the epoch deadline, so fewer steps count twice.
fn needs_escape(bytes: &[u8]) -> bool {
    // In the component, sixteen bytes a step, and texts of up to 32 bytes (most) without a loop.
    // LLVM would vectorise the loop below on its own, but into a body whose constants spill
    // most of the writer's registers under Cranelift (BENCHMARKS.md, «Eleventh pass»).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let (Some(first), Some(last)) = (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
        let mut rest = bytes;
        while let Some((sixteen, tail)) = rest.split_first_chunk::<16>().filter(|(_, tail)| tail.len() > 16) {
            if sixteen_escaped(sixteen) {
                return true;
            }
            rest = tail;
        }
        return sixteen_escaped(rest.first_chunk::<16>().unwrap_or(first)) || sixteen_escaped(last);
    }
    let Some(last) = bytes.last_chunk::<8>() else {
        return short_needs_escape(bytes);
    };
    let mut found = escape_bits(word(last));
    let mut rest = bytes;
    while let Some((sixteen, tail)) = rest.split_first_chunk::<16>() {
        let (halves, _) = sixteen.as_chunks::<8>();
        found |= halves.iter().fold(0, |bits, half| bits | escape_bits(word(half)));
        rest = tail;
    }
    if let Some(eight) = rest.first_chunk() {
        found |= escape_bits(word(eight));
    }
    found != 0
}

/// [`needs_escape`] for fewer than eight bytes (names, codes, a person), without a loop: four
/// bytes twice, overlapping, when there are four or more.
fn short_needs_escape(bytes: &[u8]) -> bool {
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(head), Some(tail)) => {
            escape_bits(u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << 32) != 0
        }
        _ => bytes.iter().take(3).any(|&byte| is_escaped(byte)),
    }
}

/// Appends `text` with JSON's escapes, as serde_json spells them.
fn escape_into(out: &mut String, text: &str) {
    if needs_escape(text.as_bytes()) {
        push_escaped(out, text);
    } else {
        out.push_str(text);
    }
}

/// Appends `text`, which has bytes to escape, with JSON's escapes: out of line, as rare as it is.
#[cold]
#[inline(never)]
fn push_escaped(out: &mut String, text: &str) {
    let mut start = 0; // text[start..at] is the run to write before the next escape
    for (at, byte) in text.bytes().enumerate() {
        if let Some(escape) = escape_for(byte) {
            out.push_str(text.get(start..at).unwrap_or_default());
            push_escape(out, byte, escape);
            start = at + 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

/// How JSON escapes `byte`: a short escape letter, `u` for `\u00XX`, or none.
fn escape_for(byte: u8) -> Option<u8> {
    match byte {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0x08 => Some(b'b'),
        0x09 => Some(b't'),
        0x0A => Some(b'n'),
        0x0C => Some(b'f'),
        0x0D => Some(b'r'),
        0x00..=0x1F => Some(b'u'),
        _ => None,
    }
}

fn push_escape(out: &mut String, byte: u8, escape: u8) {
    out.push('\\');
    out.push(char::from(escape));
    if escape == b'u' {
        out.push_str("00");
        // Lowercase hex digits, as serde_json writes them.
        for digit in [byte >> 4, byte & 0xF] {
            out.push(char::from_digit(u32::from(digit), 16).unwrap_or('0'));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text);
        out
    }

    #[test]
    fn every_byte_escapes_as_serde_json_escapes_it() {
        for byte in 0u8..0x80 {
            let text = format!("白城{}x", char::from(byte));
            let reference = serde_json::to_string(&text).unwrap();
            assert_eq!(format!("\"{}\"", escaped(&text)), reference, "byte {byte:#04x}");
        }
    }

    #[test]
    fn escapes_are_found_at_every_offset_of_a_word() {
        for escape in ['"', '\\', '\n', '\u{1}'] {
            for len in 0..26 {
                for at in 0..len {
                    let mut text: Vec<char> = "一次性告知ab限时办结cdefgh首问负责ijklmnop".chars().take(len).collect();
                    text[at] = escape;
                    let text: String = text.into_iter().collect();
                    let reference = serde_json::to_string(&text).unwrap();
                    assert_eq!(format!("\"{}\"", escaped(&text)), reference, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn texts_shorter_than_a_word_find_escapes_at_every_byte() {
        for escape in ['"', '\\', '\n', '\u{0}', '\u{1f}'] {
            for len in 0..8 {
                assert!(!needs_escape(&b"abcdefg"[..len]));
                for at in 0..len {
                    let mut text = b"abcdefg"[..len].to_vec();
                    text[at] = escape as u8;
                    assert!(needs_escape(&text), "{text:?}");
                }
            }
        }
        assert!(!needs_escape("王芳".as_bytes()));
        assert!(!needs_escape(" !#~".as_bytes()));
    }

    #[test]
    fn bytes_above_ascii_and_delete_pass_unescaped() {
        assert!(!needs_escape("\u{7f}\u{80}告知 ~".as_bytes()));
        let text = "\u{7f}\u{80}告知\u{ffff}😀";
        assert_eq!(escaped(text), text);
    }

    #[test]
    fn enum_names_match_serde() {
        let names = |v: &dyn Fn(&mut Out)| {
            let mut out = Out(String::new());
            v(&mut out);
            out.0
        };
        for status in [Status::Met, Status::Pending, Status::Breached] {
            assert_eq!(names(&|o| status.write(o)), serde_json::to_string(&status).unwrap());
        }
        for warning in [Warning::Green, Warning::Yellow, Warning::Red] {
            assert_eq!(names(&|o| warning.write(o)), serde_json::to_string(&warning).unwrap());
        }
        for decided in [DecidedBy::Criteria, DecidedBy::Person] {
            assert_eq!(names(&|o| decided.write(o)), serde_json::to_string(&decided).unwrap());
        }
        for form in [Form::Oral, Form::Written, Form::Platform, Form::Receipt] {
            assert_eq!(names(&|o| form.write(o)), serde_json::to_string(&form).unwrap());
        }
        for unit in [
            Unit::WorkingDays,
            Unit::CalendarDays,
            Unit::Months,
            Unit::Hours,
            Unit::Minutes,
        ] {
            assert_eq!(names(&|o| unit.write(o)), serde_json::to_string(&unit).unwrap());
        }
    }
}
