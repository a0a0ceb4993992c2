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
use crate::domain::dates::local_date;
use crate::domain::report::euros;
use crate::domain::status::{provider_label, risk_headers, StatusReport};
use crate::i18n::{t, t_with, Locale};
use sheet::{Columns, Sheet, BODY, CONTENT, HEADING, SMALL, TITLE};

/// The PDF of `report` in `locale`, made on `made_on` (ISO date, for the footer).
pub fn status(report: &StatusReport, made_on: &str, locale: Locale) -> Result<Vec<u8>, ExportError> {
    let title = t(locale, "nav-status");
    let mut sheet = Sheet::new();
    sheet.paragraph(TITLE, &title, 0.0);
    sheet.paragraph(SMALL, &t(locale, "pdf-subtitle"), 0.0);
    sheet.space(10.0);
    sheet.paragraph(BODY, &report.as_of_sentence(locale), 0.0);
    sheet.space(14.0);
    let figures: Vec<Vec<String>> =
        report.key_figures(locale).into_iter().map(|(label, value)| vec![label, value]).collect();
    let headers = [t(locale, "pdf-key-figure"), t(locale, "pdf-value")];
    let columns = Columns { headers: &headers, widths: &[CONTENT - 150.0, 150.0], numeric: &[false, true] };
    sheet.table(&t(locale, "status-key-figures"), &columns, &figures);
    sheet.space(18.0);
    sheet.paragraph(HEADING, &t(locale, "status-when-cleared"), 40.0);
    sheet.space(4.0);
    sheet.paragraph(BODY, &report.forecast(locale), 0.0);
    sheet.space(18.0);
    trend(&mut sheet, report, locale);
    if !report.risk.is_empty() {
        sheet.space(18.0);
        risk(&mut sheet, report, locale);
    }
    let as_of = local_date(&report.figures.as_of, locale);
    let pages = sheet.finish(|page, pages| {
        let footer =
            t_with(locale, "pdf-footer", &[("title", title.clone().into()), ("as_of", as_of.clone().into())]);
        let made = local_date(made_on, locale).into();
        (
            footer,
            t_with(locale, "pdf-page", &[("made", made), ("page", page.into()), ("pages", pages.into())]),
        )
    });
    write(&pages, &title, locale)
}

/// The trend chart in its wide drawing, with its title and what it shows.
fn trend(sheet: &mut Sheet, report: &StatusReport, locale: Locale) {
    let chart = &report.trend;
    sheet.paragraph(HEADING, &chart.title, 200.0);
    sheet.space(2.0);
    sheet.paragraph(SMALL, &chart.description, 0.0);
    sheet.space(6.0);
    if chart.svg_wide.starts_with("<svg") {
        let (w, h) = crate::charts::Size::Wide.pixels();
        sheet.image(&chart.svg_wide, h as f32 / w as f32);
    } else {
        sheet.paragraph(BODY, &t(locale, "chart-failed"), 0.0);
    }
}

/// Declaration risk per organisation, totals only.
fn risk(sheet: &mut Sheet, report: &StatusReport, locale: Locale) {
    let rows: Vec<Vec<String>> = report
        .risk
        .iter()
        .map(|r| {
            vec![
                provider_label(r, locale),
                r.lapsed.to_string(),
                r.uncovered_days.to_string(),
                euros(r.exposure_eur, locale),
                r.expiring.to_string(),
            ]
        })
        .collect();
    let headers = risk_headers(locale);
    let columns = Columns {
        headers: &headers,
        widths: &[160.0, 62.0, 100.0, 100.0, CONTENT - 422.0],
        numeric: &[false, true, true, true, true],
    };
    sheet.table(&t(locale, "status-risk"), &columns, &rows);
}

/// The SVG pages as one PDF, text kept as text in the embedded Lato.
fn write(pages: &[String], title: &str, locale: Locale) -> Result<Vec<u8>, ExportError> {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(sheet::REGULAR.to_vec());
    fonts.load_font_data(sheet::BOLD.to_vec());
    fonts.set_sans_serif_family("Lato");
    let options = usvg::Options { fontdb: Arc::new(fonts), ..Default::default() };
    let size = Size::from_wh(sheet::WIDTH, sheet::HEIGHT).ok_or_else(|| ExportError::Pdf("A4".into()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language(if locale == Locale::En { "en-GB" } else { "nl-NL" }.to_owned())
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
