//! Where the browser may be sent on to: an address taken from a request (after sign-in, after a
//! form post) is used only when it is a path on this site, never another host or a script.

/// How often a percent-escape is decoded to look for a hidden `//`, `\` or control character
/// (a proxy or browser may decode more than once); what still changes after that is refused.
const DECODE_ROUNDS: usize = 4;

/// `asked` when it is a local path: one `/` not followed by `/` or `\`, no backslash and no
/// control character anywhere, also not once its percent-escapes are decoded. Else `None`.
pub fn local_path(asked: &str) -> Option<&str> {
    if !plain_local(asked) {
        return None;
    }
    let mut current = asked.to_owned();
    for _ in 0..DECODE_ROUNDS {
        let decoded = percent_decoded(&current);
        if decoded == current {
            return Some(asked);
        }
        if !plain_local(&decoded) {
            return None;
        }
        current = decoded;
    }
    None
}

/// The rule on the text as it stands.
fn plain_local(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else { return false };
    !rest.starts_with('/') && !path.chars().any(|c| c == '\\' || c.is_control())
}

/// One round of `%XX` decoding; a `%` without two hex digits stays as it is. Bytes that are
/// not UTF-8 become U+FFFD.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| Some((hex_digit(*bytes.get(i + 1)?)?, hex_digit(*bytes.get(i + 2)?)?)))
            .flatten();
        match escaped {
            Some((high, low)) => {
                out.push(high << 4 | low);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_targets_are_refused() {
        let hostile = [
            "//evil.example",
            "/\\evil.example",
            "/\\tevil.example",
            "/\tevil",
            "/\u{9}evil",
            "\\\\evil",
            "https://evil.example",
            "javascript:alert(1)",
            " /x",
            "/%2F%2Fevil",
            "/%2f/evil",
            "/%5Cevil",
            "/%5cevil",
            "/%09evil",
            "/x%0d%0aSet-Cookie: a",
            "/%252F%252Fevil",
            "/%25252F%25252Fevil",
            "/x\r\nSet-Cookie: a",
            "/x\0",
            "/x\u{7f}",
            "/x\u{85}",
            "/x%C2%85",
            "",
        ];
        for target in hostile {
            assert_eq!(local_path(target), None, "{target:?}");
        }
    }

    #[test]
    fn local_paths_pass_unchanged() {
        for target in ["/", "/werkvoorraad?page=2", "/zaak/A%20B", "/zaak/A%2FB", "/zaak/100%", "/a/b#c"] {
            assert_eq!(local_path(target), Some(target), "{target:?}");
        }
    }

    #[test]
    fn decoding_keeps_stray_percent_signs_and_reads_escapes_in_either_case() {
        assert_eq!(percent_decoded("/100%"), "/100%");
        assert_eq!(percent_decoded("/%zz%4"), "/%zz%4");
        assert_eq!(percent_decoded("/%2f%2F"), "///");
        assert_eq!(percent_decoded("/%C3%AB"), "/ë");
    }
}
