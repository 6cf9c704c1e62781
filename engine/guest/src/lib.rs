//! The evaluator core module: the `wit/` interface bound to the runtime, nothing more. Built
//! once for `wasm32-unknown-unknown`; `hall build` splices a policy's IR into it, answering the
//! two `hallpolicy:ir` imports below with constants, so the finished component imports nothing.

#[cfg(target_arch = "wasm32")]
mod arena;
#[cfg(any(target_arch = "wasm32", test))]
mod compare;
mod convert;

use std::sync::OnceLock;

use hallpolicy_runtime::message::Arg;
use hallpolicy_runtime::report::describe::describe;
use hallpolicy_runtime::{render_text, CaseError, Evaluation, Evaluator, Lang, Message, Policy};

wit_bindgen::generate!({ path: "../../wit", world: "hall" });

use exports::hallpolicy::hall::evaluator as wit;

struct Component;

// Exported only for wasm: a host-target cdylib cannot carry export names such as
// `hallpolicy:hall/evaluator@0.5.0#evaluate`; on the host the crate only type-checks.
#[cfg(target_arch = "wasm32")]
export!(Component);

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ARENA: arena::Arena = arena::Arena::new();

/// The policy, decoded from the spliced IR on first use.
static EVALUATOR: OnceLock<Result<Evaluator, String>> = OnceLock::new();

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "hallpolicy:ir")]
unsafe extern "C" {
    #[link_name = "ir-ptr"]
    fn ir_ptr() -> usize;
    #[link_name = "ir-len"]
    fn ir_len() -> usize;
}

/// The IR bytes `hall build` placed in linear memory.
#[cfg(target_arch = "wasm32")]
fn ir_bytes() -> &'static [u8] {
    // SAFETY: `hall build` replaces both imports with constants naming a data segment it added
    // above the module's initial memory, which the allocator never hands out.
    unsafe { core::slice::from_raw_parts(ir_ptr() as *const u8, ir_len()) }
}

/// Outside wasm there is no spliced policy.
#[cfg(not(target_arch = "wasm32"))]
fn ir_bytes() -> &'static [u8] {
    &[]
}

fn evaluator() -> Result<&'static Evaluator, String> {
    let loaded = EVALUATOR.get_or_init(|| {
        let loaded = Policy::from_bytes(ir_bytes())
            .map(Evaluator::new)
            .map_err(|e| e.to_string());
        #[cfg(target_arch = "wasm32")]
        ARENA.keep_all();
        loaded
    });
    loaded.as_ref().map_err(Clone::clone)
}

/// Memory a call finds already grown. The sample case (8 events) needs under 64 KiB; a case of
/// 200 events needs 1.3 MiB and grows the rest as it goes. Zero pages cost a component no bytes.
pub const CALL_ROOM: usize = 256 << 10;

/// Loads the policy, for `hall build` to run once and snapshot (pre-initialisation), so that a
/// component's first call finds it decoded, in memory with room for the call's work (without
/// it, a pooled instance's first call grew memory and took longer). `hall build` removes this
/// export afterwards.
#[cfg(target_arch = "wasm32")]
#[unsafe(export_name = "hallpolicy:preinit")]
pub extern "C" fn preinit() {
    ARENA.scrub_freed(true);
    // A policy that fails to load keeps its error, which every call then reports.
    let _ = evaluator();
    // The catalogues parsed, and their plural rules chosen, into the snapshot: no call
    // parses them, and nothing a call leaves in them outlives the arena's mark.
    for lang in Lang::ALL {
        let _ = hallpolicy_runtime::message::unit(lang, hallpolicy_runtime::ir::Unit::WorkingDays, 1);
    }
    ARENA.scrub_freed(false);
    ARENA.keep_all();
    ARENA.make_room(CALL_ROOM);
}

fn no_policy(detail: String) -> CaseError {
    CaseError::new("", Message::new("case-no-policy").arg("detail", Arg::Text(detail)))
}

/// What the JSON and text entries answer: the evaluation, written by `write`, or the case
/// error's JSON.
fn answer(
    evaluate: impl FnOnce(&'static Evaluator) -> Result<Evaluation<'static>, CaseError>,
    write: impl FnOnce(&Evaluation<'static>) -> String,
) -> Result<String, String> {
    match evaluator().map_err(no_policy).and_then(evaluate) {
        Ok(evaluation) => Ok(write(&evaluation)),
        Err(error) => Err(serde_json::to_string(&error).unwrap_or_default()),
    }
}

/// The language a call names, or the case error that refuses it.
fn language(lang: Option<&str>) -> Result<Lang, CaseError> {
    lang.map_or(Ok(Lang::default()), |tag| {
        tag.parse().map_err(|_: hallpolicy_runtime::message::LangError| {
            CaseError::new("lang", Message::new("case-unknown-lang").arg("lang", tag))
        })
    })
}

impl wit::Guest for Component {
    fn evaluate(case: wit::CaseInput, as_of: Option<String>) -> Result<wit::Evaluation, wit::CaseError> {
        Self::evaluate_in(case, as_of, None)
    }

    fn evaluate_json(case_json: String, as_of: Option<String>) -> Result<String, String> {
        Self::evaluate_json_in(case_json, as_of, None)
    }

    fn evaluate_json_bytes(case_json: Vec<u8>, as_of: Option<String>) -> Result<Vec<u8>, String> {
        Self::evaluate_json_bytes_in(case_json, as_of, None)
    }

    fn evaluate_text(case_json: Vec<u8>, as_of: Option<String>) -> Result<String, String> {
        Self::evaluate_text_in(case_json, as_of, None)
    }

    fn evaluate_in(
        case: wit::CaseInput,
        as_of: Option<String>,
        lang: Option<String>,
    ) -> Result<wit::Evaluation, wit::CaseError> {
        let lang = language(lang.as_deref()).map_err(convert::case_error)?;
        let refused = |e: CaseError| convert::case_error(e.localized(lang));
        let evaluator = evaluator().map_err(|e| refused(no_policy(e)))?;
        let parts = convert::case_parts(case).map_err(refused)?;
        let case =
            hallpolicy_runtime::case::decode_parts(evaluator.policy(), parts, as_of.as_deref()).map_err(refused)?;
        Ok(convert::evaluation(evaluator.evaluate_in(&case, lang)))
    }

    fn evaluate_json_in(case_json: String, as_of: Option<String>, lang: Option<String>) -> Result<String, String> {
        answer(
            |e| e.evaluate_json_in(&case_json, as_of.as_deref(), language(lang.as_deref())?),
            Evaluation::to_json,
        )
    }

    fn evaluate_json_bytes_in(
        case_json: Vec<u8>,
        as_of: Option<String>,
        lang: Option<String>,
    ) -> Result<Vec<u8>, String> {
        answer(
            |e| e.evaluate_json_bytes_in(&case_json, as_of.as_deref(), language(lang.as_deref())?),
            Evaluation::to_json,
        )
        .map(String::into_bytes)
    }

    fn evaluate_text_in(case_json: Vec<u8>, as_of: Option<String>, lang: Option<String>) -> Result<String, String> {
        answer(
            |e| e.evaluate_json_bytes_in(&case_json, as_of.as_deref(), language(lang.as_deref())?),
            render_text,
        )
    }

    fn describe() -> wit::Description {
        match evaluator() {
            Ok(e) => convert::description(describe(e.policy(), ir_bytes())),
            Err(reason) => convert::empty_description(reason),
        }
    }
}
