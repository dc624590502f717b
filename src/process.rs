//! What the app and the command line do first: nothing they write is
//! readable by another account (umask 077: the vault, its log, exports),
//! and no crash writes the process's memory — keys, passphrases, records —
//! to disk as a core dump (the core-file limit is 0, and on Linux the
//! process is not dumpable, which also keeps other programs of the same
//! user from attaching a debugger to read it).

/// Applies both; called once at the start of `main` by the app and the CLI.
pub fn harden() {
    #[cfg(unix)]
    // SAFETY: umask, setrlimit and prctl take plain values and change only
    // this process's own settings; they cannot fail in a way that matters
    // here (a failure leaves the default, which `tests/process.rs` would show).
    unsafe {
        libc::umask(0o077);
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// The nice value work beside the app runs at (the lowest is 19).
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's priority, and that of the threads it starts
/// (they inherit it): work that runs beside the app — an automatic backup —
/// gives way to whatever the clinician is waiting for. On Linux a thread's
/// nice value is its own. A thread already nicer is left as it is (raising
/// a priority takes a privilege the app does not have).
pub fn into_background() {
    #[cfg(target_os = "linux")]
    if nice_of_this_thread().is_some_and(|n| n < BACKGROUND_NICE) {
        // SAFETY: gettid and setpriority take plain values and change only
        // this thread's own scheduling; a failure leaves it as it was.
        unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            libc::setpriority(libc::PRIO_PROCESS, tid, BACKGROUND_NICE);
        }
    }
}

/// The calling thread's nice value (Linux), for tests.
pub fn nice_of_this_thread() -> Option<i32> {
    #[cfg(target_os = "linux")]
    // SAFETY: as above; reads only.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        *libc::__errno_location() = 0;
        let n = libc::getpriority(libc::PRIO_PROCESS, tid);
        if *libc::__errno_location() == 0 {
            return Some(n);
        }
    }
    None
}
