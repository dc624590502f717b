//! Laying reports out on pages and writing them as PDF with `krilla`.
//!
//! A report is first laid out as a list of what goes on each page (text,
//! lines, shaded boxes) measured with the shaper krilla itself uses
//! (rustybuzz), so that the page count is known for the footers; then
//! krilla writes it, embedding the shipped fonts subset to the glyphs used.
//! Text stays text: selectable and searchable.

use std::sync::OnceLock;

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

use crate::error::{Error, Result};
use crate::settings::Paper;

pub mod chart;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed-Bold.ttf");

/// The two fonts, parsed once for measuring.
fn faces() -> &'static [rustybuzz::Face<'static>; 2] {
    static FACES: OnceLock<[rustybuzz::Face<'static>; 2]> = OnceLock::new();
    FACES.get_or_init(|| {
        [
            rustybuzz::Face::from_slice(REGULAR, 0).expect("the shipped regular font parses"),
            rustybuzz::Face::from_slice(BOLD, 0).expect("the shipped bold font parses"),
        ]
    })
}

/// The width of `text` set in `size` points.
pub fn measure(text: &str, size: f32, bold: bool) -> f32 {
    if text.is_empty() {
        return 0.0;
    }
    let face = &faces()[usize::from(bold)];
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 * size / face.units_per_em() as f32
}

/// `text` broken into lines no wider than `width` (at spaces; a word wider
/// than the line on its own is broken between letters). Line breaks in the
/// text are kept.
pub fn wrap(text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if measure(&candidate, size, bold) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word too wide alone: broken between letters.
            for ch in word.chars() {
                let mut next = line.clone();
                next.push(ch);
                if !line.is_empty() && measure(&next, size, bold) > width {
                    lines.push(std::mem::take(&mut line));
                    line.push(ch);
                } else {
                    line = next;
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

#[derive(Debug, Clone)]
enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        grey: bool,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Shade {
        rect: (f32, f32, f32, f32),
        lightness: u8,
    },
    /// A line through points (a chart's series), in black.
    Polyline { points: Vec<(f32, f32)>, width: f32 },
}

/// A column of a table.
#[derive(Debug, Clone)]
pub struct Column {
    /// Its heading; a line break starts a second line.
    pub title: String,
    pub width: f32,
    pub align: Align,
    /// Drawn on grey (a cancelled session).
    pub shaded: bool,
}

/// A row of a table: one text per column.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<String>,
    pub bold: bool,
}

/// A report being laid out, page by page, top to bottom.
pub struct Doc {
    width: f32,
    height: f32,
    pub margin: f32,
    pages: Vec<Vec<Item>>,
    /// Where the next thing goes on the current page (from the top).
    pub y: f32,
    title: String,
    /// Drawn at the top of every page after the first (the report's name
    /// and whom it is about).
    running_head: String,
}

pub const BODY: f32 = 9.0;
pub const SMALL: f32 = 7.5;
const LINE: f32 = 1.25;
/// The room kept at the foot of each page for its footer.
const FOOTER_ROOM: f32 = 28.0;

impl Doc {
    pub fn new(paper: Paper, landscape: bool, title: &str, running_head: &str) -> Doc {
        let (w, h) = match paper {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        };
        let (width, height) = if landscape { (h, w) } else { (w, h) };
        let mut doc = Doc {
            width,
            height,
            margin: 36.0,
            pages: Vec::new(),
            y: 0.0,
            title: title.to_string(),
            running_head: running_head.to_string(),
        };
        doc.new_page();
        doc
    }

    /// The width between the margins.
    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    fn bottom(&self) -> f32 {
        self.height - self.margin - FOOTER_ROOM
    }

    fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("a page is open").push(item);
    }

    /// Starts a new page; the running head on every page after the first.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margin;
        if self.pages.len() > 1 {
            let head = format!("{} — {} (continued)", self.title, self.running_head);
            self.y += SMALL;
            self.text_at(self.margin, self.y, SMALL, false, true, &head);
            self.y += SMALL * 1.2;
        }
    }

    /// Whether `height` more fits on this page; a new page if not.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > self.bottom() {
            self.new_page();
            return false;
        }
        true
    }

    fn text_at(&mut self, x: f32, baseline: f32, size: f32, bold: bool, grey: bool, text: &str) {
        if !text.is_empty() {
            self.push(Item::Text {
                x,
                y: baseline,
                size,
                bold,
                grey,
                text: text.to_string(),
            });
        }
    }

    /// A paragraph across the page, wrapped, moving down.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        self.paragraph_in(self.margin, self.text_width(), text, size, bold, false);
    }

    /// A paragraph in grey (notes on how to read the report).
    pub fn note(&mut self, text: &str) {
        self.paragraph_in(self.margin, self.text_width(), text, SMALL, false, true);
    }

    fn paragraph_in(&mut self, x: f32, width: f32, text: &str, size: f32, bold: bool, grey: bool) {
        for line in wrap(text, width, size, bold) {
            self.ensure(size * LINE);
            self.y += size;
            self.text_at(x, self.y, size, bold, grey, &line);
            self.y += size * (LINE - 1.0);
        }
    }

    /// `label: value` pairs, as many on a line as fit.
    pub fn facts(&mut self, facts: &[(&str, String)]) {
        let text = facts
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("   ·   ");
        self.paragraph(&text, BODY, false);
    }

    /// Vertical room.
    pub fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// A heading.
    pub fn heading(&mut self, text: &str, size: f32) {
        self.ensure(size * 3.0);
        self.gap(size * 0.4);
        self.paragraph(text, size, true);
        self.gap(size * 0.2);
    }

    /// A line across the page to sign on, with its label under it.
    pub fn signature_lines(&mut self, labels: &[&str]) {
        self.ensure(48.0);
        self.gap(30.0);
        let n = labels.len() as f32;
        let gap = 24.0;
        let each = (self.text_width() - gap * (n - 1.0)) / n;
        for (i, label) in labels.iter().enumerate() {
            let x = self.margin + i as f32 * (each + gap);
            self.push(Item::Line {
                x1: x,
                y1: self.y,
                x2: x + each,
                y2: self.y,
                width: 0.6,
            });
            self.text_at(x, self.y + SMALL + 2.0, SMALL, false, true, label);
        }
        self.y += SMALL + 6.0;
    }

    /// A table, its heading row repeated on every page it runs onto.
    pub fn table(&mut self, columns: &[Column], rows: &[Row], size: f32) {
        let pad = 2.5;
        // Headings a little smaller than the cells: a narrow column's "cancelled" fits.
        let head_size = size - 0.5;
        let layout = |cells: &[String], bold: bool, size: f32| -> Vec<Vec<String>> {
            columns
                .iter()
                .zip(cells)
                .map(|(c, t)| wrap(t, c.width - 2.0 * pad, size, bold))
                .collect()
        };
        let height_of = |cells: &[Vec<String>], size: f32| {
            cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * size * LINE + 2.0 * pad
        };
        let titles: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let head = layout(&titles, true, head_size);
        let head_height = height_of(&head, head_size);
        let first_row = rows
            .first()
            .map_or(0.0, |r| height_of(&layout(&r.cells, r.bold, size), size));
        self.ensure(head_height + first_row);
        let mut top = self.y;
        self.table_row(columns, &head, true, top, head_height, pad, head_size, true);
        top += head_height;
        for row in rows {
            let cells = layout(&row.cells, row.bold, size);
            let height = height_of(&cells, size);
            if top + height > self.bottom() {
                self.new_page();
                top = self.y;
                self.table_row(columns, &head, true, top, head_height, pad, head_size, true);
                top += head_height;
            }
            self.table_row(columns, &cells, row.bold, top, height, pad, size, false);
            top += height;
        }
        self.y = top + 4.0;
    }

    #[allow(clippy::too_many_arguments)]
    fn table_row(
        &mut self,
        columns: &[Column],
        cells: &[Vec<String>],
        bold: bool,
        top: f32,
        height: f32,
        pad: f32,
        size: f32,
        heading: bool,
    ) {
        let width: f32 = columns.iter().map(|c| c.width).sum();
        if heading {
            self.push(Item::Shade {
                rect: (self.margin, top, width, height),
                lightness: 232,
            });
        }
        let mut x = self.margin;
        for (c, lines) in columns.iter().zip(cells) {
            if c.shaded && !heading {
                self.push(Item::Shade {
                    rect: (x, top, c.width, height),
                    lightness: 242,
                });
            }
            for (i, l) in lines.iter().enumerate() {
                let w = measure(l, size, bold);
                let tx = match c.align {
                    Align::Left => x + pad,
                    Align::Centre => x + (c.width - w) / 2.0,
                    Align::Right => x + c.width - pad - w,
                };
                let baseline = top + pad + size + i as f32 * size * LINE;
                self.text_at(tx, baseline, size, bold, false, l);
            }
            x += c.width;
        }
        self.push(Item::Line {
            x1: self.margin,
            y1: top + height,
            x2: self.margin + width,
            y2: top + height,
            width: if heading { 0.8 } else { 0.3 },
        });
    }

    /// Writes the PDF: every page, with "page n of m" and `footer` at its foot.
    pub fn finish(self, footer: &str, made: chrono::NaiveDateTime) -> Result<Vec<u8>> {
        use chrono::{Datelike, Timelike};
        let regular = Font::new(REGULAR.into(), 0).ok_or_else(|| font_error("regular"))?;
        let bold = Font::new(BOLD.into(), 0).ok_or_else(|| font_error("bold"))?;
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(format!("{} — {}", self.title, self.running_head))
                .creator("Cohort".into())
                .creation_date(
                    DateTime::new(made.year() as u16)
                        .month(made.month() as u8)
                        .day(made.day() as u8)
                        .hour(made.hour() as u8)
                        .minute(made.minute() as u8)
                        .second(made.second() as u8),
                ),
        );
        let fonts = [regular, bold];
        let total = self.pages.len();
        let settings =
            PageSettings::from_wh(self.width, self.height).ok_or_else(|| font_error("page size"))?;
        for (n, items) in self.pages.iter().enumerate() {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for item in items {
                match item {
                    Item::Text {
                        x,
                        y,
                        size,
                        bold,
                        grey,
                        text,
                    } => draw_text(&mut surface, &fonts, (*x, *y), *size, *bold, *grey, text),
                    Item::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                    } => stroke(
                        &mut surface,
                        &[(*x1, *y1), (*x2, *y2)],
                        *width,
                        luma::Color::new(60).into(),
                    ),
                    Item::Polyline { points, width } => {
                        stroke(&mut surface, points, *width, luma::Color::black().into())
                    }
                    Item::Shade {
                        rect: (x, y, w, h),
                        lightness,
                    } => {
                        let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                            continue;
                        };
                        let mut pb = PathBuilder::new();
                        pb.push_rect(rect);
                        if let Some(path) = pb.finish() {
                            surface.set_stroke(None);
                            surface.set_fill(Some(Fill {
                                paint: luma::Color::new(*lightness).into(),
                                opacity: NormalizedF32::ONE,
                                rule: Default::default(),
                            }));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            let foot = format!("{footer}   ·   page {} of {total}", n + 1);
            draw_text(
                &mut surface,
                &fonts,
                (self.margin, self.height - self.margin),
                SMALL,
                false,
                true,
                &foot,
            );
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| Error::Internal(format!("the PDF could not be written: {e:?}")))
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_text(
    surface: &mut krilla::surface::Surface<'_>,
    fonts: &[Font; 2],
    (x, y): (f32, f32),
    size: f32,
    bold: bool,
    grey: bool,
    text: &str,
) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: if grey {
            luma::Color::new(90).into()
        } else {
            luma::Color::black().into()
        },
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    let font = fonts[usize::from(bold)].clone();
    surface.draw_text(Point::from_xy(x, y), font, size, text, false, TextDirection::Auto);
}

fn stroke(
    surface: &mut krilla::surface::Surface<'_>,
    points: &[(f32, f32)],
    width: f32,
    paint: krilla::paint::Paint,
) {
    let mut pb = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(*x, *y);
        } else {
            pb.line_to(*x, *y);
        }
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint,
            width,
            ..Default::default()
        }));
        surface.draw_path(&path);
    }
}

fn font_error(what: &str) -> Error {
    Error::Internal(format!("the report's {what} could not be set up"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_with_the_fonts_it_is_set_in() {
        for t in ["10 of 10", "Attended", "present", "make-up", "29 of 34"] {
            eprintln!(
                "{t}: {} regular, {} bold",
                measure(t, SMALL, false),
                measure(t, SMALL, true)
            );
        }
        assert!(measure("Attended", SMALL, true) > measure("Attended", SMALL, false));
        assert!((measure("ab", BODY, false) - 2.0 * measure("a", BODY, false)).abs() > 0.0);
        assert_eq!(
            wrap("Ana Ruiz\ndropped out", 200.0, BODY, false),
            ["Ana Ruiz", "dropped out"]
        );
        let narrow = wrap("Mary-Kate O'Neil-Fitzgerald", 40.0, BODY, false);
        assert!(
            narrow.len() > 1
                && narrow
                    .iter()
                    .all(|l| measure(l, BODY, false) <= 40.0 || !l.contains(' '))
        );
        assert_eq!(narrow.concat().replace(' ', ""), "Mary-KateO'Neil-Fitzgerald");
    }
}
