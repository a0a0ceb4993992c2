//! A chart as the pages receive it: the SVG drawn on the server in two sizes (wide screens and
//! phones) and the same figures as a table ("Toon als tabel"), with links into the queue; and the
//! codec that leaves the SVGs out of the copy of a page's data written into the page.

use std::cell::Cell;

use leptos::server::codee::{string::JsonSerdeCodec, Decoder, Encoder};
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

thread_local! {
    /// Set while a page's data is written into the page for hydration.
    static INTO_PAGE: Cell<bool> = const { Cell::new(false) };
}

/// The codec of a page resource that holds charts: JSON, but without the SVGs in the copy that
/// the server writes into the page. The page holds them as markup already, and hydration leaves
/// server-rendered inner HTML as it is. Over HTTP (navigating in the browser) they come along.
pub struct ChartPageCodec;

impl<T: Serialize> Encoder<T> for ChartPageCodec {
    type Error = <JsonSerdeCodec as Encoder<T>>::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        /// Clears the flag when the encoding ends, however it ends.
        struct IntoPage;
        impl Drop for IntoPage {
            fn drop(&mut self) {
                INTO_PAGE.set(false);
            }
        }
        INTO_PAGE.set(true);
        let _into_page = IntoPage;
        JsonSerdeCodec::encode(value)
    }
}

impl<T: for<'de> Deserialize<'de>> Decoder<T> for ChartPageCodec {
    type Error = <JsonSerdeCodec as Decoder<T>>::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, Self::Error> {
        JsonSerdeCodec::decode(encoded)
    }
}

/// An SVG, or nothing while the page's data is written into the page.
fn image<S: Serializer>(svg: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(if INTO_PAGE.get() { "" } else { svg })
}
