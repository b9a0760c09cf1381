//! Allocator tuning for bulk commands.
//!
//! glibc raises its mmap threshold each time a large block is freed, after
//! which the many short-lived workbook and PDF buffers of a bulk run come
//! from the heap and fragment it: a 10,000-form `fill --to xlsx` grew to
//! 1.7 GB though each form needs well under 1 MB. Fixing the trim threshold
//! turns that adjustment off and hands freed memory back (81 MB instead).

/// Makes freed memory go back to the system during long bulk runs.
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the C allocator; it is
    // called before any worker thread starts.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 4 << 20);
    }
}
