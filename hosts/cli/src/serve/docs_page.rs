//! `GET /docs`: the OpenAPI document rendered as one HTML page — every operation with its
//! parameters, body and responses, and every schema with its fields — served by the service
//! itself, with no script and nothing fetched from elsewhere (halls run on closed networks).

use std::fmt::Write;

use serde_json::Value;

/// `text` safe inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A schema's type as a reader wants it: a link to a named schema, `array of …`, or its type.
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    for combinator in ["anyOf", "oneOf", "allOf"] {
        if let Some(options) = schema[combinator].as_array() {
            return options.iter().map(type_of).collect::<Vec<_>>().join(" | ");
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
        Value::String(t) if t == "array" => format!("array of {}", type_of(&schema["items"])),
        Value::String(t) => escape(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .map(escape)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if schema["additionalProperties"].is_object() => {
            format!("map of {}", type_of(&schema["additionalProperties"]))
        }
        _ => "any".to_string(),
    }
}

fn operation(page: &mut String, method: &str, path: &str, op: &Value) {
    let _ = write!(
        page,
        "<section><h3><span class=method>{}</span> <code>{}</code></h3><p>{}</p>",
        method.to_uppercase(),
        escape(path),
        escape(op["summary"].as_str().unwrap_or(""))
    );
    if let Some(parameters) = op["parameters"].as_array() {
        page.push_str("<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>");
        for p in parameters {
            let _ = write!(
                page,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(p["name"].as_str().unwrap_or("")),
                if p["required"] == true { " (required)" } else { "" },
                escape(p["in"].as_str().unwrap_or("")),
                type_of(&p["schema"]),
                escape(p["description"].as_str().unwrap_or(""))
            );
        }
        page.push_str("</table>");
    }
    if let Some(content) = op["requestBody"]["content"].as_object() {
        for (media, body) in content {
            let _ = write!(
                page,
                "<p>Body: <code>{}</code>, {}</p>",
                escape(media),
                type_of(&body["schema"])
            );
        }
    }
    page.push_str("<table><tr><th>status</th><th>description</th><th>body</th></tr>");
    for (code, response) in op["responses"].as_object().into_iter().flatten() {
        let body = response["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(media, c)| format!("<code>{}</code> {}", escape(media), type_of(&c["schema"])))
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

fn schema(page: &mut String, name: &str, schema: &Value) {
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
        page.push_str("<table><tr><th>field</th><th>type</th><th>description</th></tr>");
        for (field, property) in properties {
            let _ = write!(
                page,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                escape(field),
                if required.contains(&field.as_str()) {
                    " (required)"
                } else {
                    ""
                },
                type_of(property),
                escape(property["description"].as_str().unwrap_or(""))
            );
        }
        page.push_str("</table>");
    } else {
        let _ = write!(page, "<p>{}</p>", type_of(schema));
    }
    page.push_str("</section>");
}

/// The page for `document`.
pub fn render(document: &Value) -> String {
    let mut page = String::from(
        "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>hallpolicy API</title>\
         <style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}\
         table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}\
         .method{background:#235;color:#fff;padding:0 .4rem;border-radius:.2rem}</style>",
    );
    let _ = write!(
        page,
        "<h1>{} {}</h1><p>{}</p><p>The machine-readable form: <a href=\"/openapi.json\">/openapi.json</a>.</p><h2>Operations</h2>",
        escape(document["info"]["title"].as_str().unwrap_or("")),
        escape(document["info"]["version"].as_str().unwrap_or("")),
        escape(document["info"]["description"].as_str().unwrap_or(""))
    );
    for (path, methods) in document["paths"].as_object().into_iter().flatten() {
        for (method, op) in methods.as_object().into_iter().flatten() {
            operation(&mut page, method, path, op);
        }
    }
    page.push_str("<h2>Schemas</h2>");
    for (name, body) in document["components"]["schemas"].as_object().into_iter().flatten() {
        schema(&mut page, name, body);
    }
    page.push_str("</html>\n");
    page
}
