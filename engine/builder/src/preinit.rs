//! Pre-initialisation: `hall build` runs the spliced evaluator's policy load once, in the wasmi
//! interpreter, and writes the memory and globals it leaves behind back into the module as its
//! initial state (what wizer does, with no compiler needed at build time). A component's first
//! call then starts with its policy decoded instead of decoding it.

use wasm_encoder::reencode::{self, Reencode};
use wasm_encoder::{CodeSection, ConstExpr, DataSection, ExportKind, ExportSection, GlobalSection, MemorySection};
use wasmparser::{DataKind, ExternalKind, Operator, Payload, TypeRef, ValType};

use crate::{evaluator_error, BuildError};

/// The evaluator's export that loads its policy; gone from the module once it has run.
pub const PREINIT_EXPORT: &str = "hallpolicy:preinit";
const GLOBAL_EXPORT_PREFIX: &str = "hallpolicy:global:";
const WASM_PAGE: usize = 65536;
/// Zero runs shorter than this stay inside one data segment (a segment header costs ~8 bytes).
const SEGMENT_GAP: usize = 16;
/// Far beyond a policy load (~300,000 instructions): a guard against a guest that never returns.
const FUEL: u64 = 2_000_000_000;

/// The module's state after the policy load.
struct Snapshot {
    memory: Vec<u8>,
    /// Defined mutable globals: index in the global space, and value.
    globals: Vec<(u32, GlobalValue)>,
}

#[derive(Clone, Copy)]
enum GlobalValue {
    I32(i32),
    I64(i64),
}

/// What pre-initialisation needs to know of the module, read in one pass.
#[derive(Default)]
struct Shape {
    imported_globals: u32,
    /// Defined mutable globals (index, is it i64).
    mutable_globals: Vec<(u32, bool)>,
    /// Where the first active data segment starts: the stack lies below it.
    lowest_data: Option<u64>,
    has_preinit: bool,
}

fn read_shape(module: &[u8]) -> Result<Shape, BuildError> {
    let mut shape = Shape::default();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        match payload.map_err(evaluator_error)? {
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    let import = import.map_err(evaluator_error)?;
                    match import.ty {
                        TypeRef::Global(_) => shape.imported_globals += 1,
                        TypeRef::Func(_) => {
                            return Err(evaluator_error(format!(
                                "it imports `{}` `{}`, so its policy load cannot run at build time",
                                import.module, import.name
                            )))
                        }
                        _ => {}
                    }
                }
            }
            Payload::GlobalSection(section) => {
                for (i, global) in section.into_iter().enumerate() {
                    let global = global.map_err(evaluator_error)?;
                    let index = shape.imported_globals + u32::try_from(i).unwrap_or(u32::MAX);
                    if global.ty.mutable {
                        match global.ty.content_type {
                            ValType::I32 => shape.mutable_globals.push((index, false)),
                            ValType::I64 => shape.mutable_globals.push((index, true)),
                            other => return Err(evaluator_error(format!("a mutable {other} global"))),
                        }
                    }
                }
            }
            Payload::ExportSection(section) => {
                for export in section {
                    let export = export.map_err(evaluator_error)?;
                    shape.has_preinit |= export.name == PREINIT_EXPORT && export.kind == ExternalKind::Func;
                }
            }
            Payload::StartSection { .. } => return Err(evaluator_error("it has a start function")),
            Payload::DataSection(section) => {
                for data in section {
                    let data = data.map_err(evaluator_error)?;
                    let DataKind::Active { offset_expr, .. } = data.kind else {
                        return Err(evaluator_error("it has a passive data segment"));
                    };
                    let offset = match offset_expr.get_operators_reader().read().map_err(evaluator_error)? {
                        Operator::I32Const { value } => u64::from(value.cast_unsigned()),
                        _ => return Err(evaluator_error("a data segment's offset is not a constant")),
                    };
                    shape.lowest_data = Some(shape.lowest_data.map_or(offset, |low| low.min(offset)));
                }
            }
            _ => {}
        }
    }
    Ok(shape)
}

/// Runs the policy load and returns the module with its result as the initial state. A module
/// without the preinit export (an older evaluator) comes back unchanged.
pub fn preinitialize(module: &[u8]) -> Result<Vec<u8>, BuildError> {
    let shape = read_shape(module)?;
    if !shape.has_preinit {
        return Ok(module.to_vec());
    }
    let instrumented = reencode_with(module, Instrument { shape: &shape })?;
    let snapshot = run(&instrumented, &shape)?;
    reencode_with(module, Rewrite::new(&shape, snapshot))
}

fn reencode_with(module: &[u8], mut pass: impl Reencode<Error = BuildError>) -> Result<Vec<u8>, BuildError> {
    let mut out = wasm_encoder::Module::new();
    pass.parse_core_module(&mut out, wasmparser::Parser::new(0), module)
        .map_err(|e| match e {
            reencode::Error::UserError(e) => e,
            other => evaluator_error(other),
        })?;
    Ok(out.finish())
}

/// Neither pass renumbers functions, globals or memories, so code is copied byte for byte:
/// decoding and re-encoding every instruction would cost most of a build.
macro_rules! copy_code_byte_for_byte {
    () => {
        fn parse_function_body(
            &mut self,
            code: &mut CodeSection,
            func: wasmparser::FunctionBody<'_>,
        ) -> Result<(), reencode::Error<BuildError>> {
            code.raw(func.as_bytes());
            Ok(())
        }
    };
}

/// Exports the mutable globals so the interpreter can read them after the load.
struct Instrument<'a> {
    shape: &'a Shape,
}

impl Reencode for Instrument<'_> {
    type Error = BuildError;

    copy_code_byte_for_byte!();

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        reencode::utils::parse_export_section(self, exports, section)?;
        for (index, _) in &self.shape.mutable_globals {
            exports.export(&format!("{GLOBAL_EXPORT_PREFIX}{index}"), ExportKind::Global, *index);
        }
        Ok(())
    }
}

fn run(instrumented: &[u8], shape: &Shape) -> Result<Snapshot, BuildError> {
    let failed = |e: wasmi::Error| evaluator_error(format!("its policy load failed at build time: {e}"));
    let mut config = wasmi::Config::default();
    config.consume_fuel(true);
    // Functions are validated as the load first calls them; `wit-component` validates the
    // whole module afterwards, so validating it here as well would only double the work.
    config.compilation_mode(wasmi::CompilationMode::Lazy);
    let engine = wasmi::Engine::new(&config);
    let module = wasmi::Module::new(&engine, instrumented).map_err(failed)?;
    let mut store = wasmi::Store::new(&engine, ());
    store.set_fuel(FUEL).map_err(failed)?;
    let instance = wasmi::Linker::<()>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .map_err(failed)?;
    instance
        .get_typed_func::<(), ()>(&store, PREINIT_EXPORT)
        .map_err(failed)?
        .call(&mut store, ())
        .map_err(failed)?;
    let memory = instance
        .get_memory(&store, "memory")
        .ok_or_else(|| evaluator_error("it does not export `memory`"))?
        .data(&store)
        .to_vec();
    let mut globals = Vec::new();
    for (index, _) in &shape.mutable_globals {
        let value = instance
            .get_global(&store, &format!("{GLOBAL_EXPORT_PREFIX}{index}"))
            .map(|g| g.get(&store));
        let value = match value {
            Some(wasmi::Val::I32(v)) => GlobalValue::I32(v),
            Some(wasmi::Val::I64(v)) => GlobalValue::I64(v),
            _ => return Err(evaluator_error(format!("global {index} could not be read back"))),
        };
        globals.push((*index, value));
    }
    Ok(Snapshot { memory, globals })
}

/// Writes the snapshot back: memory size, globals, and data segments for every non-zero run.
struct Rewrite {
    segments: Vec<(u32, Vec<u8>)>,
    pages: u64,
    globals: Vec<(u32, GlobalValue)>,
    imported_globals: u32,
    next_global: u32,
}

impl Rewrite {
    fn new(shape: &Shape, mut snapshot: Snapshot) -> Rewrite {
        // Rust lays the shadow stack out below the data: whatever the load left there is dead
        // once it has returned, so it is zeroed rather than carried.
        let stack_pointer = snapshot.globals.first().and_then(|(_, v)| match v {
            GlobalValue::I32(sp) => usize::try_from(sp.cast_unsigned()).ok(),
            GlobalValue::I64(_) => None,
        });
        if let (Some(sp), Some(low)) = (stack_pointer, shape.lowest_data) {
            if u64::try_from(sp).is_ok_and(|sp| sp <= low) {
                if let Some(stack) = snapshot.memory.get_mut(..sp) {
                    stack.fill(0);
                }
            }
        }
        Rewrite {
            segments: non_zero_runs(&snapshot.memory),
            pages: (snapshot.memory.len() / WASM_PAGE) as u64,
            globals: snapshot.globals,
            imported_globals: shape.imported_globals,
            next_global: shape.imported_globals,
        }
    }
}

/// Runs of non-zero bytes, joined across short gaps, each with its offset.
fn non_zero_runs(memory: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < memory.len() {
        let Some(start) = memory.get(i..).and_then(|rest| rest.iter().position(|b| *b != 0)) else {
            break;
        };
        let start = i + start;
        let end = memory
            .get(start..)
            .and_then(|rest| rest.iter().position(|b| *b == 0))
            .map_or(memory.len(), |n| start + n);
        match runs.last_mut() {
            Some(last) if start - last.1 < SEGMENT_GAP => last.1 = end,
            _ => runs.push((start, end)),
        }
        i = end;
    }
    runs.into_iter()
        .filter_map(|(start, end)| Some((u32::try_from(start).ok()?, memory.get(start..end)?.to_vec())))
        .collect()
}

impl Reencode for Rewrite {
    type Error = BuildError;

    copy_code_byte_for_byte!();

    fn parse_export(
        &mut self,
        exports: &mut ExportSection,
        export: wasmparser::Export<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        if export.name == PREINIT_EXPORT {
            return Ok(());
        }
        reencode::utils::parse_export(self, exports, export)
    }

    fn parse_global_section(
        &mut self,
        globals: &mut GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        self.next_global = self.imported_globals;
        reencode::utils::parse_global_section(self, globals, section)
    }

    fn parse_global(
        &mut self,
        globals: &mut GlobalSection,
        global: wasmparser::Global<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        let index = self.next_global;
        self.next_global += 1;
        let ty = self.global_type(global.ty)?;
        let init = match self.globals.iter().find(|(i, _)| *i == index) {
            Some((_, GlobalValue::I32(v))) => ConstExpr::i32_const(*v),
            Some((_, GlobalValue::I64(v))) => ConstExpr::i64_const(*v),
            None => self.const_expr(global.init_expr)?,
        };
        globals.global(ty, &init);
        Ok(())
    }

    fn parse_memory_section(
        &mut self,
        memories: &mut MemorySection,
        section: wasmparser::MemorySectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        for memory in section {
            let mut ty = self.memory_type(memory?)?;
            ty.minimum = ty.minimum.max(self.pages);
            if let Some(max) = ty.maximum.as_mut() {
                *max = (*max).max(ty.minimum);
            }
            memories.memory(ty);
        }
        Ok(())
    }

    fn data_count(&mut self, _count: u32) -> Result<u32, reencode::Error<BuildError>> {
        Ok(u32::try_from(self.segments.len()).unwrap_or(u32::MAX))
    }

    fn parse_data_section(
        &mut self,
        data: &mut DataSection,
        _section: wasmparser::DataSectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        // Every original segment is inside the snapshot, with whatever the load wrote over it.
        for (offset, bytes) in &self.segments {
            data.active(0, &ConstExpr::i32_const(offset.cast_signed()), bytes.iter().copied());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_across_short_gaps_and_split_at_long_ones() {
        let mut memory = vec![0u8; 200];
        memory[3] = 1;
        memory[10] = 2;
        memory[100] = 3;
        memory[199] = 4;
        let runs = non_zero_runs(&memory);
        let offsets: Vec<u32> = runs.iter().map(|(o, _)| *o).collect();
        assert_eq!(offsets, [3, 100, 199]);
        assert_eq!(runs[0].1, [1, 0, 0, 0, 0, 0, 0, 2]);
        assert_eq!(runs[2].1, [4]);
        assert!(non_zero_runs(&[0; 64]).is_empty());
    }
}
