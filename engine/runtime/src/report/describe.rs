//! What a compiled policy offers its hosts: the hall, version and content hash, the case
//! schema (so a portal can build its forms) and the rules with their citations.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::ir::{Citation, FieldDecl, Limit, MatterType, Policy, RuleBody, ValueType};

/// A policy's public face.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Description {
    pub hall_id: String,
    pub hall: String,
    pub policy_version: String,
    /// SHA-256 of the policy's IR bytes, hex.
    pub policy_hash: String,
    pub calendar: String,
    pub calendar_years: (i32, i32),
    pub kinds: Vec<KindInfo>,
    pub matters: Vec<MatterInfo>,
    pub rules: Vec<RuleInfo>,
}

/// A kind of case and what it may carry.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindInfo {
    pub name: String,
    pub facts: Vec<FieldInfo>,
    pub events: Vec<EventInfo>,
}

/// An event type and its fields.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventInfo {
    pub name: String,
    pub fields: Vec<FieldInfo>,
}

/// A fact or field: name, type, whether it may be left out, and the allowed values of a choice.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldInfo {
    pub name: String,
    pub type_name: String,
    pub optional: bool,
    pub choices: Vec<String>,
}

/// A matter with its promised limit and material list.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatterInfo {
    pub name: String,
    pub matter_type: String,
    pub limit: Option<Limit>,
    pub materials: Vec<String>,
}

/// A rule and the article it encodes.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub shape: String,
    pub citation: Citation,
    pub ladder: Option<String>,
}

/// Hex SHA-256 of IR bytes.
pub fn policy_hash(ir_bytes: &[u8]) -> String {
    Sha256::digest(ir_bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn field_info(f: &FieldDecl) -> FieldInfo {
    let choices = match &f.ty {
        ValueType::Choice(options) => options.clone(),
        _ => Vec::new(),
    };
    FieldInfo {
        name: f.name.clone(),
        type_name: f.ty.name().to_string(),
        optional: f.optional,
        choices,
    }
}

/// Describes a policy whose IR bytes are `ir_bytes`.
pub fn describe(policy: &Policy, ir_bytes: &[u8]) -> Description {
    Description {
        hall_id: policy.hall.id.clone(),
        hall: policy.hall.name.clone(),
        policy_version: policy.hall.version.clone(),
        policy_hash: policy_hash(ir_bytes),
        calendar: policy.calendar.name.clone(),
        calendar_years: (policy.calendar.first_year, policy.calendar.last_year),
        kinds: policy
            .kinds
            .iter()
            .map(|k| KindInfo {
                name: k.name.clone(),
                facts: k.facts.iter().map(field_info).collect(),
                events: k
                    .events
                    .iter()
                    .map(|e| EventInfo {
                        name: e.name.clone(),
                        fields: e.fields.iter().map(field_info).collect(),
                    })
                    .collect(),
            })
            .collect(),
        matters: policy
            .matters
            .iter()
            .map(|m| MatterInfo {
                name: m.name.clone(),
                matter_type: match m.matter_type {
                    MatterType::Immediate => "immediate",
                    MatterType::Promised => "promised",
                }
                .to_string(),
                limit: m.limit,
                materials: m.materials.clone(),
            })
            .collect(),
        rules: policy
            .rules
            .iter()
            .map(|r| RuleInfo {
                id: r.id.clone(),
                title: r.title.clone(),
                kind: r.kind.clone(),
                shape: match r.body {
                    RuleBody::Deadline(_) => "deadline",
                    RuleBody::Check(_) => "check",
                    RuleBody::Forbid(_) => "forbid",
                    RuleBody::Notice(_) => "notice",
                }
                .to_string(),
                citation: r.citation.clone(),
                ladder: r.ladder.clone(),
            })
            .collect(),
    }
}
