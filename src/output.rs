//! Files written whole or not at all: reports, baselines and imported scenarios.
//!
//! Every file trailplan writes goes through [`write_file`]: the text goes to a temporary file in
//! the target's own folder, is flushed and `fsync`ed, and then renamed over the target. A reader
//! sees the old file or the new one, never a part: a full disk, a kill mid-write or a crash leaves
//! the old file as it was. Baselines, which CI jobs may write at the same time, are also written
//! under an exclusive lock (`write_file_locked`) so that the last writer wins whole.
//!
//! A temporary file being written is listed in a registry; on Unix, SIGINT, SIGTERM or SIGHUP
//! (Ctrl-C, a CI job cancelled, a closed terminal) removes the listed files and ends the process
//! with 128 + the signal's number, as a shell reports a process the signal killed. The handler is
//! installed by the first write that needs a temporary file; it prints nothing.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::Error;

/// The [`Error::Write`] that names `path`, made of the failure `e`.
fn write_failed(path: &Path) -> impl Fn(io::Error) -> Error + Copy + '_ {
    move |e: io::Error| Error::Write {
        file: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes `path` whole or not at all; `write` produces the contents.
///
/// A failure is [`Error::Write`] naming the file; the target is then untouched.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let failed = write_failed(path);
    // A device or a pipe (`/dev/stdout`, `/dev/null`, a FIFO) is written in place: renaming over
    // it would replace the device with a file.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(failed(io::Error::other("is a folder")));
        }
        if !meta.is_file() {
            let file = File::options().write(true).open(path).map_err(failed)?;
            let mut out = BufWriter::with_capacity(1 << 16, file);
            write(&mut out).map_err(failed)?;
            return out.flush().map_err(failed);
        }
    }
    let folder = folder_of(path);
    remove_temp_files_on_signals();
    let temp = tempfile::Builder::new()
        .prefix(".trailplan-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(failed)?;
    let _listed = InFlight::list(temp.path());
    {
        let mut out = BufWriter::with_capacity(1 << 16, temp.as_file());
        write(&mut out).map_err(failed)?;
        out.flush().map_err(failed)?;
    }
    // The temporary file is private (0600); the report takes the old file's mode, or 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(failed)?;
    }
    temp.as_file().sync_all().map_err(failed)?;
    {
        // Under the registry's lock, so that a signal sees the file either still temporary (and
        // removes it) or renamed whole.
        let _registry = in_flight();
        temp.persist(path).map_err(|e| failed(e.error))?;
    }
    // The rename is durable once the folder itself is on disk; a folder that cannot be opened
    // (some file systems) still holds the renamed file.
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The temporary files being written now.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file listed in the registry while it exists; dropping it removes the file (when
/// it was not renamed over its target) and takes it off the list.
struct InFlight(PathBuf);

impl InFlight {
    fn list(path: &Path) -> Self {
        in_flight().push(path.to_path_buf());
        InFlight(path.to_path_buf())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut files = in_flight();
        // The temporary file's own drop removes it too; removing it here first leaves no moment
        // when it exists unlisted. After the rename there is nothing at the path.
        let _ = std::fs::remove_file(&self.0);
        files.retain(|p| p != &self.0);
    }
}

/// Installs, once, the handler of SIGINT, SIGTERM and SIGHUP that removes the temporary files
/// being written and exits with 128 + the signal. It returns once the handler is in place; if
/// it cannot be installed, the signals keep their default action.
fn remove_temp_files_on_signals() {
    #[cfg(unix)]
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    #[cfg(unix)]
    INSTALLED.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let (ready, installed) = std::sync::mpsc::sync_channel(1);
        let watcher = std::thread::Builder::new()
            .name("trailplan-signals".into())
            .spawn(move || {
                let Ok(mut signals) =
                    signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
                else {
                    let _ = ready.send(());
                    return;
                };
                let _ = ready.send(());
                if let Some(signal) = signals.forever().next() {
                    // The lock is kept to the end: no file is renamed or listed meanwhile.
                    let files = in_flight();
                    for file in files.iter() {
                        let _ = std::fs::remove_file(file);
                    }
                    std::process::exit(128 + signal);
                }
            });
        if watcher.is_ok() {
            let _ = installed.recv();
        }
    });
}

/// [`write_file`] under an exclusive lock on `.NAME.lock` beside the target, so that two writers
/// at once take turns instead of racing; each one's file is whole.
pub(crate) fn write_file_locked(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let failed = write_failed(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lock_path = folder_of(path).join(format!(".{name}.lock"));
    let lock_file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(failed)?;
    let mut lock = fd_lock::RwLock::new(lock_file);
    let _held = lock.write().map_err(failed)?;
    write_file(path, write)
}

/// Whether two paths name the same existing file (after links), so that an output never
/// overwrites an input of the same run.
///
/// Symbolic links and relative spellings are resolved; hard links are told by their device and
/// inode. A path that does not exist yet is the same as another only when both spell it alike once
/// their folders are resolved.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            if ma.dev() == mb.dev() && ma.ino() == mb.ino() {
                return true;
            }
        }
        let _ = (&ma, &mb);
    }
    match (resolved(a), resolved(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The path with its folder resolved (the file itself may not exist yet).
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    folder_of(path).canonicalize().ok().map(|f| f.join(name))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_file(&path, |w| w.write_all(b"old")).unwrap();
        write_file(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["report.json"], "no temporary file is left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode(&path),
                0o644,
                "a new report is readable by all, as files are"
            );
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            write_file(&path, |w| w.write_all(b"newer")).unwrap();
            assert_eq!(mode(&path), 0o600, "a replaced file keeps its mode");
        }
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        write_file(&path, |w| w.write_all(b"{\"kept\": true}")).unwrap();
        let err = write_file(&path, |w| {
            w.write_all(b"{\"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: cannot write: disk full", path.display())
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"kept\": true}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt as _;
        write_file(Path::new("/dev/null"), |w| w.write_all(b"gone")).unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        if Path::new("/dev/full").exists() {
            let err = write_file(Path::new("/dev/full"), |w| {
                w.write_all(&vec![b'x'; 1 << 17])
            })
            .unwrap_err();
            assert!(
                err.to_string().starts_with("/dev/full: cannot write: "),
                "{err}"
            );
            assert!(
                std::fs::metadata("/dev/full")
                    .unwrap()
                    .file_type()
                    .is_char_device()
            );
        }
    }

    #[test]
    fn locked_writes_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::thread::scope(|s| {
            for i in 0..4 {
                let path = &path;
                s.spawn(move || {
                    write_file_locked(path, |w| write!(w, "{{\"writer\": {i}}}")).unwrap();
                });
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            "{text}"
        );
    }

    #[test]
    fn same_file_sees_through_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "x").unwrap();
        let other = dir.path().join(".").join("s.toml");
        assert!(same_file(&path, &other));
        assert!(!same_file(&path, &dir.path().join("t.toml")));
        let hard = dir.path().join("hard.toml");
        std::fs::hard_link(&path, &hard).unwrap();
        assert!(same_file(&path, &hard), "a hard link is the same file");
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.toml");
            std::os::unix::fs::symlink(&path, &soft).unwrap();
            assert!(same_file(&soft, &path), "a symbolic link is the same file");
        }
        let later = dir.path().join("new.json");
        assert!(same_file(&later, &dir.path().join(".").join("new.json")));
    }
}
