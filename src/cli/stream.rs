//! Text → JSON without holding a whole file: forms are read and written one
//! at a time, so memory stays proportional to one form whatever the input.

use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

use jixiao::model::Form;
use jixiao::read::text::{is_streamable, no_form, read_text_with, stream_text_with};
use jixiao::read::ReadOptions;
use jixiao::write::json::FormsWriter;

use super::convert::Targets;
use super::inputs::{display_name, is_stdin, report_problems};
use super::output::{say, Stdout};
use super::target::say_kept;
use super::CliError;

/// Calls `each` with every form of a text file (and the file's collection
/// title), printing warnings and errors. Returns false if the file failed.
fn each_form(
    path: &Path,
    options: &ReadOptions,
    each: &mut dyn FnMut(Option<&str>, &Form) -> io::Result<()>,
) -> io::Result<bool> {
    let name = display_name(path);
    if is_stdin(path) || !is_streamable(path)? {
        // Other encodings (GBK), binary files and text with HTML tables:
        // decode or refuse whole; stdin is read whole to find its
        // encoding too.
        let bytes = match is_stdin(path) {
            true => {
                let mut bytes = Vec::new();
                io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)?;
                bytes
            }
            false => std::fs::read(path)?,
        };
        return match read_text_with(&bytes, &name, options) {
            Ok(out) => {
                let ok = report_problems(path, &out.warnings, &out.errors);
                for form in &out.document.forms {
                    each(out.document.title.as_deref(), form)?;
                }
                Ok(ok)
            }
            Err(e) => {
                say!("jixiao: 错误：{e}");
                Ok(false)
            }
        };
    }
    let mut forms = stream_text_with(BufReader::new(std::fs::File::open(path)?), options);
    let (mut count, mut ok) = (0, true);
    while let Some(parsed) = forms.next() {
        ok &= report_problems(path, &parsed.warnings, &parsed.errors);
        each(forms.collection_title.as_deref(), &parsed.form)?;
        count += 1;
    }
    report_problems(path, &forms.preamble_warnings, &[]);
    if let Some(e) = forms.source().error() {
        say!("jixiao: 错误：{name}: {e}");
        return Ok(false);
    }
    if count == 0 {
        say!("jixiao: 错误：{}", no_form(&name, &forms.skipped));
        return Ok(false);
    }
    Ok(ok)
}

/// Streams `inputs` into one JSON document on `out`. Returns (forms written,
/// all inputs ok). The collection title is that of the first input with forms.
fn stream_into(
    out: &mut dyn Write,
    inputs: &[PathBuf],
    options: &ReadOptions,
) -> io::Result<(usize, bool)> {
    let mut writer: Option<FormsWriter<&mut dyn Write>> = None;
    let mut out = Some(out);
    let mut ok = true;
    for path in inputs {
        let result = each_form(path, options, &mut |title, form| {
            if writer.is_none() {
                writer = Some(FormsWriter::new(
                    out.take().expect("writer made once"),
                    title,
                )?);
            }
            writer.as_mut().expect("writer made above").form(form)
        });
        match result {
            Ok(file_ok) => ok &= file_ok,
            Err(e)
                if e.kind() == io::ErrorKind::NotFound
                    || e.kind() == io::ErrorKind::PermissionDenied =>
            {
                say!(
                    "jixiao: 错误：{}: 无法读取（cannot read）：{e}",
                    display_name(path)
                );
                ok = false;
            }
            Err(e) => return Err(e),
        }
    }
    match writer {
        Some(w) => {
            let n = w.count();
            w.finish()?;
            Ok((n, ok))
        }
        None => Ok((0, false)),
    }
}

/// Text inputs to JSON on stdout, one file, or one file per input (see
/// [`Targets`]). Returns false if anything failed.
pub fn text_to_json(
    inputs: &[PathBuf],
    to_stdout: bool,
    mut targets: Targets<'_>,
    options: &ReadOptions,
) -> Result<bool, CliError> {
    if to_stdout {
        let mut out = Stdout::new();
        let mut ok = true;
        out.write(|w| stream_into(w, inputs, options).map(|(_, all_ok)| ok = all_ok));
        out.finish()?;
        return Ok(ok);
    }
    let jobs: Vec<(PathBuf, Vec<PathBuf>)> = match targets.single() {
        Some(file) => vec![(file.to_path_buf(), inputs.to_vec())],
        None => inputs
            .iter()
            .filter_map(|p| Some((targets.next(p, "json")?, vec![p.clone()])))
            .collect(),
    };
    say_kept(targets.kept);
    let mut all_ok = targets.refused == 0;
    for (target, sources) in jobs {
        let mut summary = (0, true);
        let written = jixiao::write::atomic::write_atomic(&target, targets.force(), |w| {
            summary = stream_into(w, &sources, options)?;
            if summary.0 == 0 {
                // Nothing read: leave no output file behind.
                return Err(io::Error::other("没有读到表"));
            }
            Ok(())
        });
        match written {
            Ok(()) => all_ok &= summary.1,
            Err(_) if summary.0 == 0 => all_ok = false,
            Err(e) => {
                say!(
                    "jixiao: 错误：{}: 无法写入（cannot write）：{e}",
                    target.display()
                );
                all_ok = false;
            }
        }
    }
    Ok(all_ok)
}
