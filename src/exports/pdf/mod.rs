//! Stand van zaken as a PDF on A4, made on the server: the report's figures, forecast, trend
//! chart and risk per organisation laid out as SVG pages and written with embedded fonts (krilla).

mod sheet;

use std::sync::Arc;

use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

use super::ExportError;
use crate::domain::report::{dutch_date, euros};
use crate::domain::status::{provider_label, StatusReport, RISK_HEADERS};
use sheet::{Columns, Sheet, BODY, CONTENT, HEADING, SMALL, TITLE};

pub const TITLE_TEXT: &str = "Stand van zaken";

/// The PDF of `report`, made on `made_on` (ISO date, for the footer).
pub fn status(report: &StatusReport, made_on: &str) -> Result<Vec<u8>, ExportError> {
    let mut sheet = Sheet::new();
    sheet.paragraph(TITLE, TITLE_TEXT, 0.0);
    sheet.paragraph(SMALL, "Werkvoorraad herindicaties Beschermd Wonen & Opvang", 0.0);
    sheet.space(10.0);
    sheet.paragraph(BODY, &report.as_of_sentence(), 0.0);
    sheet.space(14.0);
    let figures: Vec<Vec<String>> =
        report.key_figures().into_iter().map(|(label, value)| vec![label.to_owned(), value]).collect();
    let columns = Columns {
        headers: &["Kerncijfer", "Waarde"],
        widths: &[CONTENT - 150.0, 150.0],
        numeric: &[false, true],
    };
    sheet.table("Kerncijfers", &columns, &figures);
    sheet.space(18.0);
    sheet.paragraph(HEADING, "Wanneer is de achterstand weg?", 40.0);
    sheet.space(4.0);
    sheet.paragraph(BODY, &report.forecast(), 0.0);
    sheet.space(18.0);
    trend(&mut sheet, report);
    if !report.risk.is_empty() {
        sheet.space(18.0);
        risk(&mut sheet, report);
    }
    let as_of = dutch_date(&report.figures.as_of);
    let pages = sheet.finish(|page, pages| {
        (
            format!("werkvoorraad · {TITLE_TEXT} · peildatum {as_of}"),
            format!("Gemaakt op {} · pagina {page} van {pages}", dutch_date(made_on)),
        )
    });
    write(&pages)
}

/// The trend chart in its wide drawing, with its title and what it shows.
fn trend(sheet: &mut Sheet, report: &StatusReport) {
    let chart = &report.trend;
    sheet.paragraph(HEADING, &chart.title, 200.0);
    sheet.space(2.0);
    sheet.paragraph(SMALL, &chart.description, 0.0);
    sheet.space(6.0);
    if chart.svg_wide.starts_with("<svg") {
        let (w, h) = crate::charts::Size::Wide.pixels();
        sheet.image(&chart.svg_wide, h as f32 / w as f32);
    } else {
        sheet.paragraph(BODY, "Deze grafiek kon niet worden getekend.", 0.0);
    }
}

/// Declaration risk per organisation, totals only.
fn risk(sheet: &mut Sheet, report: &StatusReport) {
    let rows: Vec<Vec<String>> = report
        .risk
        .iter()
        .map(|r| {
            vec![
                provider_label(r),
                r.lapsed.to_string(),
                r.uncovered_days.to_string(),
                euros(r.exposure_eur),
                r.expiring.to_string(),
            ]
        })
        .collect();
    let columns = Columns {
        headers: &RISK_HEADERS,
        widths: &[160.0, 62.0, 100.0, 100.0, CONTENT - 422.0],
        numeric: &[false, true, true, true, true],
    };
    sheet.table("Declaratierisico per aanbieder", &columns, &rows);
}

/// The SVG pages as one PDF, text kept as text in the embedded Lato.
fn write(pages: &[String]) -> Result<Vec<u8>, ExportError> {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(sheet::REGULAR.to_vec());
    fonts.load_font_data(sheet::BOLD.to_vec());
    fonts.set_sans_serif_family("Lato");
    let options = usvg::Options { fontdb: Arc::new(fonts), ..Default::default() };
    let size = Size::from_wh(sheet::WIDTH, sheet::HEIGHT).ok_or_else(|| ExportError::Pdf("A4".into()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(TITLE_TEXT.to_owned())
            .language("nl-NL".to_owned())
            .creator("werkvoorraad".to_owned()),
    );
    for svg in pages {
        let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Pdf(e.to_string()))?;
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        surface
            .draw_svg(&tree, size, SvgSettings::default())
            .ok_or_else(|| ExportError::Pdf("svg".into()))?;
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| ExportError::Pdf(format!("{e:?}")))
}
