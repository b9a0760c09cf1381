//! Progress bars for bulk commands: drawn on a terminal, absent otherwise.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar of `len` steps on stderr, or a hidden one when stderr is not a terminal.
pub fn bar(len: usize, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = bar_to(len, what, ProgressDrawTarget::stderr());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A bar drawn on `target`: steps done, whole forms per second, time left.
fn bar_to(len: usize, what: &str, target: ProgressDrawTarget) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len as u64), target);
    // `per_sec:0`: a whole rate (435/s), not 435.1234/s.
    let template = format!("{what} {{bar:40}} {{pos}}/{{len}} {{per_sec:0}} 剩余 {{eta}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

/// `435 张表，用时 2.3 秒（每秒 189 张）`.
pub fn rate(count: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let per_sec = if secs > 0.0 { count as f64 / secs } else { 0.0 };
    format!("{count} 张表，用时 {secs:.1} 秒（每秒 {per_sec:.0} 张）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A terminal that keeps what is drawn.
    #[derive(Debug, Default, Clone)]
    struct Screen(Arc<Mutex<String>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_bar_shows_a_whole_rate() {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like(Box::new(screen.clone()));
        let bar = bar_to(1000, "fill", target);
        for _ in 0..300 {
            bar.inc(1);
            std::thread::sleep(Duration::from_micros(50));
        }
        bar.force_draw();
        let drawn = screen.0.lock().unwrap().clone();
        let line = drawn.lines().last().unwrap_or_default().to_string();
        let rate = line
            .split_whitespace()
            .find(|w| w.ends_with("/s"))
            .unwrap_or_else(|| panic!("no rate in {line:?}"));
        let number = rate.trim_end_matches("/s").replace(',', "");
        assert!(number.parse::<u64>().is_ok(), "not a whole rate: {line:?}");
        assert!(line.contains("300/1000"), "{line:?}");
    }
}
