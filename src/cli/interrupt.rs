//! Ctrl-C during a bulk run: finish the forms in hand, start no more, report.
//!
//! Every file is written to a temporary name and renamed, but a process killed
//! mid-write leaves the temporary file behind; stopping between forms leaves
//! nothing half done. A second Ctrl-C ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
    // SAFETY: signal() is async-signal-safe; the next Ctrl-C kills as usual.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
    }
}

/// Installs the handler (SIGINT and SIGTERM) and returns the flag it sets.
pub fn flag() -> &'static AtomicBool {
    #[cfg(unix)]
    // SAFETY: the handler only stores to an atomic and resets SIGINT.
    unsafe {
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
    &INTERRUPTED
}
