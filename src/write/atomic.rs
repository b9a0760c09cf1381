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
        .tempfile_in(dir)
        .map_err(plain)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
