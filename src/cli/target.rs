//! Where outputs go, and the one overwrite rule every command follows:
//! an existing file is replaced only with `--force`, an input never; a
//! file output's folder must exist (a folder output is created).

use std::path::{Path, PathBuf};

use super::output::say;
use super::CliError;

/// Checks a one-file output before any work is done: its folder exists, it
/// is not one of `inputs` (canonical paths), and it does not exist unless
/// `force`.
pub fn check_file_output(output: &Path, inputs: &[PathBuf], force: bool) -> Result<(), CliError> {
    let name = output.display();
    if output.canonicalize().is_ok_and(|o| inputs.contains(&o)) {
        return Err(CliError::Failed(format!(
            "{name} 是输入文件，不能覆盖它（即使有 --force）：请换一个输出文件名（refusing to overwrite an input）"
        )));
    }
    if output.is_dir() {
        return Err(CliError::Usage(format!(
            "{name} 是文件夹：要每个输入写一个文件，请写成 -o {name}/"
        )));
    }
    check_folder_exists(output)?;
    if output.exists() && !force {
        return Err(CliError::Failed(format!(
            "{name} 已存在，未覆盖（加 --force 覆盖）"
        )));
    }
    Ok(())
}

/// Checks that the folder a file is to be written in exists.
pub fn check_folder_exists(output: &Path) -> Result<(), CliError> {
    let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    if parent.is_dir() {
        return Ok(());
    }
    let what = match parent.exists() {
        true => "不是文件夹",
        false => "不存在",
    };
    Err(CliError::Failed(format!(
        "{}: 输出文件夹 {} {what}：请先建立它（jixiao 只自动建立 -o 文件夹/ 形式的输出文件夹）",
        output.display(),
        parent.display()
    )))
}

/// Creates a folder output (and its parents).
pub fn create_folder(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        CliError::Failed(format!(
            "{}: 无法建立输出文件夹（cannot create the folder）：{e}",
            dir.display()
        ))
    })?;
    remove_stale_temp_files(dir);
    Ok(())
}

/// Removes temporary files a killed run left in `dir`, saying so.
pub fn remove_stale_temp_files(dir: &Path) {
    let dir = match dir.as_os_str().is_empty() {
        true => Path::new("."),
        false => dir,
    };
    for p in jixiao::write::atomic::remove_stale_temp_files(dir) {
        say!("jixiao: 提示：已删除上次中断留下的临时文件 {}", p.display());
    }
}

/// Says that existing files in a folder output were kept.
pub fn say_kept(kept: usize) {
    if kept > 0 {
        say!("jixiao: 提示：{kept} 个输出文件已存在，保留未覆盖（加 --force 覆盖）");
    }
}
