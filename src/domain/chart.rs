//! A chart as the pages receive it: the SVG drawn on the server in two sizes (wide screens and
//! phones) and the same figures as a table ("Toon als tabel"), with links into the queue.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// A stable id for anchors and test hooks (`open-per-maand`).
    pub id: String,
    pub title: String,
    /// One or two sentences on what the chart shows; also the SVG's `<desc>`.
    pub description: String,
    pub svg_wide: String,
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
