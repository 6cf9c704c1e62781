//! The evaluator's allocator: a bump arena that falls back to its mark whenever everything
//! allocated since the mark has been freed.
//!
//! A call allocates its arguments (through `cabi_realloc`), its work and its result, and the
//! host's post-return frees the last of them; so between calls nothing above the mark is live
//! and the next call starts from a clean arena. What must outlive calls (the loaded policy) is
//! allocated before [`keep_all`] moves the mark above it. Allocation is a pointer bump and a
//! free a counter decrement, where `dlmalloc` searched and split free lists: the evaluation
//! allocates freely, and this is what made the component's per-call cost close to native.
//!
//! Sound whatever the caller does: the arena only rewinds when no allocation above the mark is
//! live. A leak costs memory (the instance's memory cap ends it), never correctness.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;

const PAGE: usize = 65_536;

/// Bump state; one instance per module, used only from wasm's single thread.
pub struct Arena {
    /// Where the next allocation may start; 0 until the first allocation.
    next: Cell<usize>,
    /// End of the memory grown so far.
    end: Cell<usize>,
    /// Where the arena rewinds to.
    mark: Cell<usize>,
    /// Allocations at or above `mark` not yet freed.
    live: Cell<usize>,
    /// Zero what is freed: while `hall build` pre-initialises, so that the snapshot carries only
    /// live bytes (a bump arena leaves every freed block, and every block a vector outgrew).
    scrub: Cell<bool>,
}

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for Arena {}

impl Arena {
    pub const fn new() -> Self {
        Self {
            next: Cell::new(0),
            end: Cell::new(0),
            mark: Cell::new(0),
            live: Cell::new(0),
            scrub: Cell::new(false),
        }
    }

    /// Whether freed blocks are zeroed; on only for the pre-initialisation.
    pub fn scrub_freed(&self, on: bool) {
        self.scrub.set(on);
    }

    /// Take the memory above the module's initial end, as `dlmalloc` would: `hall build` puts the
    /// policy's IR there, below the first page this grows.
    fn start(&self) {
        if self.next.get() == 0 {
            let end = memory_size() * PAGE;
            self.next.set(end);
            self.end.set(end);
            self.mark.set(end);
        }
    }

    /// Make room for `size` bytes from `from`; false when memory cannot grow.
    fn reserve(&self, from: usize, size: usize) -> bool {
        let Some(needed) = from.checked_add(size) else {
            return false;
        };
        let end = self.end.get();
        if needed <= end {
            return true;
        }
        let pages = (needed - end).div_ceil(PAGE);
        if memory_grow(pages) == usize::MAX {
            return false;
        }
        self.end.set(end + pages * PAGE);
        true
    }

    /// Grows memory now so that a call needing up to `bytes` never grows it: a grow is a host
    /// call, and in a pooled instance it also has the host remap the slot when the instance ends.
    pub fn make_room(&self, bytes: usize) {
        self.start();
        // A failed grow leaves the arena as it was; calls then grow as they need.
        let _ = self.reserve(self.next.get(), bytes);
    }

    /// Everything allocated so far stays for the life of the instance.
    pub fn keep_all(&self) {
        self.start();
        self.mark.set(self.next.get());
        self.live.set(0);
    }
}

impl Default for Arena {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every block handed out lies in memory this arena grew and no other block overlaps it
// while live: `next` only moves back to `mark` when no block above the mark is live, and to the
// start of a block only when that block is the last one and is being freed or resized.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.start();
        // An alignment is a power of two, so rounding up is a mask (`next_multiple_of` divides).
        let mask = layout.align() - 1;
        let Some(at) = self.next.get().checked_add(mask).map(|end| end & !mask) else {
            return core::ptr::null_mut();
        };
        if !self.reserve(at, layout.size()) {
            return core::ptr::null_mut();
        }
        self.next.set(at + layout.size());
        self.live.set(self.live.get() + 1);
        at as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let at = ptr as usize;
        if self.scrub.get() {
            // SAFETY: the block is the caller's to free, `layout.size()` bytes long.
            unsafe { core::ptr::write_bytes(ptr, 0, layout.size()) };
        }
        if at < self.mark.get() {
            return;
        }
        let live = self.live.get().saturating_sub(1);
        self.live.set(live);
        if live == 0 {
            self.next.set(self.mark.get());
        } else if at + layout.size() == self.next.get() {
            self.next.set(at);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let at = ptr as usize;
        if at >= self.mark.get() && at + layout.size() == self.next.get() {
            if !self.reserve(at, new_size) {
                return core::ptr::null_mut();
            }
            if self.scrub.get() && new_size < layout.size() {
                // SAFETY: the bytes past `new_size` are the block's own, given up by the shrink.
                unsafe { core::ptr::write_bytes(ptr.add(new_size), 0, layout.size() - new_size) };
            }
            self.next.set(at + new_size);
            return ptr;
        }
        // SAFETY: the caller's layout is valid and `new_size` fits it (GlobalAlloc's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as above; a fresh block never overlaps a live one.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live, distinct, and at least `min` bytes long.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
            // SAFETY: `ptr` was allocated here with `layout`.
            unsafe { self.dealloc(ptr, layout) };
        }
        new
    }
}

fn memory_size() -> usize {
    core::arch::wasm32::memory_size(0)
}

fn memory_grow(pages: usize) -> usize {
    core::arch::wasm32::memory_grow(0, pages)
}
