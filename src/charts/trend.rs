//! The backlog across snapshots: open and not yet picked up on each snapshot's as-of date,
//! as two lines with points, so that the team lead sees whether the queue shrinks.

use plotters::prelude::*;

use super::{
    both, categories, category_builder, draw_axes, draw_legend, draw_x_labels, failed, finish, headroom,
    DrawResult, Size,
};
use super::{BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::dates::{local_date, local_month, short_date};
use crate::domain::figures::TrendPoint;
use crate::i18n::{t, t_count, Locale};

pub fn chart(points: &[TrendPoint], locale: Locale) -> Chart {
    let title = t(locale, "trend-title");
    let description = t_count(locale, "trend-description", points.len() as u64, &[]);
    let (svg_wide, svg_narrow) = both(|size| draw(points, size, &title, &description, locale));
    Chart {
        id: "verloop".into(),
        title,
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: ["chart-axis-as-of", "trend-open", "trend-unassigned", "status-oldest-unassigned"]
                .map(|key| t(locale, key))
                .to_vec(),
            rows: points
                .iter()
                .map(|p| {
                    let oldest = p
                        .oldest_unassigned_month
                        .as_deref()
                        .map_or("–".to_owned(), |m| local_month(m, locale));
                    vec![local_date(&p.as_of, locale), p.open.to_string(), p.unassigned.to_string(), oldest]
                })
                .collect(),
            links: vec![None; points.len()],
        },
    }
}

fn draw(
    points: &[TrendPoint],
    size: Size,
    title: &str,
    description: &str,
    locale: Locale,
) -> DrawResult<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let top = headroom(points.iter().map(|p| p.open).max().unwrap_or(0) as f64);
        let mut chart = category_builder(&root, size, 36, 24)
            .build_cartesian_2d(categories(points.len()), 0f64..top)
            .map_err(failed)?;
        draw_axes(&mut chart, size, top, &t(locale, "chart-axis-as-of"), &t(locale, "chart-axis-cases"))?;
        for (colour, value) in [(BLUE, 0usize), (VERMILLION, 1)] {
            let series = points
                .iter()
                .enumerate()
                .map(|(i, p)| (i as f64, if value == 0 { p.open } else { p.unassigned } as f64));
            chart.draw_series(LineSeries::new(series.clone(), colour.stroke_width(3))).map_err(failed)?;
            chart.draw_series(series.map(|c| Circle::new(c, 5, colour.filled()))).map_err(failed)?;
        }
        let centres: Vec<(i32, i32)> =
            (0..points.len()).map(|i| chart.backend_coord(&(i as f64, 0.0))).collect();
        let labels: Vec<String> = points.iter().map(|p| short_date(&p.as_of, locale)).collect();
        draw_x_labels(&root, &centres, &labels, size)?;
        let (open, unassigned) = (t(locale, "trend-open"), t(locale, "trend-unassigned"));
        draw_legend(&root, &[(open.as_str(), BLUE), (unassigned.as_str(), VERMILLION)], size)?;
    }
    Ok(finish(svg, size, title, description, &[]))
}
