//! The "no Dutch left" check of English pages: the pieces of the Dutch catalogue that English
//! never uses, looked for in the visible text of a page's `<main>`.

/// The messages of a catalogue (one `key = text` per line).
fn catalogue(code: &str) -> Vec<(String, String)> {
    let path = format!("{}/locales/{code}.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("catalogue");
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, text)| (key.to_owned(), text.to_owned()))
        .collect()
}

/// The export's column names (`field-…`, "gemeente") are the export format's own words: they are
/// also data (a file's headers, an address), so they are not looked for.
const DATA_WORDS: &str = "field-";

/// The Dutch pieces (text between `{ … }`, with four letters in a row) that no English message holds.
pub fn dutch_pieces() -> Vec<String> {
    let english = catalogue("en");
    let all_english: String = english.iter().map(|(_, text)| text.as_str()).collect::<Vec<_>>().join("\n");
    let mut pieces: Vec<String> = catalogue("nl")
        .into_iter()
        .filter(|(key, text)| {
            !key.starts_with(DATA_WORDS) && english.iter().all(|(k, t)| k != key || t != text)
        })
        .flat_map(|(_, text)| {
            let mut parts = Vec::new();
            for (i, part) in text.split(['{', '}']).enumerate() {
                if i % 2 == 0 {
                    parts.push(part.trim().to_owned());
                }
            }
            parts
        })
        .filter(|piece| has_word(piece) && !all_english.contains(piece.as_str()))
        .collect();
    pieces.sort();
    pieces.dedup();
    pieces
}

fn has_word(piece: &str) -> bool {
    piece.split(|c: char| !c.is_alphabetic()).any(|word| word.chars().count() >= 4)
}

/// The visible text of the page's `<main>`: no tags, no scripts, nothing marked `lang="nl"`, the
/// common entities read.
pub fn main_text(page: &str) -> String {
    let main = page.split("<main").nth(1).and_then(|rest| rest.split("</main>").next()).unwrap_or_default();
    let mut text = String::new();
    let mut rest = main;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let tail = &rest[start..];
        let tag = tail.find('>').map_or(tail, |end| &tail[..end]);
        let name: String = tag[1..].chars().take_while(char::is_ascii_alphanumeric).collect();
        // Scripts, styles and what is marked Dutch on purpose (stored records, the way back).
        let skip = ["script", "style"].contains(&name.as_str()) || tag.contains(r#"lang="nl""#);
        rest = match skip {
            true => tail.find(&format!("</{name}>")).map_or("", |end| &tail[end..]),
            false => tail.find('>').map_or("", |end| &tail[end + 1..]),
        };
    }
    text.push_str(rest);
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
}

/// The Dutch pieces of the catalogue that the page's `<main>` shows.
pub fn dutch_left(page: &str) -> Vec<String> {
    let text = main_text(page);
    dutch_pieces().into_iter().filter(|piece| text.contains(piece.as_str())).collect()
}

/// Switches the server's signed-in user to English, as the header's switch does.
pub async fn in_english(server: &super::TestServer) {
    assert_eq!(server.post_form("/taal", &[("taal", "en"), ("terug", "/")]).await.0, 303);
}
