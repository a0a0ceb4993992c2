//! Stacked bar charts over categories (months, age buckets): each bar a stack of coloured
//! segments that may link into the queue, one bar optionally marked with a note.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    axis_style, categories, category_builder, draw_axes, draw_legend, draw_x_labels, failed, finish,
    headroom, DrawResult, Link, Size,
};

pub struct Segment {
    pub value: u64,
    pub colour: RGBColor,
    pub href: Option<String>,
    /// The accessible name of the link (`maart 2025: 23 open zaken`).
    pub label: String,
}

pub struct BarSpec<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    pub labels: Vec<String>,
    pub stacks: Vec<Vec<Segment>>,
    pub legend: Vec<(&'a str, RGBColor)>,
    /// A bar to mark, with the note written above it.
    pub marker: Option<(usize, String)>,
}

pub fn draw(spec: &BarSpec, size: Size) -> DrawResult<String> {
    let mut svg = String::new();
    let links = {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        plot(&root, spec, size)?
    };
    Ok(finish(svg, size, spec.title, spec.description, &links))
}

fn plot(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    spec: &BarSpec,
    size: Size,
) -> DrawResult<Vec<Link>> {
    let tallest = spec.stacks.iter().map(|s| s.iter().map(|seg| seg.value).sum::<u64>()).max().unwrap_or(0);
    let top = headroom(tallest as f64);
    let mut chart = category_builder(root, size, if spec.legend.is_empty() { 16 } else { 36 }, 16)
        .build_cartesian_2d(categories(spec.stacks.len()), 0f64..top)
        .map_err(failed)?;
    draw_axes(&mut chart, size, top, spec.x_desc, spec.y_desc)?;
    let mut links = Vec::new();
    for (i, stack) in spec.stacks.iter().enumerate() {
        let x = i as f64;
        let mut base = 0.0;
        for segment in stack.iter().filter(|s| s.value > 0) {
            let corners = [(x - 0.36, base), (x + 0.36, base + segment.value as f64)];
            chart
                .draw_series(std::iter::once(Rectangle::new(corners, segment.colour.filled())))
                .map_err(failed)?;
            if let Some(href) = &segment.href {
                let (x0, y0) = chart.backend_coord(&corners[0]);
                let (x1, y1) = chart.backend_coord(&corners[1]);
                links.push(Link { rect: (x0, y0, x1, y1), href: href.clone(), label: segment.label.clone() });
            }
            base += segment.value as f64;
        }
    }
    let centres: Vec<(i32, i32)> =
        (0..spec.stacks.len()).map(|i| chart.backend_coord(&(i as f64, 0.0))).collect();
    draw_x_labels(root, &centres, &spec.labels, size)?;
    draw_legend(root, &spec.legend, size)?;
    if let Some((index, note)) = &spec.marker {
        let height: u64 = spec.stacks.get(*index).map_or(0, |s| s.iter().map(|seg| seg.value).sum());
        let (x, y) = chart.backend_coord(&(*index as f64, height as f64));
        let style = axis_style(size).pos(Pos::new(HPos::Left, VPos::Bottom));
        root.draw(&Text::new(format!("▼ {note}"), (x - size.font() as i32 / 2, y - 4), style))
            .map_err(failed)?;
    }
    Ok(links)
}
