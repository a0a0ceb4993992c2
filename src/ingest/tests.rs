//! Ingest through its front door, `read_export`: the worked example of spec/metrics.md as a
//! municipal CSV, every validation rule, the file forms, and arbitrary bytes.

use chrono::NaiveDate;
use polars::prelude::*;

use super::columns::{ColumnMapping, Field};
use super::values::{is_valid_bsn, Pseudonymizer};
use super::{read_export, ImportOptions, Validated};
use crate::domain::report::{Rejection, Warning, MAX_LISTED};
use crate::i18n::Locale;

const HEADER: &str = "Zaaknummer;Cliëntnummer;BSN;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;\
Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie";

/// The worked example of spec/metrics.md (T = 2025-06-26) as a municipal system writes it.
const WORKED: &str = "\
A;C1;111222333;Herindicatie;BW;Dordrecht;Leger des Heils;;10-03-2025;;;;31-05-2025
B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;06-05-2025;;;
C;C3;;Her-indicatie;bw;Dordrecht;Leger des Heils;Jansen;20-05-2025;21-05-2025;17-06-2025;Toegekend;31-07-2025
D;C4;;nieuwe melding;IB;Dordrecht;;;2025-06-20;;;;";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 26).unwrap()
}

fn import_with(bytes: &[u8], mapping: Option<&ColumnMapping>) -> Result<Validated, Rejection> {
    let pseudonymizer = Pseudonymizer::new(b"test-secret");
    read_export(
        bytes,
        &ImportOptions { as_of: as_of(), mapping, pseudonymizer: &pseudonymizer, locale: Locale::Nl },
    )
}

fn import(csv: &str) -> Result<Validated, Rejection> {
    import_with(csv.as_bytes(), None)
}

fn export(rows: &[&str]) -> String {
    std::iter::once(HEADER).chain(rows.iter().copied()).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

fn worked_with(row: usize, replacement: &str) -> String {
    let mut rows: Vec<&str> = WORKED.lines().collect();
    rows[row] = replacement;
    export(&rows)
}

fn texts(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
    let column = frame.column(name).unwrap().cast(&DataType::String).unwrap();
    column.str().unwrap().iter().map(|v| v.map(str::to_owned)).collect()
}

/// The only problem of a rejected import, as (row, column, value, reason).
fn single_problem(csv: &str) -> (u32, String, String, String) {
    let rejection = import(csv).err().expect("rejected");
    assert_eq!(rejection.total, 1, "{:?}", rejection.problems);
    let p = rejection.problems[0].clone();
    (p.row, p.column, p.value, p.reason)
}

#[test]
fn the_worked_example_reads_into_canonical_cases() {
    let validated = import(&export(&WORKED.lines().collect::<Vec<_>>())).expect("accepted");
    let cases = &validated.cases;
    assert_eq!(cases.height(), 4);
    let s = |v: &[Option<&str>]| v.iter().map(|x| x.map(str::to_owned)).collect::<Vec<_>>();
    assert_eq!(texts(cases, "case_id"), s(&[Some("A"), Some("B"), Some("C"), Some("D")]));
    assert_eq!(
        texts(cases, "request_type"),
        s(&[Some("reindication"), Some("new"), Some("reindication"), Some("new")])
    );
    assert_eq!(texts(cases, "product"), s(&[Some("BW"), Some("MO"), Some("BW"), Some("IB")]));
    assert_eq!(texts(cases, "consultant"), s(&[None, Some("Jansen"), Some("Jansen"), None]));
    assert_eq!(
        texts(cases, "received_on"),
        s(&[Some("2025-03-10"), Some("2025-04-02"), Some("2025-05-20"), Some("2025-06-20")])
    );
    assert_eq!(texts(cases, "decided_on"), s(&[None, None, Some("2025-06-17"), None]));
    assert_eq!(texts(cases, "outcome"), s(&[None, None, Some("granted"), None]));
    assert_eq!(texts(cases, "indication_end"), s(&[Some("2025-05-31"), None, Some("2025-07-31"), None]));
    let keys = texts(cases, "client_key");
    assert_eq!(keys[0].as_ref().map(String::len), Some(64));
    assert_eq!(keys[1..], [None, None, None]);
    assert!(!cases.get_column_names().iter().any(|n| n.as_str() == "bsn"), "no BSN column is kept");
    assert!(validated.warnings.is_empty());
}

#[test]
fn a_missing_required_column_rejects_naming_the_aliases() {
    let csv =
        "Zaaknummer;Soort aanvraag;Product;Gemeente;Datum melding\r\nA;Nieuw;BW;Dordrecht;01-06-2025\r\n";
    let (row, column, _, reason) = single_problem(csv);
    assert_eq!((row, column.as_str()), (1, "clientnummer"));
    assert!(reason.contains("clientnummer, cliëntnummer, client id, client ref"), "{reason}");
}

#[test]
fn an_empty_required_cell() {
    let (row, column, value, reason) =
        single_problem(&worked_with(1, "B;;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;06-05-2025;;;"));
    assert_eq!((row, column.as_str(), value.as_str()), (3, "Cliëntnummer", ""));
    assert_eq!(reason, "Dit veld is verplicht maar leeg.");
}

#[test]
fn unreadable_dates_and_enums() {
    for (replacement, column, value) in [
        ("B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;31-02-2025;;;;", "Datum melding", "31-02-2025"),
        ("B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;morgen;;;", "Datum in behandeling", "morgen"),
        ("B;C2;;Spoed;MO;Zwijndrecht;;Jansen;02-04-2025;;;;", "Soort aanvraag", "Spoed"),
        ("B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;;20-06-2025;Misschien;", "Resultaat", "Misschien"),
    ] {
        let (row, col, val, reason) = single_problem(&worked_with(1, replacement));
        assert_eq!((row, col.as_str(), val.as_str()), (3, column, value), "{reason}");
    }
}

#[test]
fn an_invalid_bsn_is_an_error_and_is_shown_masked() {
    let (row, column, value, reason) = single_problem(&worked_with(
        0,
        "A;C1;123456789;Herindicatie;BW;Dordrecht;LdH;;10-03-2025;;;;31-05-2025",
    ));
    assert_eq!((row, column.as_str(), value.as_str()), (2, "BSN", "••••••789"));
    assert!(reason.contains("elfproef"));
}

/// The first `n` nine-digit numbers that pass the eleven-test.
fn valid_bsns(n: usize) -> Vec<String> {
    (100_000_000u32..).map(|n| n.to_string()).filter(|s| is_valid_bsn(s)).take(n).collect()
}

/// An export of `bsns` cases whose client number is a valid BSN and `others` with an ordinary one.
fn with_client_refs(bsns: usize, others: usize) -> String {
    let refs = valid_bsns(bsns).into_iter().chain((0..others).map(|i| format!("C{i}")));
    let rows: Vec<String> =
        refs.enumerate().map(|(i, r)| format!("Z{i};{r};;Nieuw;BW;Dordrecht;;;01-06-2025;;;;")).collect();
    export(&rows.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn client_numbers_that_are_mostly_bsns_refuse_the_export_naming_only_the_column() {
    let rejection = import(&with_client_refs(20, 10)).err().expect("refused");
    assert_eq!(rejection.total, 1, "{:?}", rejection.problems);
    let p = &rejection.problems[0];
    assert_eq!((p.row, p.column.as_str(), p.value.as_str()), (1, "Cliëntnummer", ""));
    assert!(p.reason.contains("lijkt BSN's te bevatten: 20 van de 30 waarden"), "{}", p.reason);
    assert!(p.reason.contains("kies in de kolomkoppeling"), "{}", p.reason);
    assert_eq!(rejection.headers.len(), 13, "the headers come along to map the columns by hand");
    let shown = format!("{rejection:?}");
    assert!(valid_bsns(20).iter().all(|bsn| !shown.contains(bsn.as_str())), "no BSN is shown");

    let also_a_bad_date = with_client_refs(20, 10).replacen("01-06-2025", "31-02-2025", 1);
    let rejection = import(&also_a_bad_date).err().expect("refused");
    assert_eq!(rejection.total, 1, "the refusal comes before the row checks");
    assert!(rejection.problems[0].reason.contains("BSN's"));
}

#[test]
fn a_few_bsn_like_client_numbers_do_not_refuse_the_export() {
    for (bsns, others) in [(19, 0), (15, 25), (20, 20)] {
        let result = import(&with_client_refs(bsns, others));
        assert!(result.is_ok(), "{bsns} of {}: {:?}", bsns + others, result.err());
    }
}

#[test]
fn a_duplicate_case_id_names_the_first_row() {
    let (row, column, value, reason) =
        single_problem(&worked_with(3, "B;C4;;Nieuw;IB;Dordrecht;;;20-06-2025;;;;"));
    assert_eq!((row, column.as_str(), value.as_str()), (5, "Zaaknummer", "B"));
    assert!(reason.contains("regel 3"), "{reason}");
}

#[test]
fn dates_out_of_order_or_after_the_as_of_date() {
    let (row, column, _, reason) =
        single_problem(&worked_with(1, "B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;01-04-2025;;;"));
    assert_eq!((row, column.as_str()), (3, "Datum in behandeling"));
    assert!(reason.contains("vóór de datum melding"));
    let (_, column, _, _) = single_problem(&worked_with(
        1,
        "B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;;01-04-2025;Afgewezen;",
    ));
    assert_eq!(column, "Datum besluit");
    let (_, column, value, reason) =
        single_problem(&worked_with(3, "D;C4;;Nieuw;IB;Dordrecht;;;27-06-2025;;;;"));
    assert_eq!((column.as_str(), value.as_str()), ("Datum melding", "27-06-2025"));
    assert!(reason.contains("26-06-2025"), "{reason}");
}

#[test]
fn an_indication_end_after_the_as_of_date_is_normal() {
    assert!(import(&worked_with(
        2,
        "C;C3;;Herindicatie;BW;Dordrecht;LdH;Jansen;20-05-2025;21-05-2025;;;31-12-2026"
    ))
    .is_ok());
}

#[test]
fn a_reindication_needs_provider_and_indication_end() {
    let (_, column, _, reason) =
        single_problem(&worked_with(0, "A;C1;;Herindicatie;BW;Dordrecht;;;10-03-2025;;;;31-05-2025"));
    assert_eq!(column, "Aanbieder");
    assert!(reason.contains("herindicatie"));
    let (_, column, _, _) =
        single_problem(&worked_with(0, "A;C1;;Verlenging;BW;Dordrecht;LdH;;10-03-2025;;;;"));
    assert_eq!(column, "Einddatum indicatie");
}

#[test]
fn decision_and_outcome_go_together() {
    let (_, column, _, _) =
        single_problem(&worked_with(1, "B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;;20-06-2025;;"));
    assert_eq!(column, "Resultaat");
    let (_, column, _, _) =
        single_problem(&worked_with(1, "B;C2;;Nieuw;MO;Zwijndrecht;;Jansen;02-04-2025;;;Ingetrokken;"));
    assert_eq!(column, "Datum besluit");
}

#[test]
fn at_most_200_problems_are_listed_with_the_total() {
    let rows: Vec<String> = (0..300).map(|i| format!("Z{i};;;Nieuw;BW;Dordrecht;;;01-06-2025;;;;")).collect();
    let rejection = import(&export(&rows.iter().map(String::as_str).collect::<Vec<_>>())).err().unwrap();
    assert_eq!(rejection.total, 300);
    assert_eq!(rejection.problems.len(), MAX_LISTED);
    assert_eq!(rejection.problems[0].row, 2);
}

#[test]
fn blank_rows_keep_row_numbers_and_a_summary_row_is_skipped() {
    let csv = format!("{HEADER}\r\nA;C1;;Nieuw;BW;Dordrecht;;;01-06-2025;;;;\r\n;;;;;;;;;;;;\r\n\r\nB;C2;;Nieuw;BW;Dordrecht;;;01-13-2025;;;;\r\n");
    let (row, ..) = single_problem(&csv);
    assert_eq!(row, 5, "blank rows still count");
    let csv = format!("{HEADER}\r\nA;C1;;Nieuw;BW;Dordrecht;;;01-06-2025;;;;\r\n;Totaal: 1;;;;;;;;;;;\r\n");
    let validated = import(&csv).expect("summary row is not an error");
    assert_eq!(validated.cases.height(), 1);
    assert_eq!(validated.warnings, [Warning::SummaryRowSkipped { row: 3 }]);
}

#[test]
fn unknown_columns_are_ignored_with_a_warning() {
    let csv = "Zaaknummer;Cliëntnummer;Soort aanvraag;Product;Gemeente;Datum melding;Opmerking\r\nA;C1;Nieuw;BW;Dordrecht;01-06-2025;let op\r\n";
    let validated = import(csv).unwrap();
    assert_eq!(
        validated.warnings,
        [Warning::IgnoredColumns { columns: vec!["Opmerking".into()], unnamed: vec![] }]
    );
}

#[test]
fn windows_1252_with_bom_free_bytes_and_tabs_and_utf8_bom() {
    let cp1252 = b"Zaaknummer;Cli\xEBntnummer;Soort aanvraag;Product;Gemeente;Datum melding\r\nA;C1;Nieuw;BW;'s-Gravendeel;01-06-2025\r\n";
    assert!(import_with(cp1252, None).is_ok());
    let tabs = "\u{feff}zaak id\tclient id\trequest type\tproduct\tmunicipality\treceived on\nA\tC1\tnew\tBW\tDordrecht\t2025-06-01\n";
    assert!(import(tabs).is_ok());
}

#[test]
fn file_level_refusals_are_clear() {
    for (bytes, expected) in [
        (&b""[..], "leeg"),
        (b"\x00\x01\x02\x03binary\x00", "binaire"),
        (b"Zaaknummer;Cli\xEBntnummer;Soort aanvraag;Product;Gemeente;Datum melding\r\n", "geen enkele zaak"),
        (&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1], ".xls"),
    ] {
        let rejection = import_with(bytes, None).err().expect("refused");
        assert_eq!(rejection.total, 1);
        assert!(rejection.problems[0].reason.contains(expected), "{}", rejection.problems[0].reason);
    }
}

#[test]
fn a_saved_mapping_reads_an_export_with_other_headers() {
    let csv = "Nr;Klant;Soort;Prod;Plaats;Binnen\r\nA;C1;Nieuw;BW;Dordrecht;01-06-2025\r\n";
    assert!(import(csv).is_err());
    let mut mapping = ColumnMapping::default();
    for (field, header) in [
        (Field::CaseId, "Nr"),
        (Field::ClientRef, "Klant"),
        (Field::RequestType, "Soort"),
        (Field::Product, "Prod"),
        (Field::Municipality, "Plaats"),
        (Field::ReceivedOn, "Binnen"),
    ] {
        mapping.fields.insert(field, header.into());
    }
    assert_eq!(import_with(csv.as_bytes(), Some(&mapping)).unwrap().cases.height(), 1);
}

#[test]
fn arbitrary_and_mutated_bytes_never_panic() {
    let seed_file = export(&WORKED.lines().collect::<Vec<_>>()).into_bytes();
    let mut rng = fastrand::Rng::with_seed(20250626);
    for round in 0..300 {
        let bytes: Vec<u8> = if round % 2 == 0 {
            (0..rng.usize(0..600)).map(|_| rng.u8(..)).collect()
        } else {
            let mut b = seed_file.clone();
            for _ in 0..rng.usize(1..20) {
                let i = rng.usize(..b.len());
                b[i] = *rng.choice(b";\"\r\n\t,-0123456789\xEB\x00ABC ".iter()).unwrap();
            }
            b
        };
        let _ = import_with(&bytes, None);
    }
}

#[test]
fn a_workbook_with_serial_numbers_date_cells_and_blank_rows_above_the_header() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let headers = [
        "Zaaknummer",
        "Clientnummer",
        "Soort aanvraag",
        "Product",
        "Gemeente",
        "Datum melding",
        "Datum besluit",
        "Resultaat",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    // Row 3: a numeric case id and an Excel serial number (45730 = 14-03-2025) as plain numbers.
    sheet.write_number(2, 0, 1001.0).unwrap();
    for (c, v) in [(1, "C1"), (2, "Nieuw"), (3, "BW"), (4, "Dordrecht")] {
        sheet.write_string(2, c, v).unwrap();
    }
    sheet.write_number(2, 5, 45730.0).unwrap();
    // Row 4: a real date cell, and a decision as a date cell too.
    let date = Format::new().set_num_format("dd-mm-yyyy");
    for (c, v) in [(0, "Z2"), (1, "C2"), (2, "Nieuw"), (3, "MO"), (4, "Gorinchem"), (7, "Toegekend")] {
        sheet.write_string(3, c, v).unwrap();
    }
    sheet.write_datetime_with_format(3, 5, ExcelDateTime::from_ymd(2025, 4, 1).unwrap(), &date).unwrap();
    sheet.write_datetime_with_format(3, 6, ExcelDateTime::from_ymd(2025, 6, 2).unwrap(), &date).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let validated = import_with(&bytes, None).expect("accepted");
    let s = |v: &[Option<&str>]| v.iter().map(|x| x.map(str::to_owned)).collect::<Vec<_>>();
    assert_eq!(texts(&validated.cases, "case_id"), s(&[Some("1001"), Some("Z2")]));
    assert_eq!(texts(&validated.cases, "received_on"), s(&[Some("2025-03-14"), Some("2025-04-01")]));
    assert_eq!(texts(&validated.cases, "decided_on"), s(&[None, Some("2025-06-02")]));
}
