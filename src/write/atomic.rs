//! Atomic file output: write to a temporary file beside the target, then
//! rename, so an interrupted run never leaves half a file and a failed write
//! never clobbers what was there.

use std::io::{self, BufWriter, Write};
use std::path::Path;

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
        .prefix(".jixiao-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
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
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    if overwrite {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// Writes bytes atomically (see [`write_atomic`]).
pub fn write_bytes_atomic(path: &Path, overwrite: bool, bytes: &[u8]) -> io::Result<()> {
    write_atomic(path, overwrite, |w| w.write_all(bytes))
}
