//! The limits of spec/export-format.md through the real server, with workbooks made here as
//! real spreadsheets make them and as a hostile one would: each is read within its bounds or
//! refused with a Dutch message (422, or exit code 1 on the command line), and the server keeps
//! answering meanwhile. CSV files past the limits as well.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// The worked example as a workbook, with `extra` done to its sheet.
fn workbook(extra: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(WORKED);
    for (row, line) in text.lines().enumerate() {
        for (column, value) in line.split(';').enumerate() {
            sheet.write_string(row as u32, column as u16, value).expect("cell");
        }
    }
    extra(sheet);
    book.save_to_buffer().expect("xlsx")
}

/// The workbook `bytes` with the sheet's XML changed by `change` (stored again, uncompressed).
fn with_sheet_xml(bytes: &[u8], change: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read");
        if name.ends_with("sheet1.xml") {
            content = change(String::from_utf8(content).expect("xml")).into_bytes();
        }
        out.start_file(name, stored).expect("start");
        out.write_all(&content).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// The position of the last cell calamine's reader yields, empty or not: a whole-sheet range
/// (17 billion cells) when a stray formatted cell sits at XFD1048576.
fn last_cell(bytes: &[u8]) -> Option<(u32, u32)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).ok()?;
    let name = book.sheet_names().first()?.clone();
    let mut cells = book.worksheet_cells_reader(&name).ok()?;
    let mut last = None;
    while let Ok(Some(cell)) = cells.next_cell() {
        last = Some(cell.get_position());
    }
    last
}

/// `bytes` with the first central-directory entry declaring 2 GB unpacked (a zip bomb's shape).
fn declaring_two_gigabytes(mut bytes: Vec<u8>) -> Vec<u8> {
    let at = bytes.windows(4).position(|w| w == [0x50, 0x4b, 0x01, 0x02]).expect("central directory");
    bytes[at + 24..at + 28].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    bytes
}

async fn import(server: &TestServer, bytes: &[u8], extension: &str) -> (u16, String) {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(format!("export.{extension}"));
    let form = reqwest::multipart::Form::new().part("file", part).text("as_of", "2025-06-26");
    let response = common::client()
        .post(format!("http://{}/api/v1/imports", server.addr))
        .header("cookie", &server.cookie)
        .multipart(form)
        .send()
        .await
        .expect("post");
    (response.status().as_u16(), response.text().await.unwrap_or_default())
}

#[test]
fn a_used_range_stretched_by_formatting_is_cut_to_the_data() {
    common::run(async {
        let server = TestServer::start().await;
        let formatted = workbook(|sheet| {
            let bold = Format::new().set_bold();
            sheet.write_blank(1_048_575, 16_383, &bold).expect("the last cell of the sheet, formatted");
        });
        // As Excel writes it: an empty cell element, not a self-closing one.
        let stray = with_sheet_xml(&formatted, |xml| {
            xml.replace(r#"<c r="XFD1048576" s="1"/>"#, r#"<c r="XFD1048576" s="1"></c>"#)
        });
        assert!(last_cell(&stray) == Some((1_048_575, 16_383)), "the stray cell is read as a cell");
        assert!(stray.len() < 60_000, "a small file: {} bytes", stray.len());
        let (status, body) = import(&server, &stray, "xlsx").await;
        assert_eq!(status, 201, "{body}");
        assert!(body.contains("\"rows\":4"), "{body}");
    })
}

/// Files past the limits, each with its extension and (part of) the message it must get.
fn past_the_limits() -> Vec<(Vec<u8>, &'static str, &'static str)> {
    let far_right = workbook(|sheet| {
        sheet.write_string(2, 250, "x").expect("a value in column 251");
    });
    let far_down = workbook(|sheet| {
        sheet.write_string(1_040_000, 0, "x").expect("a value far below");
    });
    let wide_and_deep = workbook(|sheet| {
        sheet.write_string(900_000, 60, "x").expect("a value far below and to the right");
    });
    let bomb = declaring_two_gigabytes(workbook(|_| {}));
    let wide = format!("{}\n1\n", vec!["kolom"; 201].join(";")).into_bytes();
    let long = format!("zaak\n{}", "x\n".repeat(1_001_001)).into_bytes();
    vec![
        (far_right, "xlsx", "200 kolommen"),
        (far_down, "xlsx", "1.000.000 regels"),
        (wide_and_deep, "xlsx", "40 miljoen cellen"),
        (bomb, "xlsx", "groter dan 1 GB"),
        (wide, "csv", "meer dan 200 kolommen"),
        (long, "csv", "meer dan 1.000.000 regels"),
    ]
}

#[test]
fn files_past_the_limits_are_refused_saying_which_and_the_server_keeps_answering() {
    common::run(async {
        let server = TestServer::start().await;
        for (bytes, extension, message) in past_the_limits() {
            let (status, body) = import(&server, &bytes, extension).await;
            assert_eq!(status, 422, "{message}: {body}");
            assert!(body.contains(message), "{message}: {body}");
            assert_eq!(server.get("/healthz").await, (200, "ok".to_owned()), "still answering");
        }
        assert_eq!(server.db.snapshot_count().await.expect("count"), 0, "nothing stored");
    })
}

#[test]
fn the_command_line_refuses_them_too_with_exit_code_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("wv.db").display());
    for (index, (bytes, extension, message)) in past_the_limits().into_iter().enumerate() {
        let file = dir.path().join(format!("export{index}.{extension}"));
        std::fs::write(&file, bytes).expect("write");
        for command in ["import", "check"] {
            let output = common::command(&url)
                .args([command, &file.display().to_string(), "--as-of", "2025-06-26"])
                .output()
                .expect("run");
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert_eq!(output.status.code(), Some(1), "{command}, {message}: {said}");
            assert!(said.contains(message), "{command}, {message}: {said}");
        }
    }
}

#[test]
fn a_second_import_meanwhile_is_told_to_wait_and_the_server_keeps_answering() {
    common::run(async {
        let server = TestServer::start().await;
        let turn = server.db.import_turn().await.expect("asked").expect("the turn is free");
        let (status, body) = import(&server, &workbook(|_| {}), "xlsx").await;
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("al een export ingelezen"), "{body}");
        assert_eq!(server.get("/healthz").await.0, 200);
        drop(turn);
        assert_eq!(import(&server, &workbook(|_| {}), "xlsx").await.0, 201, "its turn now");
    })
}

#[test]
fn an_as_of_date_far_outside_the_data_is_refused_with_the_span() {
    common::run(async {
        let server = TestServer::start().await;
        assert_eq!(import(&server, &workbook(|_| {}), "xlsx").await.0, 201);
        for far in ["9999-12-31", "1900-01-01"] {
            let (status, body) = server.json(&format!("/api/v1/metrics?as_of={far}")).await;
            assert_eq!(status, 400, "{far}: {body}");
            let message = body["error"].as_str().unwrap_or_default();
            assert!(message.contains("van 10-03-2025 tot en met 26-06-2026"), "{far}: {message}");
            let (status, page) = server.get(&format!("/?as_of={far}")).await;
            assert!(page.contains("ligt buiten de gegevens") && page.len() < 200_000, "{far}: {status}");
        }
        assert_eq!(server.json("/api/v1/metrics?as_of=2026-06-26").await.0, 200, "a year ahead is fine");
    })
}
