//! What the app's hold on a vault keeps of its backups (`VaultAccess`,
//! whose backup methods are in `vault::keeping`): a backup running beside
//! the app, the backup file chosen in a dialog to check or restore, and
//! who is told when a running backup ends.

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::error::Result;
use crate::vault::backup::Made;

/// Told when a backup running beside the app ends (the shell tells the window).
pub type Listener = Arc<dyn Fn(&Result<Made>) + Send + Sync>;

#[derive(Default)]
pub struct Held {
    pub(in crate::vault) running: Option<JoinHandle<()>>,
    pub(in crate::vault) chosen: Option<PathBuf>,
    pub(in crate::vault) listener: Option<Listener>,
}
