//! Building a component: the prebuilt evaluator core module and a policy's IR in, one
//! self-contained WebAssembly component out, in milliseconds and without a Rust toolchain.
//!
//! The evaluator imports two functions, `hallpolicy:ir` `ir-ptr` and `ir-len`. Splicing
//! re-encodes the module with those imports removed and replaced by constant functions, adds the
//! IR as a data segment just above the module's initial memory (raising the minimum to hold it),
//! runs the policy load once and keeps its result as the module's initial state (`preinit`),
//! and hands the result to `wit-component`, which reads the WIT world the guest embedded. On
//! the way, calls to functions that do nothing become `nop`s: every allocation calls one
//! (`__rust_no_alloc_shim_is_unstable_v2`), which the guest's link-time optimisation cannot
//! inline, and in wasmtime each call also checks the epoch deadline.

use std::fmt;

mod preinit;

pub use preinit::{preinitialize, PREINIT_EXPORT};

use wasm_encoder::reencode::{self, Reencode};
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, Function, FunctionSection, ImportSection, Instruction, MemorySection,
};
use wasmparser::{Operator, Payload, TypeRef};

/// The import module the evaluator reads its policy through.
pub const IR_IMPORT_MODULE: &str = "hallpolicy:ir";
const WASM_PAGE: u64 = 65536;

/// Why a component could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The evaluator module is not what `hall build` expects.
    #[error("the prebuilt evaluator module is unusable: {0}")]
    Evaluator(String),
    /// `wit-component` refused the spliced module.
    #[error("encoding the component failed: {0}")]
    Encode(String),
}

fn evaluator_error(e: impl fmt::Display) -> BuildError {
    BuildError::Evaluator(e.to_string())
}

/// What the splice needs to know about the evaluator module, read in one pass.
#[derive(Debug, Default)]
struct Layout {
    imported_functions: u32,
    /// Import positions (in the function index space) of `ir-ptr` and `ir-len`, and their type.
    ir_ptr: Option<u32>,
    ir_len: Option<u32>,
    ir_type: Option<u32>,
    defined_functions: u32,
    memory_min_pages: Option<u64>,
    /// Functions (in the function index space) that take nothing, return nothing and do
    /// nothing: a call to one is dropped.
    empty_functions: Vec<u32>,
}

/// Whether a function body does nothing: no locals, and nothing but `nop`s and `return`s
/// before its `end` (LLVM writes an empty function as `return`).
fn is_empty_body(body: &wasmparser::FunctionBody<'_>) -> Result<bool, BuildError> {
    if body.get_locals_reader().map_err(evaluator_error)?.get_count() != 0 {
        return Ok(false);
    }
    let mut operators = body.get_operators_reader().map_err(evaluator_error)?;
    loop {
        match operators.read().map_err(evaluator_error)? {
            Operator::Nop | Operator::Return => {}
            Operator::End => return Ok(operators.eof()),
            _ => return Ok(false),
        }
    }
}

fn read_layout(module: &[u8]) -> Result<Layout, BuildError> {
    let mut layout = Layout::default();
    // Per type index, whether it is `[] -> []`; per defined function, its type index.
    let mut nullary = Vec::new();
    let mut function_types = Vec::new();
    let mut bodies_seen = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        match payload.map_err(evaluator_error)? {
            Payload::TypeSection(section) => {
                for ty in section.into_iter_err_on_gc_types() {
                    let ty = ty.map_err(evaluator_error)?;
                    nullary.push(ty.params().is_empty() && ty.results().is_empty());
                }
            }
            Payload::CodeSectionEntry(body) => {
                let ty = function_types.get(bodies_seen).copied();
                let index = layout.imported_functions + u32::try_from(bodies_seen).map_err(evaluator_error)?;
                bodies_seen += 1;
                let takes_and_gives_nothing = ty.and_then(|ty| nullary.get(ty as usize)).copied() == Some(true);
                if takes_and_gives_nothing && is_empty_body(&body)? {
                    layout.empty_functions.push(index);
                }
            }
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    let import = import.map_err(evaluator_error)?;
                    if let TypeRef::Func(ty) = import.ty {
                        let index = layout.imported_functions;
                        layout.imported_functions += 1;
                        if import.module == IR_IMPORT_MODULE {
                            layout.ir_type = Some(ty);
                            match import.name {
                                "ir-ptr" => layout.ir_ptr = Some(index),
                                "ir-len" => layout.ir_len = Some(index),
                                other => return Err(evaluator_error(format!("unknown IR import `{other}`"))),
                            }
                        }
                    }
                }
            }
            Payload::FunctionSection(section) => {
                layout.defined_functions = section.count();
                for ty in section {
                    function_types.push(ty.map_err(evaluator_error)?);
                }
            }
            Payload::MemorySection(section) => {
                for memory in section {
                    layout.memory_min_pages = Some(memory.map_err(evaluator_error)?.initial);
                }
            }
            _ => {}
        }
    }
    Ok(layout)
}

/// Re-encodes the evaluator with the IR spliced in.
struct Splicer<'a> {
    layout: Layout,
    ir: &'a [u8],
    ir_offset: u64,
    extra_pages: u64,
}

impl Splicer<'_> {
    fn removed(&self, index: u32) -> bool {
        Some(index) == self.layout.ir_ptr || Some(index) == self.layout.ir_len
    }

    /// New index of the constant function that stands for the removed import `index`.
    fn replacement(&self, index: u32) -> u32 {
        let first_new = self.layout.imported_functions - 2 + self.layout.defined_functions;
        if Some(index) == self.layout.ir_ptr {
            first_new
        } else {
            first_new + 1
        }
    }
}

impl Reencode for Splicer<'_> {
    type Error = BuildError;

    fn instruction<'a>(&mut self, op: Operator<'a>) -> Result<Instruction<'a>, reencode::Error<BuildError>> {
        if let Operator::Call { function_index } = op {
            if self.layout.empty_functions.contains(&function_index) {
                return Ok(Instruction::Nop);
            }
        }
        reencode::utils::instruction(self, op)
    }

    fn function_index(&mut self, func: u32) -> Result<u32, reencode::Error<BuildError>> {
        if self.removed(func) {
            return Ok(self.replacement(func));
        }
        let removed_before = [self.layout.ir_ptr, self.layout.ir_len]
            .iter()
            .flatten()
            .filter(|i| **i < func)
            .count();
        Ok(func - u32::try_from(removed_before).unwrap_or(0))
    }

    fn parse_imports(
        &mut self,
        section: &mut ImportSection,
        imports: wasmparser::Imports<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        // Re-emit every import except the two the splice answers.
        let mut kept = Vec::new();
        match imports {
            wasmparser::Imports::Single(_, import) => kept.push(import),
            wasmparser::Imports::Compact1 { module, items } => {
                for item in items {
                    let item = item?;
                    kept.push(wasmparser::Import {
                        module,
                        name: item.name,
                        ty: item.ty,
                    });
                }
            }
            wasmparser::Imports::Compact2 { module, ty, names } => {
                for name in names {
                    kept.push(wasmparser::Import {
                        module,
                        name: name?,
                        ty,
                    });
                }
            }
        }
        for import in kept.into_iter().filter(|i| i.module != IR_IMPORT_MODULE) {
            let ty = self.entity_type(import.ty)?;
            section.import(import.module, import.name, ty);
        }
        Ok(())
    }

    fn parse_function_section(
        &mut self,
        functions: &mut FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        reencode::utils::parse_function_section(self, functions, section)?;
        let ty = self.layout.ir_type.unwrap_or(0);
        functions.function(ty);
        functions.function(ty);
        Ok(())
    }

    fn parse_code_section(
        &mut self,
        code: &mut CodeSection,
        section: wasmparser::CodeSectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        reencode::utils::parse_code_section(self, code, section)?;
        for value in [self.ir_offset, self.ir.len() as u64] {
            let mut f = Function::new([]);
            f.instructions()
                .i32_const(i32::try_from(value).unwrap_or(i32::MAX))
                .end();
            code.function(&f);
        }
        Ok(())
    }

    fn memory_type(
        &mut self,
        memory: wasmparser::MemoryType,
    ) -> Result<wasm_encoder::MemoryType, reencode::Error<BuildError>> {
        let mut ty = reencode::utils::memory_type(self, memory);
        ty.minimum += self.extra_pages;
        if let Some(max) = ty.maximum.as_mut() {
            *max = (*max).max(ty.minimum);
        }
        Ok(ty)
    }

    fn parse_memory_section(
        &mut self,
        memories: &mut MemorySection,
        section: wasmparser::MemorySectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        reencode::utils::parse_memory_section(self, memories, section)
    }

    fn data_count(&mut self, count: u32) -> Result<u32, reencode::Error<BuildError>> {
        Ok(count + 1)
    }

    fn parse_data_section(
        &mut self,
        data: &mut DataSection,
        section: wasmparser::DataSectionReader<'_>,
    ) -> Result<(), reencode::Error<BuildError>> {
        reencode::utils::parse_data_section(self, data, section)?;
        let offset = ConstExpr::i32_const(i32::try_from(self.ir_offset).unwrap_or(i32::MAX));
        data.active(0, &offset, self.ir.iter().copied());
        Ok(())
    }
}

/// Splices `ir` into the evaluator core module; the result imports nothing from `hallpolicy:ir`.
pub fn splice(evaluator: &[u8], ir: &[u8]) -> Result<Vec<u8>, BuildError> {
    let layout = read_layout(evaluator)?;
    if layout.ir_ptr.is_none() || layout.ir_len.is_none() {
        return Err(evaluator_error(
            "it does not import `hallpolicy:ir` `ir-ptr` and `ir-len`",
        ));
    }
    let initial = layout
        .memory_min_pages
        .ok_or_else(|| evaluator_error("it has no memory"))?;
    let ir_offset = initial * WASM_PAGE;
    let extra_pages = (ir.len() as u64).div_ceil(WASM_PAGE).max(1);
    if ir_offset + extra_pages * WASM_PAGE > u64::from(u32::MAX) {
        return Err(evaluator_error("the policy does not fit in 32-bit memory"));
    }
    let mut splicer = Splicer {
        layout,
        ir,
        ir_offset,
        extra_pages,
    };
    let mut module = wasm_encoder::Module::new();
    splicer
        .parse_core_module(&mut module, wasmparser::Parser::new(0), evaluator)
        .map_err(|e| match e {
            reencode::Error::UserError(e) => e,
            other => evaluator_error(other),
        })?;
    Ok(module.finish())
}

/// Splices the IR, pre-initialises the module with its policy loaded, and encodes the
/// component. The component exports the `wit/` interface and imports nothing.
pub fn build_component(evaluator: &[u8], ir: &[u8]) -> Result<Vec<u8>, BuildError> {
    let module = preinitialize(&splice(evaluator, ir)?)?;
    wit_component::ComponentEncoder::default()
        .module(&module)
        .map_err(|e| BuildError::Encode(format!("{e:#}")))?
        .validate(true)
        .encode()
        .map_err(|e| BuildError::Encode(format!("{e:#}")))
}

/// The names a component imports, for checking that a built component imports nothing.
pub fn component_imports(component: &[u8]) -> Result<Vec<String>, BuildError> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(component) {
        match payload.map_err(|e| BuildError::Encode(e.to_string()))? {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::ComponentImportSection(section) if depth == 0 => {
                for import in section {
                    names.push(
                        import
                            .map_err(|e| BuildError::Encode(e.to_string()))?
                            .name
                            .name
                            .to_string(),
                    );
                }
            }
            _ => {}
        }
    }
    Ok(names)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use wasm_encoder::{EntityType, MemoryType, Module, TypeSection, ValType};

    /// An evaluator in miniature: the two IR imports, a memory, an empty function (as LLVM
    /// writes one), one that calls it twice, and one that calls that.
    fn evaluator() -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], [ValType::I32]);
        types.ty().function([], []);
        let mut imports = ImportSection::new();
        imports.import(IR_IMPORT_MODULE, "ir-ptr", EntityType::Function(0));
        imports.import(IR_IMPORT_MODULE, "ir-len", EntityType::Function(0));
        let mut functions = FunctionSection::new();
        let mut memories = MemorySection::new();
        memories.memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        let mut code = CodeSection::new();
        let mut body = |instructions: &[Instruction<'_>]| {
            functions.function(1);
            let mut f = Function::new([]);
            for instruction in instructions {
                f.instruction(instruction);
            }
            code.function(&f);
        };
        body(&[Instruction::Return, Instruction::End]);
        body(&[Instruction::Call(2), Instruction::Call(2), Instruction::End]);
        body(&[
            Instruction::Call(3),
            Instruction::Call(0),
            Instruction::Drop,
            Instruction::End,
        ]);
        let mut module = Module::new();
        module
            .section(&types)
            .section(&imports)
            .section(&functions)
            .section(&memories)
            .section(&code);
        module.finish()
    }

    /// The calls in each defined function of `module`.
    fn calls(module: &[u8]) -> Vec<Vec<u32>> {
        let mut calls = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(module) {
            if let Payload::CodeSectionEntry(body) = payload.unwrap() {
                let mut found = Vec::new();
                let mut operators = body.get_operators_reader().unwrap();
                while !operators.eof() {
                    if let Operator::Call { function_index } = operators.read().unwrap() {
                        found.push(function_index);
                    }
                }
                calls.push(found);
            }
        }
        calls
    }

    #[test]
    fn calls_to_a_function_that_does_nothing_are_dropped_and_others_kept() {
        let evaluator = evaluator();
        assert_eq!(calls(&evaluator), [vec![], vec![2, 2], vec![3, 0]]);
        let spliced = splice(&evaluator, b"IR").unwrap();
        wasmparser::Validator::new().validate_all(&spliced).unwrap();
        // The imports are gone (indices down by two) and `ir-ptr` is the first appended constant.
        assert_eq!(calls(&spliced), [vec![], vec![], vec![1, 3], vec![], vec![]]);
    }
}
