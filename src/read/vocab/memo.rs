//! What the vocabulary said about the labels it was last asked about, kept
//! per thread: every form of a batch shows the same labels (项目名称, 年初预算数,
//! 产出指标 …), and normalising a label and looking it up in every list costs
//! far more than finding it again. Kept are texts that mean something and
//! very short values (numbers, units, 是 / 否, ≥95% repeat from form to
//! form; longer values are names and prose, which rarely do), and only so
//! many.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::norm::norm_label_colon;
use super::{Meaning, Vocabulary};

/// Texts longer than this (in bytes) are never kept: labels are short.
const MAX_TEXT: usize = 120;

/// Values (texts that mean nothing) are kept up to this many bytes.
const MAX_VALUE: usize = 24;

/// At most this many texts are kept; then the memo starts afresh.
const MAX_ENTRIES: usize = 4096;

/// A new identity for a vocabulary whose lists changed.
pub(super) fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A raw cell text → its normalised label, meaning and first `:`.
#[derive(Default)]
struct Memo {
    /// The identity of the vocabulary the answers are from.
    vocab: u64,
    known: FxHashMap<Box<str>, (Box<str>, Meaning, Option<usize>)>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Labels told by one vocabulary, remembered across calls on this thread.
pub(crate) struct Labels<'a> {
    vocab: &'a Vocabulary,
    memo: &'a mut Memo,
}

impl Labels<'_> {
    /// Appends `text` normalised ([`super::norm_label`]) to `out` and tells
    /// its meaning ([`Vocabulary::meaning`]) and where the normalised
    /// label's first `:` is.
    pub(crate) fn label_into(&mut self, text: &str, out: &mut String) -> (Meaning, Option<usize>) {
        let keep = text.len() <= MAX_TEXT;
        if keep {
            if let Some((label, meaning, colon)) = self.memo.known.get(text) {
                out.push_str(label);
                return (*meaning, *colon);
            }
        }
        let start = out.len();
        let colon = norm_label_colon(text, out);
        let meaning = self.vocab.meaning_of_label(&out[start..]);
        if keep && (text.len() <= MAX_VALUE || meaning != Meaning::default()) {
            if self.memo.known.len() >= MAX_ENTRIES {
                self.memo.known.clear();
            }
            let entry = (out[start..].into(), meaning, colon);
            self.memo.known.insert(text.into(), entry);
        }
        (meaning, colon)
    }
}

impl Vocabulary {
    /// Runs `f` with this vocabulary's remembered labels (this thread's).
    pub(crate) fn with_labels<R>(&self, f: impl FnOnce(&mut Labels<'_>) -> R) -> R {
        MEMO.with(|memo| {
            // A nested call (none today) would find the memo in use: it
            // gets a memo of its own instead.
            let mut own = Memo::default();
            let mut guard = memo.try_borrow_mut().ok();
            let memo = match guard.as_deref_mut() {
                Some(m) => m,
                None => &mut own,
            };
            if memo.vocab != self.id {
                memo.known.clear();
                memo.vocab = self.id;
            }
            f(&mut Labels { vocab: self, memo })
        })
    }
}
