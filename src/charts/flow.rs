//! Weekly inflow and outflow over the last 26 full weeks as paired bars, with the number of
//! open cases at each week's end as a line on its own axis (right).

use plotters::prelude::*;

use super::{
    axis_style, both, categories, category_builder, draw_axes, draw_legend, draw_x_labels, failed, finish,
    headroom, DrawResult, Size,
};
use super::{BLUE, GREEN, INK, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::figures::{Figures, WeekFlow};
use crate::i18n::{t, t_with, Locale};

pub fn chart(figures: &Figures, locale: Locale) -> Chart {
    let weeks = &figures.flow_by_week;
    let title = t(locale, "chart-flow-title");
    let description = t_with(locale, "chart-flow-description", &[("weeks", weeks.len().into())]);
    let (svg_wide, svg_narrow) = both(|size| draw(weeks, size, &title, &description, locale));
    Chart {
        id: "instroom-uitstroom".into(),
        title,
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: ["chart-week", "chart-inflow", "chart-outflow", "chart-net", "chart-open-at-week-end"]
                .map(|key| t(locale, key))
                .to_vec(),
            rows: weeks
                .iter()
                .map(|w| {
                    vec![
                        w.week.clone(),
                        w.inflow.to_string(),
                        w.outflow.to_string(),
                        w.net.to_string(),
                        w.open_end.to_string(),
                    ]
                })
                .collect(),
            links: vec![None; weeks.len()],
        },
    }
}

fn draw(
    weeks: &[WeekFlow],
    size: Size,
    title: &str,
    description: &str,
    locale: Locale,
) -> DrawResult<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let bars = headroom(weeks.iter().map(|w| w.inflow.max(w.outflow)).max().unwrap_or(0) as f64);
        let open = headroom(weeks.iter().map(|w| w.open_end).max().unwrap_or(0) as f64);
        let x = categories(weeks.len());
        let mut chart = category_builder(&root, size, 36, 8)
            .right_y_label_area_size(size.font() * 4)
            .build_cartesian_2d(x.clone(), 0f64..bars)
            .map_err(failed)?
            .set_secondary_coord(x, 0f64..open);
        draw_axes(&mut chart, size, bars, &t(locale, "chart-week"), &t(locale, "chart-axis-cases-per-week"))?;
        chart
            .configure_secondary_axes()
            .y_labels((open as usize).min(6))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_desc(t(locale, "status-open"))
            .axis_desc_style(axis_style(size))
            .label_style(axis_style(size))
            .axis_style(INK)
            .draw()
            .map_err(failed)?;
        for (i, week) in weeks.iter().enumerate() {
            let x = i as f64;
            let pair = [((x - 0.4, x), week.inflow, BLUE), ((x, x + 0.4), week.outflow, GREEN)];
            for ((from, to), value, colour) in pair {
                let rect = Rectangle::new([(from, 0.0), (to, value as f64)], colour.filled());
                chart.draw_series(std::iter::once(rect)).map_err(failed)?;
            }
        }
        let line = weeks.iter().enumerate().map(|(i, w)| (i as f64, w.open_end as f64));
        chart.draw_secondary_series(LineSeries::new(line, VERMILLION.stroke_width(3))).map_err(failed)?;
        let centres: Vec<(i32, i32)> =
            (0..weeks.len()).map(|i| chart.backend_coord(&(i as f64, 0.0))).collect();
        let labels: Vec<String> = weeks
            .iter()
            .map(|w| w.week.split_once('-').map_or(w.week.clone(), |(_, wk)| wk.to_owned()))
            .collect();
        draw_x_labels(&root, &centres, &labels, size)?;
        let names = ["chart-inflow", "chart-outflow", "trend-open"].map(|key| t(locale, key));
        let colours = [BLUE, GREEN, VERMILLION];
        let legend: Vec<(&str, RGBColor)> = names.iter().map(String::as_str).zip(colours).collect();
        draw_legend(&root, &legend, size)?;
    }
    Ok(finish(svg, size, title, description, &[]))
}
