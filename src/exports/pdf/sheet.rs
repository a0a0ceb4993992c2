//! A4 pages laid out top to bottom as SVG: headings, wrapped paragraphs, tables whose header
//! comes back on the next page, and images; text measured with the embedded Lato to wrap it.

use std::sync::LazyLock;

use crate::domain::html::escape;

/// A4 in points, the margins, and the room the footer keeps free.
pub const WIDTH: f32 = 595.28;
pub const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BOTTOM: f32 = HEIGHT - 64.0;
/// The width between the margins.
pub const CONTENT: f32 = WIDTH - 2.0 * MARGIN;
const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
const RULE: &str = "#cbd2d9";
const CELL_PAD: f32 = 4.0;

pub static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Lato-Regular.ttf");
pub static BOLD: &[u8] = include_bytes!("../../../assets/fonts/Lato-Bold.ttf");

/// The two faces, parsed once, to measure text.
static FACES: LazyLock<Option<(ttf_parser::Face<'static>, ttf_parser::Face<'static>)>> =
    LazyLock::new(|| {
        Some((ttf_parser::Face::parse(REGULAR, 0).ok()?, ttf_parser::Face::parse(BOLD, 0).ok()?))
    });

/// How a piece of text is set.
#[derive(Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub colour: &'static str,
}

pub const BODY: Style = Style { size: 10.5, bold: false, colour: INK };
pub const SMALL: Style = Style { size: 8.5, bold: false, colour: MUTED };
pub const TITLE: Style = Style { size: 22.0, bold: true, colour: INK };
pub const HEADING: Style = Style { size: 13.5, bold: true, colour: INK };
const TABLE_HEAD: Style = Style { size: 9.5, bold: true, colour: INK };
const TABLE_BODY: Style = Style { size: 9.5, bold: false, colour: INK };

impl Style {
    fn line_height(self) -> f32 {
        self.size * 1.35
    }

    /// The width of `text` in points (advances, no kerning); an estimate without the faces.
    pub fn measure(self, text: &str) -> f32 {
        let Some((regular, bold)) = FACES.as_ref() else {
            return text.chars().count() as f32 * self.size * 0.55;
        };
        let face = if self.bold { bold } else { regular };
        let units: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(face.units_per_em() / 2)
            })
            .map(u32::from)
            .sum();
        units as f32 * self.size / f32::from(face.units_per_em())
    }

    /// `text` in lines no wider than `width`; a word too long for a line is cut.
    pub fn wrap(self, text: &str, width: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if self.measure(&candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                if !line.is_empty() && self.measure(&format!("{line}{c}")) > width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// A table: its columns' widths (summing to at most `CONTENT`), which are numbers (set right).
pub struct Columns<'a> {
    pub headers: &'a [String],
    pub widths: &'a [f32],
    pub numeric: &'a [bool],
}

/// The pages so far and the one being filled.
pub struct Sheet {
    pages: Vec<String>,
    body: String,
    y: f32,
}

impl Sheet {
    pub fn new() -> Sheet {
        Sheet { pages: Vec::new(), body: String::new(), y: MARGIN }
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM || self.y <= MARGIN {
            return false;
        }
        self.pages.push(std::mem::take(&mut self.body));
        self.y = MARGIN;
        true
    }

    pub fn space(&mut self, points: f32) {
        self.y += points;
    }

    fn text_at(&mut self, x: f32, baseline: f32, style: Style, text: &str, end: bool) {
        self.body.push_str(&format!(
            "<text x=\"{x:.2}\" y=\"{baseline:.2}\" font-family=\"Lato\" font-size=\"{}\" font-weight=\"{}\" \
             fill=\"{}\"{}>{}</text>",
            style.size,
            if style.bold { 700 } else { 400 },
            style.colour,
            if end { " text-anchor=\"end\"" } else { "" },
            escape(text)
        ));
    }

    /// A paragraph over the content's width; a heading is kept with `keep` points after it.
    pub fn paragraph(&mut self, style: Style, text: &str, keep: f32) {
        let lines = style.wrap(text, CONTENT);
        self.ensure(lines.len() as f32 * style.line_height() + keep);
        for line in lines {
            self.y += style.line_height();
            let baseline = self.y - style.line_height() + style.size;
            self.text_at(MARGIN, baseline, style, &line, false);
        }
    }

    fn rule(&mut self, y: f32, width: f32, colour: &str) {
        self.body.push_str(&format!(
            "<line x1=\"{MARGIN}\" y1=\"{y:.2}\" x2=\"{:.2}\" y2=\"{y:.2}\" stroke=\"{colour}\" stroke-width=\"{width}\"/>",
            MARGIN + CONTENT
        ));
    }

    /// One row of cells, each wrapped in its column, and the row's height.
    fn layout<S: AsRef<str>>(columns: &Columns, cells: &[S], style: Style) -> (Vec<Vec<String>>, f32) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(columns.widths)
            .map(|(cell, width)| style.wrap(cell.as_ref(), width - 2.0 * CELL_PAD))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32;
        (wrapped, lines * style.line_height() + 2.0 * CELL_PAD)
    }

    fn draw_row(&mut self, columns: &Columns, wrapped: &[Vec<String>], style: Style, height: f32) {
        let mut x = MARGIN;
        for ((cell, width), numeric) in wrapped.iter().zip(columns.widths).zip(columns.numeric) {
            for (i, line) in cell.iter().enumerate() {
                let baseline = self.y + CELL_PAD + i as f32 * style.line_height() + style.size;
                let at = if *numeric { x + width - CELL_PAD } else { x + CELL_PAD };
                self.text_at(at, baseline, style, line, *numeric);
            }
            x += width;
        }
        self.y += height;
    }

    /// A table with a caption; its header row comes back at the top of every further page.
    pub fn table(&mut self, caption: &str, columns: &Columns, rows: &[Vec<String>]) {
        // The caption stays with the header and the first row.
        let first = rows.first().map_or(0.0, |row| Self::layout(columns, row, TABLE_BODY).1);
        let keep = 4.0 + Self::layout(columns, columns.headers, TABLE_HEAD).1 + first;
        self.paragraph(HEADING, caption, keep);
        self.space(4.0);
        self.head(columns);
        for row in rows {
            let (wrapped, height) = Self::layout(columns, row, TABLE_BODY);
            if self.ensure(height) {
                self.head(columns);
            }
            self.draw_row(columns, &wrapped, TABLE_BODY, height);
            self.rule(self.y, 0.5, RULE);
        }
    }

    fn head(&mut self, columns: &Columns) {
        let (wrapped, height) = Self::layout(columns, columns.headers, TABLE_HEAD);
        self.ensure(height);
        self.draw_row(columns, &wrapped, TABLE_HEAD, height);
        self.rule(self.y, 1.2, INK);
    }

    /// An SVG drawing (its own `viewBox`) scaled to the content's width at `aspect` (h / w).
    pub fn image(&mut self, svg: &str, aspect: f32) {
        let height = CONTENT * aspect;
        self.ensure(height);
        let placed =
            format!("<svg x=\"{MARGIN}\" y=\"{:.2}\" width=\"{CONTENT:.2}\" height=\"{height:.2}\" ", self.y);
        self.body.push_str(&svg.replacen("<svg ", &placed, 1));
        self.y += height;
    }

    /// Every page as an SVG document, each with the footer `footer(page, pages)` gives.
    pub fn finish(mut self, footer: impl Fn(usize, usize) -> (String, String)) -> Vec<String> {
        self.pages.push(std::mem::take(&mut self.body));
        let total = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        pages
            .into_iter()
            .enumerate()
            .map(|(i, body)| {
                let (left, right) = footer(i + 1, total);
                let mut page = Sheet { pages: Vec::new(), body, y: 0.0 };
                page.rule(BOTTOM + 14.0, 0.5, RULE);
                page.text_at(MARGIN, BOTTOM + 28.0, SMALL, &left, false);
                page.text_at(MARGIN + CONTENT, BOTTOM + 28.0, SMALL, &right, true);
                format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
                     viewBox=\"0 0 {WIDTH} {HEIGHT}\">{}</svg>",
                    page.body
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_within_its_width_and_a_word_too_long_is_cut() {
        let lines = BODY.wrap("Bij dit tempo is de werkvoorraad over ongeveer twaalf weken weg.", 120.0);
        assert!(lines.len() > 1 && lines.iter().all(|l| BODY.measure(l) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Bij dit tempo is de werkvoorraad over ongeveer twaalf weken weg.");
        let long = BODY.wrap(&"x".repeat(400), 100.0);
        assert!(long.len() > 3 && long.iter().all(|l| BODY.measure(l) <= 100.0));
        assert_eq!(BODY.wrap("", 100.0), vec![String::new()]);
        assert!(BODY.measure("WWW") > BODY.measure("iii"), "measured with the font, not counted");
    }

    #[test]
    fn a_long_table_goes_on_over_pages_with_its_header_on_each() {
        let mut sheet = Sheet::new();
        let headers = ["Aanbieder".to_owned(), "Verlopen".to_owned()];
        let columns = Columns { headers: &headers, widths: &[300.0, 100.0], numeric: &[false, true] };
        let rows: Vec<Vec<String>> =
            (0..120).map(|i| vec![format!("Aanbieder <{i}> & co"), i.to_string()]).collect();
        sheet.table("Declaratierisico", &columns, &rows);
        let pages = sheet.finish(|page, pages| (String::new(), format!("pagina {page} van {pages}")));
        assert!(pages.len() >= 3, "{}", pages.len());
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(">Aanbieder</text>"), "the header on page {}", i + 1);
            assert!(page.contains(&format!("pagina {} van {}", i + 1, pages.len())));
        }
        assert!(pages.concat().contains("Aanbieder &lt;119&gt; &amp; co"), "every row, escaped");
    }
}
