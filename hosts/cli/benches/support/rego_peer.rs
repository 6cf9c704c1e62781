//! The Rego peer of the 白城 policy (`tests/peer/baicheng-004.rego`) loaded into `regorus`, with
//! the matters and the working-day table as its data document. Shared by the peer benchmark and
//! the test that checks the two programs agree.

use std::path::Path;

use hallpolicy_runtime::ir::{MatterType, Unit};
use hallpolicy_runtime::Policy;
use serde_json::{json, Map, Value};

/// `data` for the Rego policy: `matters` from the compiled policy, `calendar` from the CSV table
/// (day numbers since 1970-01-01 as keys).
pub fn rego_data(policy: &Policy, calendar_csv: &str) -> Value {
    let mut matters = Map::new();
    for matter in &policy.matters {
        let limit = matter.limit.filter(|l| l.unit == Unit::WorkingDays).map(|l| l.amount);
        let kind = match matter.matter_type {
            MatterType::Immediate => "immediate",
            MatterType::Promised => "promised",
        };
        matters.insert(
            matter.name.clone(),
            json!({ "type": kind, "limit": limit, "materials": matter.materials }),
        );
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let (mut work, mut rest) = (Map::new(), Map::new());
    for line in calendar_csv.lines().skip(1) {
        let mut fields = line.split(',');
        let (Some(date), Some(kind)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Ok(day) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            continue;
        };
        let key = (day - epoch).num_days().to_string();
        match kind {
            "work" => work.insert(key, Value::Bool(true)),
            _ => rest.insert(key, Value::Bool(true)),
        };
    }
    json!({ "matters": matters, "calendar": { "work": work, "rest": rest } })
}

/// A regorus engine with the Rego policy and its data loaded, ready for `set_input_json`.
pub fn rego_engine(root: &Path, policy: &Policy) -> regorus::Engine {
    let rego = std::fs::read_to_string(root.join("tests/peer/baicheng-004.rego")).unwrap_or_default();
    let csv = std::fs::read_to_string(root.join("policy/calendars/cn-mainland.csv")).unwrap_or_default();
    let mut engine = regorus::Engine::new();
    if let Err(e) = engine.add_policy("baicheng-004.rego".to_string(), rego) {
        panic!("the Rego peer does not load: {e}");
    }
    if let Err(e) = engine.add_data_json(&rego_data(policy, &csv).to_string()) {
        panic!("the Rego data does not load: {e}");
    }
    engine
}

/// The Rego peer's obligations for one case, as JSON.
pub fn rego_obligations(engine: &mut regorus::Engine, case_json: &str) -> Value {
    if let Err(e) = engine.set_input_json(case_json) {
        panic!("the case is not JSON for regorus: {e}");
    }
    match engine.eval_query("data.baicheng.obligations".to_string(), false) {
        Ok(results) => results
            .result
            .first()
            .and_then(|r| r.expressions.first())
            .map_or(Value::Object(Map::new()), |e| {
                serde_json::from_str(&e.value.to_json_str().unwrap_or_default()).unwrap_or(Value::Null)
            }),
        Err(e) => panic!("the Rego peer failed: {e}"),
    }
}
