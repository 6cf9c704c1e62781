//! `GET /openapi.json`: the service described in OpenAPI 3.1. The schemas of the case, the
//! evaluation, the description and the error are generated from the Rust types with schemars
//! (JSON Schema 2020-12, which OpenAPI 3.1 uses); the operations are the table below.

use hallpolicy_runtime::case::wire::CaseDocument;
use hallpolicy_runtime::message::say;
use hallpolicy_runtime::report::describe::Description;
use hallpolicy_runtime::Evaluation;
use hallpolicy_runtime::Lang;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use super::api_error::ErrorBody;
use super::routes::{HallSummary, Health, ReloadReport};

pub use hallpolicy_runtime::SCHEMA_VERSION;

/// The named schemas, by the name `#/components/schemas/` gives them.
pub fn schemas() -> Map<String, Value> {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    generator.subschema_for::<CaseDocument>();
    generator.subschema_for::<Evaluation>();
    generator.subschema_for::<Description>();
    generator.subschema_for::<ErrorBody>();
    generator.subschema_for::<HallSummary>();
    generator.subschema_for::<Health>();
    generator.subschema_for::<ReloadReport>();
    generator.take_definitions(true)
}

/// A schema as a standalone file: the root with the definitions it refers to.
pub fn standalone_schema<T: JsonSchema>() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$id".to_string(),
            json!(format!(
                "https://hallpolicy.dev/schemas/{SCHEMA_VERSION}/{}",
                T::schema_name()
            )),
        );
    }
    schema
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_content(name: &str) -> Value {
    json!({ "application/json": { "schema": schema_ref(name) } })
}

/// The words of the document, in one language.
struct Words(Lang);

impl Words {
    fn say(&self, id: &str) -> String {
        say(self.0, id, &[])
    }

    /// A response described by catalogue entry `id`, with a body of `content`.
    fn response(&self, id: &str, content: Value) -> Value {
        json!({ "description": self.say(id), "content": content })
    }

    /// Refusals by status, each an error body described by `api-refused-{status}{suffix}`.
    fn refusals(&self, statuses: &[&str], suffix: &str) -> Map<String, Value> {
        statuses
            .iter()
            .map(|status| {
                let id = format!("api-refused-{status}{suffix}");
                (status.to_string(), self.response(&id, json_content("ErrorResponse")))
            })
            .collect()
    }

    fn hall_parameter(&self) -> Value {
        json!({ "name": "hall", "in": "path", "required": true,
                "description": self.say("api-hall-parameter"),
                "schema": { "type": "string" } })
    }

    fn as_of_parameter(&self) -> Value {
        json!({ "name": "as_of", "in": "query", "required": false,
                "description": self.say("api-as-of-parameter"),
                "schema": { "type": "string" } })
    }
}

fn with(mut base: Map<String, Value>, more: Map<String, Value>) -> Value {
    base.extend(more);
    Value::Object(base)
}

/// The refusals of an evaluation, by status (the words are `api-refused-{status}`).
const EVALUATION_REFUSALS: &[&str] = &["400", "401", "404", "413", "415", "422", "503"];

/// The document a running service serves: [`document`] with the ids of the halls it serves
/// as the values `{hall}` may take.
pub fn document_for(hall_ids: &[String], lang: Lang) -> Value {
    let mut document = document(lang);
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for operation in paths
            .values_mut()
            .filter_map(Value::as_object_mut)
            .flat_map(|p| p.values_mut())
        {
            let parameters = operation.get_mut("parameters").and_then(Value::as_array_mut);
            for parameter in parameters.into_iter().flatten() {
                if parameter["name"] == "hall" {
                    parameter["schema"]["enum"] = json!(hall_ids);
                }
            }
        }
    }
    document
}

/// The whole document, for any set of halls, its words in `lang`.
pub fn document(lang: Lang) -> Value {
    let words = Words(lang);
    let ok = |id: &str, content: Value| {
        let mut responses = Map::new();
        responses.insert("200".into(), words.response(id, content));
        responses
    };
    let evaluate_responses = ok("api-evaluate-200", json_content("Evaluation"));
    let batch_responses = ok(
        "api-evaluate-batch-200",
        json!({ "application/x-ndjson": { "schema": { "type": "array", "items": {
            "anyOf": [schema_ref("Evaluation"), schema_ref("ErrorResponse")] } } } }),
    );
    let batch_refusals: Vec<&str> = EVALUATION_REFUSALS
        .iter()
        .copied()
        .filter(|code| *code != "413" && *code != "422")
        .collect();
    let halls_responses = ok(
        "api-list-halls-200",
        json!({ "application/json": { "schema": { "type": "array", "items": schema_ref("HallSummary") } } }),
    );
    let describe_responses = ok("api-describe-hall-200", json_content("Description"));
    let reload_responses = ok("api-reload-200", json_content("ReloadReport"));
    let optional_token = json!([{}, { "bearer": [] }]);
    let text = |media: &str| json!({ media: { "schema": { "type": "string" } } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hallpolicy",
            "version": SCHEMA_VERSION,
            "description": words.say("api-info"),
        },
        "paths": {
            "/v1/halls/{hall}/evaluate": { "post": {
                "operationId": "evaluate",
                "summary": words.say("api-evaluate"),
                "parameters": [words.hall_parameter(), words.as_of_parameter()],
                "requestBody": { "required": true, "content": json_content("Case") },
                "responses": with(evaluate_responses, words.refusals(EVALUATION_REFUSALS, "")),
                "security": optional_token,
            } },
            "/v1/halls/{hall}/evaluate-batch": { "post": {
                "operationId": "evaluateBatch",
                "summary": words.say("api-evaluate-batch"),
                "parameters": [words.hall_parameter(), words.as_of_parameter()],
                "requestBody": { "required": true, "description": words.say("api-evaluate-batch-body"),
                                 "content": { "application/x-ndjson": { "schema": { "type": "array", "items": schema_ref("Case") } } } },
                "responses": with(batch_responses, words.refusals(&batch_refusals, "")),
                "security": optional_token,
            } },
            "/v1/halls": { "get": {
                "operationId": "listHalls",
                "summary": words.say("api-list-halls"),
                "responses": with(halls_responses, words.refusals(&["401"], "")),
                "security": optional_token,
            } },
            "/v1/halls/{hall}": { "get": {
                "operationId": "describeHall",
                "summary": words.say("api-describe-hall"),
                "parameters": [words.hall_parameter()],
                "responses": with(describe_responses, words.refusals(&["401", "404"], "")),
                "security": optional_token,
            } },
            "/v1/admin/reload": { "post": {
                "operationId": "reload",
                "summary": words.say("api-reload"),
                "responses": with(reload_responses, words.refusals(&["401", "403"], "-admin")),
                "security": [{ "bearer": [] }],
            } },
            "/healthz": { "get": {
                "operationId": "healthz", "summary": words.say("api-healthz"),
                "responses": { "200": words.response("api-healthz-200", json_content("Health")) },
            } },
            "/readyz": { "get": {
                "operationId": "readyz", "summary": words.say("api-readyz"),
                "responses": {
                    "200": words.response("api-readyz-200", json_content("Health")),
                    "503": words.response("api-readyz-503", json_content("Health")),
                },
            } },
            "/metrics": { "get": {
                "operationId": "metrics", "summary": words.say("api-metrics"),
                "responses": { "200": words.response("api-metrics-200", text("text/plain")) },
            } },
            "/docs": { "get": {
                "operationId": "docs", "summary": words.say("api-docs"),
                "responses": { "200": words.response("api-docs-200", text("text/html")) },
            } },
            "/openapi.json": { "get": {
                "operationId": "openapi", "summary": words.say("api-openapi"),
                "responses": { "200": words.response("api-openapi-200", json!({ "application/json": { "schema": { "type": "object" } } })) },
            } },
        },
        "components": {
            "schemas": schemas(),
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
        },
    })
}

/// The files `hosts/cli/schemas/` ships, by name, as `hall schemas` writes them.
pub fn schema_files() -> Vec<(&'static str, String)> {
    let pretty = |value: &Value| format!("{}\n", serde_json::to_string_pretty(value).unwrap_or_default());
    vec![
        ("case.schema.json", pretty(&standalone_schema::<CaseDocument>())),
        ("evaluation.schema.json", pretty(&standalone_schema::<Evaluation>())),
        ("error.schema.json", pretty(&standalone_schema::<ErrorBody>())),
        ("openapi.json", pretty(&document(Lang::default()))),
    ]
}
