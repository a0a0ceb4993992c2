//! Charts as pure functions `figures → SVG` with plotters' SVG backend, drawn on the server:
//! shared sizes, the colour-blind-safe palette, bar drawing, and the finishing touches.

pub mod age_buckets;
pub mod aging;
pub mod bars;
pub mod cfd;
pub mod flow;
pub mod open_by_month;
pub mod risk;
pub mod trend;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe–Ito colours with at least 3:1 contrast on white (WCAG 1.4.11).
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
pub const INK: RGBColor = RGBColor(31, 41, 51);
const GRID: RGBColor = RGBColor(221, 226, 231);

/// The two renderings of every chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// Desktop, shown from 640 px wide.
    Wide,
    /// Phones: drawn at 360 px so that text keeps its size at 375 px.
    Narrow,
}

impl Size {
    pub fn pixels(self) -> (u32, u32) {
        match self {
            Size::Wide => (760, 360),
            Size::Narrow => (360, 320),
        }
    }

    pub fn font(self) -> u32 {
        match self {
            Size::Wide => 15,
            Size::Narrow => 13,
        }
    }

    /// At most this many category labels fit under the x axis.
    pub fn max_labels(self) -> usize {
        match self {
            Size::Wide => 14,
            Size::Narrow => 6,
        }
    }
}

pub type DrawResult<T> = Result<T, String>;

/// A chart's plotting area with numeric axes, as every chart here builds it.
pub type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

pub(crate) fn failed<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

/// A clickable region of the chart: pixel rectangle, target and accessible name.
pub struct Link {
    pub rect: (i32, i32, i32, i32),
    pub href: String,
    pub label: String,
}

use crate::domain::html::escape;

/// Makes plotters' SVG scalable (viewBox), names it (`<title>`, `<desc>`, role img) and lays
/// the links over the bars.
pub fn finish(svg: String, size: Size, title: &str, description: &str, links: &[Link]) -> String {
    let (w, h) = size.pixels();
    let Some(start) = svg.find("<svg") else { return svg };
    let Some(end) = svg[start..].find('>').map(|e| start + e + 1) else { return svg };
    // An image with links inside is a group: its links stay reachable for assistive technology.
    let role = if links.is_empty() { "img" } else { "group" };
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"{role}\" \
         aria-label=\"{}\" preserveAspectRatio=\"xMidYMid meet\" class=\"chart-svg\">\
         <title>{}</title><desc>{}</desc>",
        escape(title),
        escape(title),
        escape(description)
    );
    let body = svg[end..].trim_end();
    out.push_str(body.strip_suffix("</svg>").unwrap_or(body));
    for link in links {
        let (x0, y0, x1, y1) = link.rect;
        out.push_str(&format!(
            "<a href=\"{}\" aria-label=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
             fill=\"transparent\" class=\"chart-link\"><title>{}</title></rect></a>",
            escape(&link.href),
            escape(&link.label),
            x0.min(x1),
            y0.min(y1),
            (x1 - x0).abs().max(1),
            (y1 - y0).abs().max(1),
            escape(&link.label),
        ));
    }
    out.push_str("</svg>");
    out
}

/// A y-axis maximum with some headroom, never 0.
pub fn headroom(max: f64) -> f64 {
    (max * 1.12).ceil().max(4.0)
}

/// Category labels under the x axis at the bars' centres; some are skipped when crowded.
pub fn draw_x_labels(
    root: &DrawingArea<SVGBackend, Shift>,
    centres: &[(i32, i32)],
    labels: &[String],
    size: Size,
) -> DrawResult<()> {
    let step = labels.len().div_ceil(size.max_labels()).max(1);
    let style = TextStyle::from(("sans-serif", size.font()).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (index, (label, (x, y))) in labels.iter().zip(centres).enumerate() {
        if index % step == 0 {
            root.draw(&Text::new(label.clone(), (*x, y + 6), style.clone())).map_err(failed)?;
        }
    }
    Ok(())
}

/// A legend row above the plot: coloured squares with names.
pub fn draw_legend(
    root: &DrawingArea<SVGBackend, Shift>,
    entries: &[(&str, RGBColor)],
    size: Size,
) -> DrawResult<()> {
    let font = size.font() as i32;
    let mut x = 60;
    for (name, colour) in entries {
        root.draw(&Rectangle::new([(x, 8), (x + font, 8 + font)], colour.filled())).map_err(failed)?;
        let style = TextStyle::from(("sans-serif", size.font()).into_font()).color(&INK);
        root.draw(&Text::new((*name).to_owned(), (x + font + 6, 8), style)).map_err(failed)?;
        x += font + 16 + (name.chars().count() as i32 * font * 6 / 10);
    }
    Ok(())
}

/// A chart over `n` categories (x from −0.5 to n − 0.5) and values from 0 to `top`, with the
/// label areas every chart here uses.
pub fn category_builder<'a, 'b, 'c>(
    root: &'a DrawingArea<SVGBackend<'c>, Shift>,
    size: Size,
    margin_top: u32,
    margin_right: u32,
) -> ChartBuilder<'a, 'b, SVGBackend<'c>> {
    let mut builder = ChartBuilder::on(root);
    builder
        .margin_top(margin_top)
        .margin_right(margin_right)
        .x_label_area_size(size.font() * 3 + 8)
        .y_label_area_size(size.font() * 4);
    builder
}

/// The x range of `n` categories, each centred on its index.
pub fn categories(n: usize) -> std::ops::Range<f64> {
    -0.5..(n.max(1) as f64 - 0.5)
}

/// The axes every chart shares: whole numbers up the y axis, a light horizontal grid, Dutch
/// axis titles; no vertical grid and no x labels (`draw_x_labels` writes those).
pub fn draw_axes(
    chart: &mut Plot<'_, '_>,
    size: Size,
    top: f64,
    x_desc: &str,
    y_desc: &str,
) -> DrawResult<()> {
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels((top as usize).min(6))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_desc(y_desc)
        .x_desc(x_desc)
        .axis_desc_style(axis_style(size))
        .label_style(axis_style(size))
        .bold_line_style(grid())
        .light_line_style(TRANSPARENT)
        .axis_style(INK)
        .draw()
        .map_err(failed)
}

/// The common text styles of axes.
pub fn axis_style(size: Size) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size.font()).into_font()).color(&INK)
}

pub fn grid() -> ShapeStyle {
    GRID.stroke_width(1)
}

/// Draws a chart in both sizes; a drawing failure leaves a short note instead of the image.
pub fn both(draw: impl Fn(Size) -> DrawResult<String>) -> (String, String) {
    let render = |size| {
        draw(size).unwrap_or_else(|error| {
            tracing::error!(%error, "chart drawing failed");
            "<p class=\"utrecht-alert utrecht-alert--error\">Deze grafiek kon niet worden getekend; de tabel hieronder \
             toont dezelfde cijfers.</p>"
                .to_owned()
        })
    };
    (render(Size::Wide), render(Size::Narrow))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_svg_scales_names_itself_and_escapes_every_text() {
        let links =
            [Link { rect: (10, 40, 30, 20), href: "/werkvoorraad?a=1&b=2".into(), label: "<b>\"x\"".into() }];
        let raw = "<svg width=\"760\" height=\"360\" viewBox=\"0 0 760 360\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>";
        let svg = finish(raw.to_owned(), Size::Wide, "Titel & <script>", "Uitleg 'x'", &links);
        assert!(svg
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 360\" role=\"group\""));
        assert!(svg.contains("<title>Titel &amp; &lt;script&gt;</title><desc>Uitleg &#39;x&#39;</desc>"));
        assert!(svg.contains("href=\"/werkvoorraad?a=1&amp;b=2\" aria-label=\"&lt;b&gt;&quot;x&quot;\""));
        assert!(svg.contains("<rect x=\"10\" y=\"20\" width=\"20\" height=\"20\""));
        assert!(!svg.contains("width=\"760\""));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn names_from_files_are_escaped_by_plotters_too() {
        let points = [crate::domain::figures::TrendPoint {
            as_of: "<script>".into(),
            open: 1,
            unassigned: 0,
            oldest_unassigned_month: None,
        }];
        let chart = trend::chart(&points, crate::i18n::Locale::Nl);
        assert!(!chart.svg_wide.contains("<script>") && !chart.svg_narrow.contains("<script>"));
        assert!(chart.svg_wide.contains("<title>"));
    }
}
