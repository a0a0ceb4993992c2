//! The backlog across snapshots: open and not yet picked up on each snapshot's as-of date,
//! as two lines with points, so that the team lead sees whether the queue shrinks.

use plotters::prelude::*;

use super::{
    both, categories, category_builder, draw_axes, draw_legend, draw_x_labels, failed, finish, headroom,
    DrawResult, Size,
};
use super::{BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::figures::TrendPoint;
use crate::domain::report::{dutch_date, month_name};

const TITLE: &str = "Verloop van de werkvoorraad per momentopname";

pub fn chart(points: &[TrendPoint]) -> Chart {
    let description = format!(
        "Lijndiagram over {} momentopnamen: open zaken (blauw) en zaken die nog niet zijn opgepakt \
         (oranje) op de peildatum van elke momentopname.",
        points.len()
    );
    let (svg_wide, svg_narrow) = both(|size| draw(points, size, &description));
    Chart {
        id: "verloop".into(),
        title: TITLE.into(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: ["Peildatum", "Open", "Niet opgepakt", "Oudste maand niet opgepakt"]
                .map(String::from)
                .to_vec(),
            rows: points
                .iter()
                .map(|p| {
                    let oldest = p.oldest_unassigned_month.as_deref().map_or("–".to_owned(), month_name);
                    vec![dutch_date(&p.as_of), p.open.to_string(), p.unassigned.to_string(), oldest]
                })
                .collect(),
            links: vec![None; points.len()],
        },
    }
}

fn draw(points: &[TrendPoint], size: Size, description: &str) -> DrawResult<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let top = headroom(points.iter().map(|p| p.open).max().unwrap_or(0) as f64);
        let mut chart = category_builder(&root, size, 36, 24)
            .build_cartesian_2d(categories(points.len()), 0f64..top)
            .map_err(failed)?;
        draw_axes(&mut chart, size, top, "Peildatum", "Zaken")?;
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
        let labels: Vec<String> =
            points.iter().map(|p| dutch_date(&p.as_of).get(..5).unwrap_or_default().to_owned()).collect();
        draw_x_labels(&root, &centres, &labels, size)?;
        draw_legend(&root, &[("Open", BLUE), ("Niet opgepakt", VERMILLION)], size)?;
    }
    Ok(finish(svg, size, TITLE, description, &[]))
}
