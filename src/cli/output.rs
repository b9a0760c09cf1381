//! What the CLI prints: messages on stderr made safe for a terminal, and
//! results on stdout that end quietly when the reader goes away.
//!
//! A name in a message comes from a user's file; a terminal escape or a
//! bidirectional override in it could repaint the screen or make a message
//! read backwards, so such characters are shown as `\u{…}` escapes.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufWriter, Write};

use super::CliError;

/// Prints a message line on stderr, escaped for the terminal. A failing
/// stderr (closed, disk full) is ignored: there is nowhere left to tell.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::say_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Writes one escaped line to stderr, ignoring write errors.
pub fn say_line(args: fmt::Arguments<'_>) {
    let text = args.to_string();
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{}", printable(&text));
}

/// Characters that must not reach a terminal as they are: controls (except
/// tab and newline), line separators, bidirectional controls and zero-width
/// characters.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// `s` with terminal escapes, bidirectional controls and invisible
/// characters written as `\u{…}`; unchanged (borrowed) when there are none.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Buffered stdout for results. Once a write fails the rest is dropped;
/// [`Stdout::finish`] then says whether that matters: a closed pipe
/// (`| head -1`) is the reader's choice and ends quietly, anything else
/// (a full disk) is an error.
pub struct Stdout {
    out: BufWriter<io::StdoutLock<'static>>,
    error: Option<io::Error>,
}

impl Stdout {
    /// Locks stdout for this command's results.
    pub fn new() -> Stdout {
        Stdout {
            out: BufWriter::new(io::stdout().lock()),
            error: None,
        }
    }

    /// Writes one line (as given: results are data, escaped by their format).
    pub fn line(&mut self, args: fmt::Arguments<'_>) {
        self.write(|w| writeln!(w, "{args}"));
    }

    /// Runs `f` on the writer unless an earlier write failed.
    pub fn write(&mut self, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        if self.error.is_none() {
            if let Err(e) = f(&mut self.out) {
                self.error = Some(e);
            }
        }
    }

    /// Flushes; a broken pipe is fine, another failure is an error.
    pub fn finish(mut self) -> Result<(), CliError> {
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(e);
            }
        }
        match self.error {
            None => Ok(()),
            Some(e) => stdout_error(e),
        }
    }
}

/// A write to stdout failed: quiet for a closed pipe, else an error.
pub fn stdout_error(e: io::Error) -> Result<(), CliError> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Ok(());
    }
    Err(CliError::Failed(format!(
        "无法写入标准输出（cannot write to stdout）：{e}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_and_direction_controls_only() {
        assert_eq!(printable("项目A"), "项目A");
        assert!(matches!(printable("项目A"), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{1B}[31mb");
        assert_eq!(printable("\u{202E}fdp.exe"), "\\u{202E}fdp.exe");
        assert_eq!(printable("x\u{2066}y\u{9b}z"), "x\\u{2066}y\\u{9B}z");
        assert_eq!(printable("a\tb\nc\r"), "a\tb\nc\\u{D}");
    }
}
