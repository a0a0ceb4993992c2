//! A chart as the pages receive it: the SVG drawn on the server in two sizes (wide screens and
//! phones) and the same figures as a table ("Toon als tabel"), with links into the queue. The
//! SVGs stay out of the copy of a page's data written into the page (`page_codec`).

use serde::{Deserialize, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// A stable id for anchors and test hooks (`open-per-maand`).
    pub id: String,
    pub title: String,
    /// One or two sentences on what the chart shows; also the SVG's `<desc>`.
    pub description: String,
    #[serde(serialize_with = "image")]
    pub svg_wide: String,
    #[serde(serialize_with = "image")]
    pub svg_narrow: String,
    pub table: ChartTable,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartTable {
    pub headers: Vec<String>,
    /// Cells as shown; the first is the row's label.
    pub rows: Vec<Vec<String>>,
    /// Per row, where a click on its label leads (the queue filtered to those cases).
    pub links: Vec<Option<String>>,
}

/// An SVG, or nothing while the page's data is written into the page.
fn image<S: Serializer>(svg: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(if super::page_codec::into_page() { "" } else { svg })
}
