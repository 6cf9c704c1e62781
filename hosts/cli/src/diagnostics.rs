//! Printing diagnostics: graphically through miette's renderer, or as JSON for editors.

use std::path::Path;

use hallpolicy_compiler::diagnostic::line_column;
use hallpolicy_compiler::Diagnostic;
use serde_json::{json, Value};

use crate::command_error::status;
use crate::Format;

/// The JSON form of one diagnostic: code, message, label, help and spans with lines and columns.
pub fn diagnostic_json(file: &str, source: &str, d: &Diagnostic) -> Value {
    let span = |start: usize, end: usize| {
        let (line, column) = line_column(source, start);
        let (end_line, end_column) = line_column(source, end);
        json!({ "start": start, "end": end, "line": line, "column": column, "end_line": end_line, "end_column": end_column })
    };
    json!({
        "file": file,
        "code": d.code.as_str(),
        "name": d.code.name(),
        "severity": "error",
        "message": d.message,
        "label": d.label,
        "help": d.help,
        "span": span(d.span.start, d.span.end),
        "related": d.related.iter().map(|(s, l)| json!({ "label": l, "span": span(s.start, s.end) })).collect::<Vec<_>>(),
    })
}

/// Prints diagnostics to stderr (text) or stdout (JSON).
pub fn print_diagnostics(path: &Path, source: &str, diagnostics: &[Diagnostic], format: Format) {
    let file = path.display().to_string();
    match format {
        Format::Json => {
            let all: Vec<Value> = diagnostics.iter().map(|d| diagnostic_json(&file, source, d)).collect();
            println!("{}", json!({ "diagnostics": all }));
        }
        Format::Text => {
            for d in diagnostics {
                let report = miette::Report::new(d.clone().with_source(&file, source));
                status(format_args!("{report:?}"));
            }
            if !diagnostics.is_empty() {
                status(format_args!(
                    "{}: {} error{}",
                    file,
                    diagnostics.len(),
                    if diagnostics.len() == 1 { "" } else { "s" }
                ));
            }
        }
    }
}
