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
