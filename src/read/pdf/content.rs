//! A page's content stream interpreted for what tables need: every
//! character with its position, advance and size, and every straight
//! horizontal or vertical line drawn (stroked lines, rectangle edges, thin
//! filled rectangles), all in page space (points, y up).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::Font;

/// Decompressed content allowed for one page (and each form it draws).
pub const MAX_PAGE_CONTENT: usize = 64 << 20;
/// Forms drawn inside forms, at most.
const MAX_FORM_DEPTH: usize = 8;

/// One character shown on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left of the glyph, points from the page's left.
    pub x: f32,
    /// Baseline, points from the page's bottom.
    pub y: f32,
    /// Advance width in points.
    pub w: f32,
    /// Font size in points, as drawn.
    pub size: f32,
    /// The text (usually one character).
    pub text: String,
}

/// A straight ruling line: horizontal (`y0 == y1`) or vertical (`x0 == x1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Start, lower-left end.
    pub x0: f32,
    /// Start, lower-left end.
    pub y0: f32,
    /// End, upper-right end.
    pub x1: f32,
    /// End, upper-right end.
    pub y1: f32,
}

impl Rule {
    /// Whether the line runs left to right.
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
}

/// What one page shows.
#[derive(Debug, Default)]
pub struct PageContent {
    /// Characters in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines.
    pub rules: Vec<Rule>,
    /// Images drawn (a page of images and no text is a scan).
    pub images: usize,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    /// Bounding box of the clipping path (x0, y0, x1, y1), if any: text
    /// outside it is not shown (writers clip a cell's text to the cell).
    clip: Option<[f32; 4]>,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            clip: None,
        }
    }
}

/// Fonts already loaded, by object (shared by all pages of a document).
pub type FontCache = HashMap<ObjectId, Rc<Font>>;

/// Interprets one page.
pub struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    out: PageContent,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    /// Current path: subpaths of points (device space), and rectangles.
    path: Vec<Vec<(f32, f32)>>,
    rects: Vec<[(f32, f32); 4]>,
    /// `W` seen: the path, once painted, clips.
    clipping: bool,
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

impl<'a> Interpreter<'a> {
    /// A fresh interpreter for a page of `doc`.
    pub fn new(doc: &'a Document, fonts: &'a mut FontCache) -> Self {
        Interpreter {
            doc,
            fonts,
            out: PageContent::default(),
            gs: GState::default(),
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            path: Vec::new(),
            rects: Vec::new(),
            clipping: false,
        }
    }

    /// Runs a page's content with its resources; returns what it shows.
    pub fn page(
        mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<PageContent, String> {
        let ops = Content::decode(content).map_err(|e| format!("页面内容无法解析（{e}）"))?;
        self.run(&ops.operations, resources, 0);
        Ok(self.out)
    }

    fn deref(&self, o: &'a Object) -> Option<&'a Object> {
        self.doc.dereference(o).ok().map(|(_, o)| o)
    }

    fn resource(
        &self,
        resources: Option<&'a Dictionary>,
        kind: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'a Object)> {
        let dict = self.deref(resources?.get(kind).ok()?)?.as_dict().ok()?;
        let obj = dict.get(name).ok()?;
        self.doc.dereference(obj).ok()
    }

    fn run(
        &mut self,
        ops: &[lopdf::content::Operation],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) {
        for op in ops {
            let a = &op.operands;
            let n = |i: usize| a.get(i).map_or(0.0, num);
            match op.operator.as_str() {
                "q" if self.stack.len() < 256 => self.stack.push(self.gs.clone()),
                "Q" => {
                    if let Some(g) = self.stack.pop() {
                        self.gs = g;
                    }
                }
                "cm" => self.gs.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &self.gs.ctm),
                "BT" => {
                    self.tm = IDENTITY;
                    self.tlm = IDENTITY;
                }
                "Tf" => {
                    self.gs.size = n(1);
                    let name = a.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                    self.gs.font = self.font(resources, name);
                }
                "Tc" => self.gs.char_spacing = n(0),
                "Tw" => self.gs.word_spacing = n(0),
                "Tz" => self.gs.scale = n(0) / 100.0,
                "TL" => self.gs.leading = n(0),
                "Ts" => self.gs.rise = n(0),
                "Td" => self.next_line(n(0), n(1)),
                "TD" => {
                    self.gs.leading = -n(1);
                    self.next_line(n(0), n(1));
                }
                "Tm" => {
                    self.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    self.tlm = self.tm;
                }
                "T*" => self.next_line(0.0, -self.gs.leading),
                "Tj" => self.show_operand(a.first()),
                "'" => {
                    self.next_line(0.0, -self.gs.leading);
                    self.show_operand(a.first());
                }
                "\"" => {
                    self.gs.word_spacing = n(0);
                    self.gs.char_spacing = n(1);
                    self.next_line(0.0, -self.gs.leading);
                    self.show_operand(a.get(2));
                }
                "TJ" => {
                    for item in a
                        .first()
                        .and_then(|o| o.as_array().ok())
                        .into_iter()
                        .flatten()
                    {
                        match item {
                            Object::String(..) => self.show_operand(Some(item)),
                            other => {
                                let tx = -num(other) / 1000.0 * self.gs.size * self.gs.scale;
                                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                            }
                        }
                    }
                }
                "m" => {
                    let p = apply(&self.gs.ctm, n(0), n(1));
                    self.path.push(vec![p]);
                }
                "l" => {
                    let p = apply(&self.gs.ctm, n(0), n(1));
                    match self.path.last_mut() {
                        Some(sub) => sub.push(p),
                        None => self.path.push(vec![p]),
                    }
                }
                "c" | "v" | "y" => {
                    // Curves are not rules; keep the current point only.
                    let (x, y) = if op.operator == "c" {
                        (n(4), n(5))
                    } else {
                        (n(2), n(3))
                    };
                    let p = apply(&self.gs.ctm, x, y);
                    self.path.push(vec![p]);
                }
                "h" => {
                    if let Some(sub) = self.path.last_mut() {
                        if let Some(&first) = sub.first() {
                            sub.push(first);
                        }
                    }
                }
                "re" => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let m = &self.gs.ctm;
                    self.rects.push([
                        apply(m, x, y),
                        apply(m, x + w, y),
                        apply(m, x + w, y + h),
                        apply(m, x, y + h),
                    ]);
                }
                "W" | "W*" => self.clipping = true,
                "S" | "s" => self.paint(true, false),
                "f" | "F" | "f*" => self.paint(false, true),
                "B" | "B*" | "b" | "b*" => self.paint(true, true),
                "n" => self.paint(false, false),
                "Do" => {
                    let name = a.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                    self.draw_object(resources, name, depth);
                }
                "BI" | "EI" => self.out.images += 1,
                _ => {}
            }
        }
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let (id, obj) = self.resource(resources, b"Font", name)?;
        let dict = obj.as_dict().ok()?;
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return Some(f.clone());
        }
        let font = Rc::new(Font::load(self.doc, dict));
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Some(font)
    }

    fn draw_object(&mut self, resources: Option<&'a Dictionary>, name: &[u8], depth: usize) {
        let Some((_, obj)) = self.resource(resources, b"XObject", name) else {
            return;
        };
        let Ok(stream) = obj.as_stream() else { return };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.out.images += 1,
            Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                let Ok(data) = stream.decompressed_content_with_limit(MAX_PAGE_CONTENT) else {
                    return;
                };
                let Ok(content) = Content::decode(&data) else {
                    return;
                };
                let inner = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| self.deref(o))
                    .and_then(|o| o.as_dict().ok())
                    .or(resources);
                let saved = (self.gs.clone(), self.tm, self.tlm);
                if let Ok(m) = stream.dict.get(b"Matrix").and_then(Object::as_array) {
                    let m: Vec<f32> = m.iter().map(num).collect();
                    if m.len() == 6 {
                        self.gs.ctm = mul(&[m[0], m[1], m[2], m[3], m[4], m[5]], &self.gs.ctm);
                    }
                }
                let depth_before = self.stack.len();
                self.run(&content.operations, inner, depth + 1);
                self.stack.truncate(depth_before);
                (self.gs, self.tm, self.tlm) = saved;
            }
            _ => {}
        }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn show_operand(&mut self, o: Option<&Object>) {
        if let Some(Object::String(bytes, _)) = o {
            self.show(bytes);
        }
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let g = &self.gs;
        for code in font.codes(bytes) {
            let trm = mul(
                &mul(&[g.size * g.scale, 0.0, 0.0, g.size, 0.0, g.rise], &self.tm),
                &g.ctm,
            );
            let w0 = font.width(code) / 1000.0;
            let space = if font.code_len == 1 && code == 32 {
                g.word_spacing
            } else {
                0.0
            };
            let tx = (w0 * g.size + g.char_spacing + space) * g.scale;
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let adv = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
            let end = apply(&mul(&adv, &g.ctm), 0.0, 0.0);
            let w = ((end.0 - trm[4]).powi(2) + (end.1 - trm[5]).powi(2)).sqrt();
            self.tm = adv;
            // A glyph whose centre the clip hides is not on the page.
            let (cx, cy) = (trm[4] + w / 2.0, trm[5] + size * 0.3);
            if g.clip.is_some_and(|c| {
                cx < c[0] - 1.0 || cx > c[2] + 1.0 || cy < c[1] - 1.0 || cy > c[3] + 1.0
            }) {
                continue;
            }
            self.out.glyphs.push(Glyph {
                x: trm[4],
                y: trm[5],
                w,
                size,
                text: font.text(code),
            });
        }
    }

    /// Turns the current path into rules: axis-parallel stroked segments,
    /// rectangle edges, and filled rectangles thin enough to be lines.
    fn paint(&mut self, stroke: bool, fill: bool) {
        let path = std::mem::take(&mut self.path);
        let rects = std::mem::take(&mut self.rects);
        if std::mem::take(&mut self.clipping) {
            let points = path.iter().flatten().chain(rects.iter().flatten());
            let bbox = points.fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |b, p| {
                [b[0].min(p.0), b[1].min(p.1), b[2].max(p.0), b[3].max(p.1)]
            });
            if bbox[0] <= bbox[2] {
                self.gs.clip = Some(match self.gs.clip {
                    Some(c) => [
                        c[0].max(bbox[0]),
                        c[1].max(bbox[1]),
                        c[2].min(bbox[2]),
                        c[3].min(bbox[3]),
                    ],
                    None => bbox,
                });
            }
        }
        if stroke {
            for sub in &path {
                for w in sub.windows(2) {
                    self.rule(w[0], w[1]);
                }
            }
        }
        for r in rects {
            let (x0, x1) = (
                r.iter().map(|p| p.0).fold(f32::MAX, f32::min),
                r.iter().map(|p| p.0).fold(f32::MIN, f32::max),
            );
            let (y0, y1) = (
                r.iter().map(|p| p.1).fold(f32::MAX, f32::min),
                r.iter().map(|p| p.1).fold(f32::MIN, f32::max),
            );
            let thin = 2.5;
            if fill && y1 - y0 <= thin && x1 - x0 > thin {
                let y = (y0 + y1) / 2.0;
                self.rule((x0, y), (x1, y));
            } else if fill && x1 - x0 <= thin && y1 - y0 > thin {
                let x = (x0 + x1) / 2.0;
                self.rule((x, y0), (x, y1));
            } else if stroke {
                self.rule((x0, y0), (x1, y0));
                self.rule((x0, y1), (x1, y1));
                self.rule((x0, y0), (x0, y1));
                self.rule((x1, y0), (x1, y1));
            }
        }
        // Filled polygons drawn as thin bars (some writers draw borders so).
        if fill && !stroke {
            for sub in &path {
                if sub.len() >= 4 {
                    let xs = sub.iter().map(|p| p.0);
                    let ys = sub.iter().map(|p| p.1);
                    let (x0, x1) = (
                        xs.clone().fold(f32::MAX, f32::min),
                        xs.fold(f32::MIN, f32::max),
                    );
                    let (y0, y1) = (
                        ys.clone().fold(f32::MAX, f32::min),
                        ys.fold(f32::MIN, f32::max),
                    );
                    if y1 - y0 <= 2.5 && x1 - x0 > 2.5 {
                        self.rule((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
                    } else if x1 - x0 <= 2.5 && y1 - y0 > 2.5 {
                        self.rule(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
                    }
                }
            }
        }
    }

    fn rule(&mut self, a: (f32, f32), b: (f32, f32)) {
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        if dy < 0.5 && dx > 0.5 {
            let y = (a.1 + b.1) / 2.0;
            self.out.rules.push(Rule {
                x0: a.0.min(b.0),
                y0: y,
                x1: a.0.max(b.0),
                y1: y,
            });
        } else if dx < 0.5 && dy > 0.5 {
            let x = (a.0 + b.0) / 2.0;
            self.out.rules.push(Rule {
                x0: x,
                y0: a.1.min(b.1),
                x1: x,
                y1: a.1.max(b.1),
            });
        }
    }
}
