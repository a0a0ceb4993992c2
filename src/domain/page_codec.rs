//! How a page's data travels into the page: the one codec of every page resource. JSON, read
//! from bytes as the server functions' answers are, and written without the chart images.

use std::cell::Cell;

use leptos::server::codee::{string::JsonSerdeCodec, Decoder, Encoder};
use serde::{Deserialize, Serialize};

thread_local! {
    /// Set while a page's data is written into the page for hydration.
    static INTO_PAGE: Cell<bool> = const { Cell::new(false) };
}

/// Whether the value being serialized is the copy of a page's data written into the page.
pub fn into_page() -> bool {
    INTO_PAGE.get()
}

/// The codec of the page resources (`pages::page_data`). The copy that the server writes into
/// the page leaves the SVGs of charts out (see `chart::Chart`): the page holds them as markup
/// already, and hydration leaves server-rendered inner HTML as it is; over HTTP (navigating in
/// the browser) they come along. Reading goes through `serde_json::from_slice`, as the server
/// functions' answers do, so the wasm holds one JSON reader per type instead of two.
pub struct PageCodec;

impl<T: Serialize> Encoder<T> for PageCodec {
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

impl<T: for<'de> Deserialize<'de>> Decoder<T> for PageCodec {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(encoded.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::chart::{Chart, ChartTable};

    fn chart() -> Chart {
        Chart {
            id: "open-per-maand".into(),
            title: "Open per maand".into(),
            description: "Een grafiek".into(),
            svg_wide: "<svg>breed</svg>".into(),
            svg_narrow: "<svg>smal</svg>".into(),
            table: ChartTable::default(),
        }
    }

    #[test]
    fn the_copy_in_the_page_leaves_the_images_out_and_reads_back() {
        let encoded = <PageCodec as Encoder<Vec<Chart>>>::encode(&vec![chart()]).expect("encode");
        assert!(!encoded.contains("<svg>"), "{encoded}");
        let decoded: Vec<Chart> = PageCodec::decode(&encoded).expect("decode");
        assert_eq!(decoded[0].title, "Open per maand");
        assert_eq!(decoded[0].svg_wide, "");
        // Outside the codec (the server functions' answers) the images come along.
        let answer = serde_json::to_string(&chart()).expect("json");
        assert!(answer.contains("<svg>breed</svg>") && !into_page());
    }
}
