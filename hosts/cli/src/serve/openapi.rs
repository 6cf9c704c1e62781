//! `GET /openapi.json`: the service described in OpenAPI 3.1. The schemas of the case, the
//! evaluation, the description and the error are generated from the Rust types with schemars
//! (JSON Schema 2020-12, which OpenAPI 3.1 uses); the operations are the table below.

use hallpolicy_runtime::case::wire::CaseDocument;
use hallpolicy_runtime::report::describe::Description;
use hallpolicy_runtime::Evaluation;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use super::api_error::ErrorBody;
use super::routes::{HallSummary, Health, ReloadReport};

/// The version of the schemas: the evaluation's JSON form, the case's and the error's. It
/// changes when any of them changes shape.
pub const SCHEMA_VERSION: &str = "1.0.0";

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

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": json_content("ErrorResponse") })
}

/// The responses every endpoint may give when tokens are required.
fn refusals(codes: &[(&str, &str)]) -> Map<String, Value> {
    codes
        .iter()
        .map(|(code, description)| (code.to_string(), error_response(description)))
        .collect()
}

fn with(mut base: Map<String, Value>, more: Map<String, Value>) -> Value {
    base.extend(more);
    Value::Object(base)
}

fn hall_parameter() -> Value {
    json!({ "name": "hall", "in": "path", "required": true,
            "description": "The hall's id: its rule file's stem (`baicheng-004`).",
            "schema": { "type": "string" } })
}

fn as_of_parameter() -> Value {
    json!({ "name": "as_of", "in": "query", "required": false,
            "description": "The moment to evaluate at (`2026-05-20T09:00:00+08:00`, or a date meaning 24:00 of that day); overrides the case's own `as_of`.",
            "schema": { "type": "string" } })
}

const EVALUATION_REFUSALS: &[(&str, &str)] = &[
    (
        "400",
        "The case is malformed: the path of the field and the reason; or the query is not valid.",
    ),
    ("401", "A bearer token is required."),
    ("404", "No such hall."),
    ("413", "The case is larger than the service accepts."),
    ("415", "The body is not JSON."),
    (
        "422",
        "The evaluation ran past its time or memory limit; the error names the limit.",
    ),
    (
        "503",
        "The service is at its limit of waiting requests; `Retry-After` says when to try again.",
    ),
];

/// The document a running service serves: [`document`] with the ids of the halls it serves
/// as the values `{hall}` may take.
pub fn document_for(hall_ids: &[String]) -> Value {
    let mut document = document();
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

/// The whole document, for any set of halls.
pub fn document() -> Value {
    let mut evaluate_responses = Map::new();
    evaluate_responses.insert(
        "200".into(),
        json!({ "description": "The evaluation: obligations, violations and clocks, each citing its article; the same bytes as `hall eval --format json`.",
                "content": json_content("Evaluation") }),
    );
    let mut batch_responses = Map::new();
    batch_responses.insert(
        "200".into(),
        json!({ "description": "One line per case in input order: an evaluation, or `{\"error\": …}` for a refused case.",
                "content": { "application/x-ndjson": { "schema": { "type": "array", "items": {
                    "anyOf": [schema_ref("Evaluation"), schema_ref("ErrorResponse")] } } } } }),
    );
    let batch_refusals: Vec<(&str, &str)> = EVALUATION_REFUSALS
        .iter()
        .copied()
        .filter(|(code, _)| *code != "413" && *code != "422")
        .collect();
    let mut halls_responses = Map::new();
    halls_responses.insert(
        "200".into(),
        json!({ "description": "Every hall served.", "content": { "application/json": { "schema": { "type": "array", "items": schema_ref("HallSummary") } } } }),
    );
    let mut describe_responses = Map::new();
    describe_responses.insert(
        "200".into(),
        json!({ "description": "What `hall describe` prints: the rules and their citations, the case schema, version, hash and calendar coverage.",
                "content": json_content("Description") }),
    );
    let mut reload_responses = Map::new();
    reload_responses.insert(
        "200".into(),
        json!({ "description": "What was reloaded, left as it was, and refused.", "content": json_content("ReloadReport") }),
    );
    let optional_token = json!([{}, { "bearer": [] }]);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hallpolicy",
            "version": SCHEMA_VERSION,
            "description": "Evaluate cases of government service halls against their policies: obligations, violations and clocks, each citing its article."
        },
        "paths": {
            "/v1/halls/{hall}/evaluate": { "post": {
                "operationId": "evaluate",
                "summary": "Evaluate one case",
                "parameters": [hall_parameter(), as_of_parameter()],
                "requestBody": { "required": true, "content": json_content("Case") },
                "responses": with(evaluate_responses, refusals(EVALUATION_REFUSALS)),
                "security": optional_token,
            } },
            "/v1/halls/{hall}/evaluate-batch": { "post": {
                "operationId": "evaluateBatch",
                "summary": "Evaluate many cases, JSON lines in and out, streamed",
                "parameters": [hall_parameter(), as_of_parameter()],
                "requestBody": { "required": true, "description": "One case a line (JSON lines); blank lines are skipped.",
                                 "content": { "application/x-ndjson": { "schema": { "type": "array", "items": schema_ref("Case") } } } },
                "responses": with(batch_responses, refusals(&batch_refusals)),
                "security": optional_token,
            } },
            "/v1/halls": { "get": {
                "operationId": "listHalls",
                "summary": "The halls served",
                "responses": with(halls_responses, refusals(&[("401", "A bearer token is required.")])),
                "security": optional_token,
            } },
            "/v1/halls/{hall}": { "get": {
                "operationId": "describeHall",
                "summary": "A hall's policy: rules, citations, case schema, version, hash",
                "parameters": [hall_parameter()],
                "responses": with(describe_responses, refusals(&[("401", "A bearer token is required."), ("404", "No such hall.")])),
                "security": optional_token,
            } },
            "/v1/admin/reload": { "post": {
                "operationId": "reload",
                "summary": "Load changed policies; one that fails to check is refused and the old one keeps serving",
                "responses": with(reload_responses, refusals(&[("401", "The admin token is required."), ("403", "The token is not an admin token, or no admin token is configured.")])),
                "security": [{ "bearer": [] }],
            } },
            "/healthz": { "get": {
                "operationId": "healthz", "summary": "Live",
                "responses": { "200": { "description": "The process answers.", "content": json_content("Health") } },
            } },
            "/readyz": { "get": {
                "operationId": "readyz", "summary": "Ready: policies loaded",
                "responses": {
                    "200": { "description": "Policies are loaded.", "content": json_content("Health") },
                    "503": { "description": "No policy is loaded.", "content": json_content("Health") },
                },
            } },
            "/metrics": { "get": {
                "operationId": "metrics", "summary": "Prometheus metrics",
                "responses": { "200": { "description": "Requests by hall and status, latency, cases refused, instances in use.",
                                        "content": { "text/plain": { "schema": { "type": "string" } } } } },
            } },
            "/docs": { "get": {
                "operationId": "docs", "summary": "This document, rendered for people",
                "responses": { "200": { "description": "One HTML page: every operation and schema.", "content": { "text/html": { "schema": { "type": "string" } } } } },
            } },
            "/openapi.json": { "get": {
                "operationId": "openapi", "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.1.", "content": { "application/json": { "schema": { "type": "object" } } } } },
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
        ("openapi.json", pretty(&document())),
    ]
}
