//! The cumulative flow across the snapshots: how many cases had arrived, been picked up and been
//! decided by each as-of date, as bands; a band that widens is work that piles up.

use plotters::prelude::*;

use super::{
    both, categories, category_builder, draw_axes, draw_legend, draw_x_labels, failed, finish, headroom,
    DrawResult, Size,
};
use super::{BLUE, GREEN, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::dates::{local_date, short_date};
use crate::domain::flow::CfdPoint;
use crate::i18n::{t, t_with, Locale};

/// One of a point's counts.
type Count = fn(&CfdPoint) -> u64;

pub fn chart(points: &[CfdPoint], locale: Locale) -> Chart {
    let title = t(locale, "chart-cfd-title");
    let description = t_with(locale, "chart-cfd-description", &[("count", points.len().into())]);
    let (svg_wide, svg_narrow) = both(|size| draw(points, size, &title, &description, locale));
    let rows = points
        .iter()
        .map(|p| {
            vec![
                local_date(&p.as_of, locale),
                p.arrived.to_string(),
                p.picked_up.to_string(),
                p.decided.to_string(),
                p.arrived.saturating_sub(p.decided).to_string(),
            ]
        })
        .collect();
    Chart {
        id: "doorstroom".into(),
        title,
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: [
                "chart-axis-as-of",
                "chart-arrived",
                "chart-picked-up",
                "chart-decided",
                "chart-undecided",
            ]
            .map(|key| t(locale, key))
            .to_vec(),
            rows,
            links: vec![None; points.len()],
        },
    }
}

fn draw(
    points: &[CfdPoint],
    size: Size,
    title: &str,
    description: &str,
    locale: Locale,
) -> DrawResult<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let top = headroom(
            points.iter().map(|p| p.arrived.max(p.picked_up).max(p.decided)).max().unwrap_or(0) as f64,
        );
        let mut chart = category_builder(&root, size, 36, 24)
            .build_cartesian_2d(categories(points.len()), 0f64..top)
            .map_err(failed)?;
        draw_axes(
            &mut chart,
            size,
            top,
            &t(locale, "chart-axis-as-of"),
            &t(locale, "chart-axis-cumulative"),
        )?;
        let bands: [(RGBColor, Count); 3] =
            [(VERMILLION, |p| p.arrived), (BLUE, |p| p.picked_up), (GREEN, |p| p.decided)];
        for (colour, value) in bands {
            let series: Vec<(f64, f64)> =
                points.iter().enumerate().map(|(i, p)| (i as f64, value(p) as f64)).collect();
            chart
                .draw_series(
                    AreaSeries::new(series.clone(), 0.0, tint(colour)).border_style(colour.stroke_width(3)),
                )
                .map_err(failed)?;
            chart
                .draw_series(series.into_iter().map(|c| Circle::new(c, 4, colour.filled())))
                .map_err(failed)?;
        }
        let centres: Vec<(i32, i32)> =
            (0..points.len()).map(|i| chart.backend_coord(&(i as f64, 0.0))).collect();
        let labels: Vec<String> = points.iter().map(|p| short_date(&p.as_of, locale)).collect();
        draw_x_labels(&root, &centres, &labels, size)?;
        let names = ["chart-arrived", "chart-picked-up", "chart-decided"].map(|key| t(locale, key));
        let legend: Vec<(&str, RGBColor)> =
            names.iter().map(String::as_str).zip([VERMILLION, BLUE, GREEN]).collect();
        draw_legend(&root, &legend, size)?;
    }
    Ok(finish(svg, size, title, description, &[]))
}

/// A light, opaque version of `colour` for a band: each band covers the one drawn before it.
fn tint(colour: RGBColor) -> RGBColor {
    let light = |c: u8| 255 - (255 - c) / 4;
    RGBColor(light(colour.0), light(colour.1), light(colour.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_snapshot_with_what_is_not_yet_decided() {
        let points = [
            CfdPoint { as_of: "2025-06-12".into(), arrived: 5, picked_up: 3, decided: 1 },
            CfdPoint { as_of: "2025-06-19".into(), arrived: 7, picked_up: 5, decided: 2 },
        ];
        let chart = chart(&points, Locale::Nl);
        assert_eq!(chart.table.rows[1], ["19-06-2025", "7", "5", "2", "5"]);
        assert!(chart.svg_wide.contains("<title>Cumulatieve doorstroom per momentopname</title>"));
        let english = super::chart(&points, Locale::En);
        assert_eq!(english.table.rows[1][0], "19 Jun 2025");
        assert!(english.svg_wide.contains("<title>Cumulative flow per snapshot</title>"));
        assert!(chart.svg_narrow.contains("viewBox=\"0 0 360 320\""));
    }
}
