//! Atomic file output: write to a temporary file beside the target, then
//! rename, so an interrupted run never leaves half a file and a failed write
//! never clobbers what was there.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Temporary outputs are `.jixiao-XXXXXX.tmp` beside the target.
const TEMP_PREFIX: &str = ".jixiao-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM: usize = 6;

/// A temporary file untouched this long, and not locked by a writer, was
/// left by a run that was killed.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Writes `path` atomically with `fill`, which gets a buffered writer.
/// Refuses to overwrite an existing file unless `overwrite` is set.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("a.txt");
/// jixiao::write::atomic::write_atomic(&p, false, |w| w.write_all(b"hi")).unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"hi");
/// assert!(jixiao::write::atomic::write_atomic(&p, false, |w| w.write_all(b"x")).is_err());
/// ```
pub fn write_atomic(
    path: &Path,
    overwrite: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if !overwrite && path.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists (use --force to overwrite)", path.display()),
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(dir)
        .map_err(plain)?;
    // Held until the file is renamed or dropped (or the process dies), so
    // another run can tell a file in use from one a killed run left.
    lock(tmp.as_file(), false);
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w).map_err(plain)?;
        w.flush().map_err(plain)?;
    }
    // Temporary files are private (0600); an output is an ordinary file:
    // keep the mode of the file it replaces, else rw-r--r--.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(plain)?;
    }
    if overwrite {
        tmp.persist(path).map_err(|e| plain(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| plain(e.error))?;
    }
    Ok(())
}

/// The error without the temporary file's name (which means nothing to the
/// person who asked for `path`), in Chinese for the common causes.
fn plain(e: io::Error) -> io::Error {
    if !e.to_string().contains(".jixiao-") {
        return e;
    }
    let what = match e.kind() {
        io::ErrorKind::StorageFull => "磁盘空间不足".to_string(),
        io::ErrorKind::PermissionDenied => "没有写入权限".to_string(),
        io::ErrorKind::NotFound => "文件夹不存在".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "文件系统只读".to_string(),
        io::ErrorKind::AlreadyExists => "文件已存在（要覆盖请加 --force）".to_string(),
        kind => format!("写入失败（{kind}）"),
    };
    io::Error::new(e.kind(), what)
}

/// Writes bytes atomically (see [`write_atomic`]).
pub fn write_bytes_atomic(path: &Path, overwrite: bool, bytes: &[u8]) -> io::Result<()> {
    write_atomic(path, overwrite, |w| w.write_all(bytes))
}

/// Takes an exclusive advisory lock on `file`; with `try_only`, returns
/// false at once if another process holds it. Without locks (not Unix) it
/// always succeeds.
fn lock(file: &std::fs::File, try_only: bool) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let flags = libc::LOCK_EX | if try_only { libc::LOCK_NB } else { 0 };
        // SAFETY: flock on a descriptor we own; the lock goes with the file.
        unsafe { libc::flock(file.as_raw_fd(), flags) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, try_only);
        true
    }
}

/// Whether `name` is one of this crate's temporary output names.
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|mid| {
            mid.len() == TEMP_RANDOM && mid.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes temporary files (`.jixiao-XXXXXX.tmp`) that a killed run left
/// directly in `dir`: only files of that exact pattern, untouched for a
/// minute and not locked by a running writer. Returns the files removed;
/// what cannot be examined is left alone.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let left = dir.path().join(".jixiao-AbC123.tmp");
/// let f = std::fs::File::create(&left).unwrap();
/// f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).unwrap();
/// std::fs::write(dir.path().join(".jixiao-notes.txt"), "mine").unwrap();
/// let removed = jixiao::write::atomic::remove_stale_temp_files(dir.path());
/// assert_eq!(removed, vec![left.clone()]);
/// assert!(!left.exists() && dir.path().join(".jixiao-notes.txt").exists());
/// ```
pub fn remove_stale_temp_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        let path = entry.path();
        // Opened without following a symlink: only plain files are ours.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !meta.is_file() || !old {
            continue;
        }
        let Ok(file) = std::fs::OpenOptions::new().read(true).open(&path) else {
            continue;
        };
        if lock(&file, true) && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stale_unlocked_files_of_our_pattern_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        let make = |name: &str, modified: SystemTime| {
            let p = dir.path().join(name);
            let f = std::fs::File::create(&p).unwrap();
            f.set_modified(modified).unwrap();
            (p, f)
        };
        let (stale, _) = make(".jixiao-Ab12Cd.tmp", old);
        let (fresh, _) = make(".jixiao-Zz99Yy.tmp", SystemTime::now());
        let (other, _) = make(".jixiao-Ab12Cd7.tmp", old);
        let (foreign, _) = make("jixiao-Ab12Cd.tmp", old);
        let (busy, busy_file) = make(".jixiao-Busy00.tmp", old);
        assert!(lock(&busy_file, true));
        let removed = remove_stale_temp_files(dir.path());
        assert_eq!(removed, vec![stale.clone()]);
        assert!(!stale.exists());
        for kept in [&fresh, &other, &foreign] {
            assert!(kept.exists(), "{}", kept.display());
        }
        #[cfg(unix)]
        assert!(busy.exists(), "a file a writer holds is kept");
        drop(busy_file);
        // In use while writing: a file being written is locked.
        write_atomic(&dir.path().join("out.txt"), false, |w| {
            let tmp: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.to_str().unwrap().ends_with(".tmp")
                        && *p != busy
                        && *p != other
                        && *p != foreign
                        && *p != fresh
                })
                .collect();
            assert_eq!(tmp.len(), 1);
            let f = std::fs::File::open(&tmp[0]).unwrap();
            #[cfg(unix)]
            assert!(!lock(&f, true), "the writer holds its temporary file");
            drop(f);
            w.write_all(b"x")
        })
        .unwrap();
    }

    #[test]
    fn errors_do_not_name_the_temporary_file() {
        let e = io::Error::new(
            io::ErrorKind::StorageFull,
            "No space left on device at path \"/out/.jixiao-Ab12.tmp\"",
        );
        let e = plain(e);
        assert_eq!(e.to_string(), "磁盘空间不足");
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        let other = plain(io::Error::other("serialise failed"));
        assert_eq!(other.to_string(), "serialise failed");
    }
}
