//! `GET /docs`: the OpenAPI document rendered as one HTML page — every operation with its
//! parameters, body and responses, and every schema with its fields — served by the service
//! itself, with no script and nothing fetched from elsewhere (halls run on closed networks).

use std::fmt::Write;

use hallpolicy_runtime::message::say;
use hallpolicy_runtime::Lang;
use serde_json::Value;

/// `text` safe inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A schema's type as a reader wants it: a link to a named schema, `array of …`, or its type.
fn type_of(schema: &Value, lang: Lang) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    for combinator in ["anyOf", "oneOf", "allOf"] {
        if let Some(options) = schema[combinator].as_array() {
            return options.iter().map(|o| type_of(o, lang)).collect::<Vec<_>>().join(" | ");
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        return values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&v.to_string())))
            .collect::<Vec<_>>()
            .join(" | ");
    }
    match &schema["type"] {
        Value::String(t) if t == "array" => {
            let items = type_of(&schema["items"], lang);
            say(lang, "docs-array-of", &[("type", &items)])
        }
        Value::String(t) => escape(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .map(escape)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if schema["additionalProperties"].is_object() => {
            let values = type_of(&schema["additionalProperties"], lang);
            say(lang, "docs-map-of", &[("type", &values)])
        }
        _ => say(lang, "docs-any", &[]),
    }
}

/// A table's header row: the catalogue's words for each column.
fn header(page: &mut String, lang: Lang, columns: &[&str]) {
    page.push_str("<table><tr>");
    for column in columns {
        let _ = write!(page, "<th>{}</th>", escape(&say(lang, column, &[])));
    }
    page.push_str("</tr>");
}

/// ` (required)` after a name that must be given.
fn required_mark(lang: Lang, required: bool) -> String {
    if required {
        escape(&say(lang, "docs-required", &[]))
    } else {
        String::new()
    }
}

fn operation(page: &mut String, lang: Lang, method: &str, path: &str, op: &Value) {
    let _ = write!(
        page,
        "<section><h3><span class=method>{}</span> <code>{}</code></h3><p>{}</p>",
        method.to_uppercase(),
        escape(path),
        escape(op["summary"].as_str().unwrap_or(""))
    );
    if let Some(parameters) = op["parameters"].as_array() {
        header(
            page,
            lang,
            &["docs-parameter", "docs-in", "docs-type", "docs-description"],
        );
        for p in parameters {
            let _ = write!(
                page,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(p["name"].as_str().unwrap_or("")),
                required_mark(lang, p["required"] == true),
                escape(p["in"].as_str().unwrap_or("")),
                type_of(&p["schema"], lang),
                escape(p["description"].as_str().unwrap_or(""))
            );
        }
        page.push_str("</table>");
    }
    if let Some(content) = op["requestBody"]["content"].as_object() {
        for (media, body) in content {
            let media = format!("<code>{}</code>", escape(media));
            let kind = type_of(&body["schema"], lang);
            let _ = write!(
                page,
                "<p>{}</p>",
                say(lang, "docs-body", &[("media", &media), ("type", &kind)])
            );
        }
    }
    header(page, lang, &["docs-status", "docs-description", "docs-answer"]);
    for (code, response) in op["responses"].as_object().into_iter().flatten() {
        let body = response["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(media, c)| format!("<code>{}</code> {}", escape(media), type_of(&c["schema"], lang)))
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(code),
            escape(response["description"].as_str().unwrap_or("")),
            body
        );
    }
    page.push_str("</table></section>");
}

fn schema(page: &mut String, lang: Lang, name: &str, schema: &Value) {
    let _ = write!(
        page,
        "<section id=\"schema-{0}\"><h3>{0}</h3><p>{1}</p>",
        escape(name),
        escape(schema["description"].as_str().unwrap_or(""))
    );
    if let Some(properties) = schema["properties"].as_object() {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        header(page, lang, &["docs-field", "docs-type", "docs-description"]);
        for (field, property) in properties {
            let _ = write!(
                page,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                escape(field),
                required_mark(lang, required.contains(&field.as_str())),
                type_of(property, lang),
                escape(property["description"].as_str().unwrap_or(""))
            );
        }
        page.push_str("</table>");
    } else {
        let _ = write!(page, "<p>{}</p>", type_of(schema, lang));
    }
    page.push_str("</section>");
}

/// The page for `document`, its own words in `lang`.
pub fn render(document: &Value, lang: Lang) -> String {
    let mut page = format!(
        "<!doctype html><html lang={}><meta charset=utf-8><title>hallpolicy API</title>\
         <style>body{{font-family:{};max-width:60rem;margin:2rem auto;padding:0 1rem}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}}\
         .method{{background:#235;color:#fff;padding:0 .4rem;border-radius:.2rem}}</style>",
        lang.tag(),
        crate::doc::FONTS
    );
    let link = "<a href=\"/openapi.json\">/openapi.json</a>";
    let _ = write!(
        page,
        "<h1>{} {}</h1><p>{}</p><p>{}</p><h2>{}</h2>",
        escape(document["info"]["title"].as_str().unwrap_or("")),
        escape(document["info"]["version"].as_str().unwrap_or("")),
        escape(document["info"]["description"].as_str().unwrap_or("")),
        say(lang, "docs-machine-readable", &[("link", link)]),
        escape(&say(lang, "docs-operations", &[]))
    );
    for (path, methods) in document["paths"].as_object().into_iter().flatten() {
        for (method, op) in methods.as_object().into_iter().flatten() {
            operation(&mut page, lang, method, path, op);
        }
    }
    let _ = write!(page, "<h2>{}</h2>", escape(&say(lang, "docs-schemas", &[])));
    for (name, body) in document["components"]["schemas"].as_object().into_iter().flatten() {
        schema(&mut page, lang, name, body);
    }
    page.push_str("</html>\n");
    page
}
