//! What the fuzz targets share: the shipped policies, compiled once per process.

use std::sync::OnceLock;

use hallpolicy_runtime::Evaluator;

/// Every shipped policy, carried in the binary so a target needs no files at run time.
pub const POLICIES: [(&str, &str); 10] = [
    ("baicheng-004", include_str!("../../policy/baicheng-004.hall")),
    ("yaoguan-003", include_str!("../../policy/yaoguan-003.hall")),
    ("daan-002", include_str!("../../policy/daan-002.hall")),
    ("renshe-000", include_str!("../../policy/renshe-000.hall")),
    ("tongxiang-001", include_str!("../../policy/tongxiang-001.hall")),
    ("guihua-001", include_str!("../../policy/guihua-001.hall")),
    ("xuexiao-001", include_str!("../../policy/xuexiao-001.hall")),
    ("quancheng-001", include_str!("../../policy/quancheng-001.hall")),
    ("tangdaohe-001", include_str!("../../policy/tangdaohe-001.hall")),
    ("counting", include_str!("../fixtures/policies/counting.hall")),
];

/// An evaluator for each of [`POLICIES`], in the same order.
pub fn evaluators() -> &'static [Evaluator] {
    static EVALUATORS: OnceLock<Vec<Evaluator>> = OnceLock::new();
    EVALUATORS.get_or_init(|| {
        POLICIES
            .iter()
            .filter_map(|(_, source)| hallpolicy_compiler::compile(source).ok())
            .map(Evaluator::new)
            .collect()
    })
}

/// The case text of a fuzz input, when it is UTF-8 (every host takes text).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
