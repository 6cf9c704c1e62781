//! `hallpolicy-profile POLICY CASE N`: evaluates CASE against POLICY N times, natively, with a
//! bump arena as the global allocator (as `engine/guest/src/arena.rs` is in the component), and
//! prints the time per evaluation. Run under callgrind twice with different N: the difference
//! is N evaluations' instructions, repeatable to a fraction of a percent on a noisy machine.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::hint::black_box;
use std::time::Instant;

/// Address space reserved up front; the arena never grows.
const RESERVED: usize = 1 << 30;

/// A bump arena that rewinds to `mark` after each evaluation, as the guest's does after each
/// call (there, when the last block above the mark is freed; here, explicitly).
struct Arena {
    base: Cell<usize>,
    next: Cell<usize>,
    mark: Cell<usize>,
}

// SAFETY: the profile runs on one thread.
unsafe impl Sync for Arena {}

unsafe extern "C" {
    fn mmap(addr: *mut u8, len: usize, prot: i32, flags: i32, fd: i32, offset: i64) -> *mut u8;
}

const PROT_READ_WRITE: i32 = 0x1 | 0x2;
const MAP_PRIVATE_ANONYMOUS: i32 = 0x02 | 0x20;

impl Arena {
    /// Everything allocated so far (the policy and the case text) stays.
    fn keep_all(&self) {
        self.mark.set(self.next.get());
    }

    /// Forgets every block above the mark. Only sound when none of them is used again.
    fn rewind(&self) {
        self.next.set(self.mark.get());
    }

    fn end(&self) -> usize {
        self.base.get() + RESERVED
    }
}

// SAFETY: blocks are handed out from one mapping and never overlap while in use: `next` moves
// back only over the last block when it is freed, and to `mark` only between evaluations.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.base.get() == 0 {
            // SAFETY: an anonymous private mapping, owned by this arena alone.
            let base = unsafe {
                mmap(
                    std::ptr::null_mut(),
                    RESERVED,
                    PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS,
                    -1,
                    0,
                )
            };
            if base as isize == -1 {
                return std::ptr::null_mut();
            }
            self.base.set(base as usize);
            self.next.set(base as usize);
            self.mark.set(base as usize);
        }
        let at = self.next.get().next_multiple_of(layout.align());
        if at + layout.size() > self.end() {
            return std::ptr::null_mut();
        }
        self.next.set(at + layout.size());
        at as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ptr as usize + layout.size() == self.next.get() {
            self.next.set(ptr as usize);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let at = ptr as usize;
        if at + layout.size() == self.next.get() && at + new_size <= self.end() {
            self.next.set(at + new_size);
            return ptr;
        }
        // SAFETY: `layout`'s alignment is valid, and the new size is what the caller asked for.
        let new = unsafe { self.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
        if !new.is_null() {
            // SAFETY: both blocks are in use and distinct; the copy is the smaller of the two.
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}

#[global_allocator]
static ARENA: Arena = Arena {
    base: Cell::new(0),
    next: Cell::new(0),
    mark: Cell::new(0),
};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, policy, case, count] = args.as_slice() else {
        return Err("usage: hallpolicy-profile POLICY.hall CASE.json N".into());
    };
    let source = std::fs::read_to_string(policy).map_err(|e| format!("{policy}: {e}"))?;
    let case: &'static str = std::fs::read_to_string(case)
        .map_err(|e| format!("{case}: {e}"))?
        .leak();
    let count: u32 = count.parse().map_err(|e| format!("N: {e}"))?;
    let policy = hallpolicy_compiler::compile(&source).map_err(|e| format!("{policy}: {e:?}"))?;
    let evaluator: &'static _ = Box::leak(Box::new(hallpolicy_runtime::Evaluator::new(policy)));
    drop(source);
    drop(args);
    // The catalogues are parsed on first use; parsed above the mark, the first rewind would
    // free them under the bundles (as the guest's pre-initialisation warms them, so does this).
    for lang in hallpolicy_runtime::Lang::ALL {
        let _ = hallpolicy_runtime::message::unit(lang, hallpolicy_runtime::ir::Unit::WorkingDays, 1);
    }
    ARENA.keep_all();
    let start = Instant::now();
    let mut bytes = 0;
    for _ in 0..count {
        let evaluation = evaluator
            .evaluate_json(black_box(case), None)
            .map_err(|e| format!("{e:?}"))?;
        bytes = black_box(evaluation.to_json()).len();
        drop(evaluation);
        // Nothing of this evaluation is left.
        ARENA.rewind();
    }
    eprintln!(
        "{:.2} µs an evaluation, {bytes} bytes of JSON",
        start.elapsed().as_secs_f64() * 1e6 / f64::from(count.max(1))
    );
    Ok(())
}
