//! Which column of a file holds which field: the aliases and header normalisation of
//! spec/export-format.md, or a column mapping that a user saved under a name.

use std::collections::BTreeMap;

pub use crate::domain::field::{ColumnMapping, Field};
use crate::domain::report::{Problem, Warning};
use crate::i18n::Locale;

/// For each field found, the index of its column in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub found: BTreeMap<Field, usize>,
}

/// Case, accents, surrounding spaces and ` _-./()` do not count: "Datum-Besluit" and
/// "datum_besluit" are one header, "Cliëntnummer" is "clientnummer".
pub fn normalize_key(text: &str) -> String {
    deunicode::deunicode(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '/' | '(' | ')'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when a normalised header is one of the field's names.
fn matches(field: Field, key: &str) -> bool {
    key == normalize_key(field.name()) || field.aliases().iter().any(|a| normalize_key(a) == key)
}

/// Recognises the columns; missing required columns are problems, the rest warnings.
pub fn map_columns(
    headers: &[String],
    mapping: Option<&ColumnMapping>,
    locale: Locale,
) -> Result<(ColumnMap, Vec<Warning>), Vec<Problem>> {
    let keys: Vec<String> = headers.iter().map(|h| normalize_key(h)).collect();
    let mut map = ColumnMap::default();
    let mut used = vec![false; headers.len()];
    for field in Field::ALL {
        let wanted = mapping.and_then(|m| m.fields.get(&field)).map(|h| normalize_key(h));
        let position = keys.iter().enumerate().position(|(i, key)| {
            !used[i] && wanted.as_ref().map_or_else(|| matches(field, key), |w| w == key)
        });
        if let Some(index) = position {
            used[index] = true;
            map.found.insert(field, index);
        }
    }
    let missing: Vec<Problem> = Field::ALL
        .into_iter()
        .filter(|f| f.is_required() && !map.found.contains_key(f))
        .map(|f| Problem::missing_column(f, mapping.and_then(|m| m.fields.get(&f)), locale))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let used = &used;
    let ignored =
        |named: bool| headers.iter().enumerate().filter(move |(i, h)| !used[*i] && h.is_empty() != named);
    let columns: Vec<String> = ignored(true).map(|(_, h)| h.clone()).collect();
    let unnamed: Vec<u32> = ignored(false).map(|(i, _)| i as u32 + 1).collect();
    let warnings = match columns.is_empty() && unnamed.is_empty() {
        true => vec![],
        false => vec![Warning::IgnoredColumns { columns, unnamed }],
    };
    Ok((map, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    const MINIMAL: [&str; 6] =
        ["Zaaknummer", "Cliëntnummer", "Soort aanvraag", "Product", "Gemeente", "Datum melding"];

    #[test]
    fn normalisation_ignores_case_accents_spaces_and_separators() {
        for header in
            ["Datum besluit", "datum_besluit", "DATUM-BESLUIT", " datum.besluit ", "Datum (besluit)"]
        {
            assert_eq!(normalize_key(header), "datumbesluit", "{header}");
        }
        assert_eq!(normalize_key("Cliëntnummer"), "clientnummer");
        assert_eq!(normalize_key("Wmo/consulent"), "wmoconsulent");
    }

    #[test]
    fn every_alias_of_the_spec_is_recognised() {
        for field in Field::ALL {
            for alias in field.aliases().iter().chain([&field.name()]) {
                assert!(matches(field, &normalize_key(alias)), "{alias} → {field:?}");
                assert!(matches(field, &normalize_key(&alias.to_uppercase())), "{alias} upper");
            }
        }
    }

    #[test]
    fn minimal_export_maps_and_lists_ignored_columns() {
        let mut names = MINIMAL.to_vec();
        names.extend(["Opmerking", "", "Team"]);
        let (map, warnings) = map_columns(&headers(&names), None, Locale::Nl).unwrap();
        assert_eq!(map.found[&Field::CaseId], 0);
        assert_eq!(map.found[&Field::ReceivedOn], 5);
        assert!(!map.found.contains_key(&Field::Provider));
        assert_eq!(
            warnings,
            [Warning::IgnoredColumns { columns: vec!["Opmerking".into(), "Team".into()], unnamed: vec![8] }]
        );
    }

    #[test]
    fn a_missing_required_column_names_its_aliases() {
        let names: Vec<&str> = MINIMAL.iter().copied().filter(|h| *h != "Gemeente").collect();
        let problems = map_columns(&headers(&names), None, Locale::Nl).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 1);
        assert_eq!(problems[0].column, "gemeente");
        assert!(problems[0].reason.contains("gemeente, municipality"), "{}", problems[0].reason);

        let problems = map_columns(&headers(&names), None, Locale::En).unwrap_err();
        assert_eq!(problems[0].column, "municipality");
        assert!(problems[0].reason.starts_with("A required column is missing."), "{}", problems[0].reason);
    }

    #[test]
    fn a_saved_mapping_wins_over_the_aliases() {
        let names = ["Nr", "Klant", "Soort", "Prod", "Plaats", "Binnen"];
        let mut mapping = ColumnMapping::default();
        for (field, header) in [
            (Field::CaseId, "nr"),
            (Field::ClientRef, "KLANT"),
            (Field::RequestType, "Soort"),
            (Field::Product, "Prod"),
            (Field::Municipality, "plaats"),
            (Field::ReceivedOn, "Binnen"),
        ] {
            mapping.fields.insert(field, header.to_string());
        }
        let (map, warnings) = map_columns(&headers(&names), Some(&mapping), Locale::Nl).unwrap();
        assert_eq!(map.found.len(), 6);
        assert_eq!(map.found[&Field::Municipality], 4);
        assert!(warnings.is_empty());
    }

    #[test]
    fn the_first_of_two_matching_columns_is_used() {
        let mut names = MINIMAL.to_vec();
        names.push("zaak id");
        let (map, warnings) = map_columns(&headers(&names), None, Locale::Nl).unwrap();
        assert_eq!(map.found[&Field::CaseId], 0);
        assert_eq!(warnings, [Warning::IgnoredColumns { columns: vec!["zaak id".into()], unnamed: vec![] }]);
    }
}
