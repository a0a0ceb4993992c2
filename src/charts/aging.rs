//! Ageing work in progress: each open case as a dot by stage against its age, with the lines of
//! 50, 70, 85 and 95 % of recent lead times, so that a dot above the 85 % line is visibly late.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    both, categories, category_builder, draw_axes, draw_legend, draw_x_labels, failed, finish, headroom,
    DrawResult, Link, Plot, Size,
};
use super::{BLUE, INK, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::filters::encode;
use crate::domain::flow::{AgingDot, LeadTimes, Stage, StageAge};
use crate::i18n::{t, t_with, Locale};

/// What the chart draws: the dots, the lead times and the counts per stage.
pub struct Aging<'a> {
    pub dots: &'a [AgingDot],
    pub lead_times: &'a LeadTimes,
    pub stages: &'a [StageAge],
    /// At most this many dots per stage (the oldest).
    pub limit: usize,
    /// The looker is a consultant whose own cases are marked.
    pub marking: bool,
    pub locale: Locale,
}

pub fn chart(aging: &Aging) -> Chart {
    let locale = aging.locale;
    let (title, description) = (t(locale, "chart-aging-title"), describe(aging));
    let (svg_wide, svg_narrow) = both(|size| draw(aging, size, &title, &description));
    let mut headers: Vec<String> =
        ["chart-case", "chart-stage", "chart-age-days", "chart-above-p85"].map(|key| t(locale, key)).to_vec();
    if aging.marking {
        headers.push(t(locale, "chart-your-case"));
    }
    let p85 = aging.lead_times.p85;
    let (yes, no) = (t(locale, "yes"), t(locale, "no"));
    let rows = aging
        .dots
        .iter()
        .map(|dot| {
            let late = if is_late(dot, p85) { yes.clone() } else { no.clone() };
            let mut row = vec![dot.case_id.clone(), dot.stage.name(locale), dot.age_days.to_string(), late];
            if aging.marking {
                row.push(if dot.mine { yes.clone() } else { String::new() });
            }
            row
        })
        .collect();
    Chart {
        id: "veroudering".into(),
        title,
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers,
            rows,
            links: aging.dots.iter().map(|dot| Some(case_link(dot))).collect(),
        },
    }
}

fn describe(aging: &Aging) -> String {
    let locale = aging.locale;
    let counts: Vec<String> = aging
        .stages
        .iter()
        .map(|s| {
            let args = [
                ("stage", s.stage.name(locale).into()),
                ("count", s.count.into()),
                ("late", s.above_p85.into()),
            ];
            t_with(locale, "chart-aging-stage", &args)
        })
        .collect();
    let lines = match aging.lead_times.p85 {
        Some(p85) => t_with(locale, "chart-aging-lines", &[("p85", p85.into())]),
        None => t(locale, "chart-aging-no-lines"),
    };
    let dots = t_with(locale, "chart-aging-dots", &[("limit", aging.limit.into())]);
    let own = if aging.marking { format!(" {}", t(locale, "chart-aging-own")) } else { String::new() };
    format!("{dots} {lines} {}.{own}", counts.join("; "))
}

fn is_late(dot: &AgingDot, p85: Option<i64>) -> bool {
    p85.is_some_and(|p85| dot.age_days > p85)
}

fn case_link(dot: &AgingDot) -> String {
    format!("/zaak/{}", encode(&dot.case_id))
}

/// Where a dot sits across its stage's column: spread by its case id, the same on every
/// rendering, so that dots of equal age stay apart.
fn spread(case_id: &str) -> f64 {
    let hash = case_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    (hash % 1000) as f64 / 1000.0 * 0.7 - 0.35
}

fn stage_index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or_default()
}

fn axis_label(stage: Stage, size: Size, locale: Locale) -> String {
    match (stage, size) {
        (Stage::Ready, Size::Narrow) => t(locale, "chart-stage-ready-narrow"),
        (Stage::Ready, Size::Wide) => t(locale, "chart-stage-ready-wide"),
        (stage, _) => {
            let name = stage.name(locale);
            let first = name.chars().next().map_or(0, char::len_utf8);
            name[..first].to_uppercase() + &name[first..]
        }
    }
}

fn draw(aging: &Aging, size: Size, title: &str, description: &str) -> DrawResult<String> {
    let locale = aging.locale;
    let lead = aging.lead_times;
    let lines = [(50, lead.p50), (70, lead.p70), (85, lead.p85), (95, lead.p95)];
    let oldest = aging.dots.iter().map(|d| d.age_days).chain(lines.iter().filter_map(|l| l.1)).max();
    let mut svg = String::new();
    let links;
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let top = headroom(oldest.unwrap_or(0) as f64);
        let mut chart = category_builder(&root, size, 36, size.font() * 4)
            .build_cartesian_2d(categories(Stage::ALL.len()), 0f64..top)
            .map_err(failed)?;
        draw_axes(&mut chart, size, top, &t(locale, "chart-stage"), &t(locale, "chart-axis-age-days"))?;
        draw_lines(&mut chart, &root, &lines, size)?;
        links = draw_dots(&mut chart, aging)?;
        let centres: Vec<(i32, i32)> =
            (0..Stage::ALL.len()).map(|i| chart.backend_coord(&(i as f64, 0.0))).collect();
        let labels: Vec<String> = Stage::ALL.iter().map(|s| axis_label(*s, size, locale)).collect();
        draw_x_labels(&root, &centres, &labels, size)?;
        let mut names = vec![(t(locale, "chart-on-time"), BLUE), (t(locale, "chart-late"), VERMILLION)];
        if aging.marking {
            names.push((t(locale, "chart-your-case"), INK));
        }
        let legend: Vec<(&str, RGBColor)> =
            names.iter().map(|(name, colour)| (name.as_str(), *colour)).collect();
        draw_legend(&root, &legend, size)?;
    }
    Ok(finish(svg, size, title, description, &links))
}

/// The percentile lines across the stages, each named at its right end; the 85 % line stands out.
fn draw_lines(
    chart: &mut Plot<'_, '_>,
    root: &DrawingArea<SVGBackend, Shift>,
    lines: &[(u32, Option<i64>)],
    size: Size,
) -> DrawResult<()> {
    let style = TextStyle::from(("sans-serif", size.font()).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (pct, days) in lines {
        let Some(days) = days else { continue };
        let (colour, width) = if *pct == 85 { (VERMILLION, 2) } else { (INK, 1) };
        let line = [(-0.5, *days as f64), (2.5, *days as f64)];
        chart.draw_series(DashedLineSeries::new(line, 6, 4, colour.stroke_width(width))).map_err(failed)?;
        let (x, y) = chart.backend_coord(&(2.5, *days as f64));
        root.draw(&Text::new(format!("{pct}%"), (x + 4, y), style.clone())).map_err(failed)?;
    }
    Ok(())
}

/// The dots, late ones in vermillion and the looker's own ringed; each a link to its case.
fn draw_dots(chart: &mut Plot<'_, '_>, aging: &Aging) -> DrawResult<Vec<Link>> {
    let mut links = Vec::with_capacity(aging.dots.len());
    for dot in aging.dots {
        let at = (stage_index(dot.stage) as f64 + spread(&dot.case_id), dot.age_days as f64);
        let colour = if is_late(dot, aging.lead_times.p85) { VERMILLION } else { BLUE };
        chart.draw_series(std::iter::once(Circle::new(at, 4, colour.filled()))).map_err(failed)?;
        if dot.mine {
            chart.draw_series(std::iter::once(Circle::new(at, 7, INK.stroke_width(2)))).map_err(failed)?;
        }
        let (x, y) = chart.backend_coord(&at);
        links.push(Link {
            rect: (x - 5, y - 5, x + 5, y + 5),
            href: case_link(dot),
            label: t_with(
                aging.locale,
                "chart-aging-dot",
                &[
                    ("case", dot.case_id.clone().into()),
                    ("stage", dot.stage.name(aging.locale).into()),
                    ("days", dot.age_days.into()),
                ],
            ),
        });
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(id: &str, stage: Stage, age_days: i64, mine: bool) -> AgingDot {
        AgingDot { case_id: id.into(), stage, age_days, mine }
    }

    #[test]
    fn each_dot_links_to_its_case_and_the_table_says_which_are_late_and_whose() {
        let dots = [dot("Z/1", Stage::Unassigned, 90, false), dot("Z2", Stage::InProgress, 20, true)];
        let lead_times = LeadTimes { p50: Some(10), p70: Some(20), p85: Some(30), p95: Some(60) };
        let stages = [StageAge { stage: Stage::Unassigned, count: 1, above_p85: 1 }];
        let chart = chart(&Aging {
            dots: &dots,
            lead_times: &lead_times,
            stages: &stages,
            limit: 5,
            marking: true,
            locale: Locale::Nl,
        });
        assert!(chart
            .svg_wide
            .contains("href=\"/zaak/Z%2F1\" aria-label=\"Zaak Z/1: niet opgepakt, 90 dagen oud\""));
        assert!(chart.svg_narrow.contains("href=\"/zaak/Z2\""));
        assert_eq!(chart.table.rows[0], ["Z/1", "niet opgepakt", "90", "ja", ""]);
        assert_eq!(chart.table.rows[1], ["Z2", "in behandeling", "20", "nee", "ja"]);
        assert_eq!(chart.table.links[0].as_deref(), Some("/zaak/Z%2F1"));
        assert!(chart.description.contains("85%: 30 dagen"));
        assert!(chart.svg_wide.contains(">\n85%\n</text>"));
    }

    #[test]
    fn without_recent_decisions_there_are_no_lines_and_no_dot_is_late() {
        let dots = [dot("A", Stage::Ready, 400, false)];
        let chart = chart(&Aging {
            dots: &dots,
            lead_times: &LeadTimes::default(),
            stages: &[],
            limit: 5,
            marking: false,
            locale: Locale::En,
        });
        assert_eq!(chart.table.rows[0], ["A", "ready for assessment on paper", "400", "no"]);
        assert!(chart.description.contains("no lines"), "{}", chart.description);
        assert!(!chart.svg_wide.contains(">\n85%\n</text>"));
    }
}
