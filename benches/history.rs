//! History benchmark (no assertions): twelve weekly exports of about 100k cases each, in which
//! cases arrive, are picked up, decided and now and then handed to another consultant, imported
//! into the release server; then a case's history, the metrics with the flow figures, Doorstroom
//! and the case page, each first after a (re)start and then warm. `make bench-history`.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};

mod common;
use common::server::{add_team_lead, connection, peak_mb_of, run, serve};

const CASES: usize = 100_000;
const SNAPSHOTS: u64 = 12;
const CONSULTANTS: [&str; 6] = ["A. Jansen", "B. de Vries", "C. Bakker", "D. Visser", "E. Smit", "F. Meijer"];

/// One case as it will go: received, picked up, decided (each perhaps never).
struct Case {
    received: NaiveDate,
    assigned: Option<NaiveDate>,
    decided: Option<NaiveDate>,
    consultant: usize,
}

fn cases() -> Vec<Case> {
    let mut rng = fastrand::Rng::with_seed(42);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    (0..CASES)
        .map(|_| {
            let received = start + Days::new(rng.u64(0..540));
            let assigned = rng.bool().then(|| received + Days::new(rng.u64(1..60)));
            let decided = assigned.filter(|_| rng.u8(0..3) > 0).map(|a| a + Days::new(rng.u64(5..90)));
            Case { received, assigned, decided, consultant: rng.usize(0..CONSULTANTS.len()) }
        })
        .collect()
}

/// The export of `as_of`: the cases received by then, with what was known by then; every 50th
/// case changes consultant from the seventh week on.
fn export(cases: &[Case], as_of: NaiveDate, week: u64) -> String {
    let mut text = String::with_capacity(cases.len() * 110);
    text.push_str("Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\r\n");
    let dmy = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
    for (i, case) in cases.iter().enumerate().filter(|(_, c)| c.received <= as_of) {
        let assigned = case.assigned.filter(|d| *d <= as_of);
        let decided = case.decided.filter(|d| *d <= as_of);
        let handed_on = i % 50 == 0 && week >= 6;
        let consultant = assigned.map(|_| CONSULTANTS[(case.consultant + usize::from(handed_on)) % 6]);
        text.push_str(&format!(
            "Z{i:07};C{i};{};BW;Dordrecht;{};{};{};{};{};{};{}\r\n",
            if i % 2 == 0 { "Herindicatie" } else { "Nieuw" },
            if i % 2 == 0 { "Zorggroep Merwestroom" } else { "" },
            consultant.unwrap_or_default(),
            dmy(case.received),
            assigned.map(dmy).unwrap_or_default(),
            decided.map(dmy).unwrap_or_default(),
            if decided.is_some() { "Toegekend" } else { "" },
            if i % 2 == 0 { dmy(case.received + Days::new(120)) } else { String::new() },
        ));
    }
    text
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let bin = env!("CARGO_BIN_EXE_werkvoorraad");
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("wv.db").display());
    let all = cases();
    let first = NaiveDate::from_ymd_opt(2025, 4, 10).unwrap_or_default();
    for week in 0..SNAPSHOTS {
        let as_of = first + Days::new(7 * week);
        let file = dir.path().join(format!("export-{week}.csv"));
        let text = export(&all, as_of, week);
        let rows = text.lines().count() - 1;
        std::fs::write(&file, text).expect("export");
        let start = Instant::now();
        run(bin, &url, &["import", &file.display().to_string(), "--as-of", &as_of.to_string()]);
        println!(
            "export {:>2} ({as_of}, {rows} zaken) ingelezen in {:.1} s",
            week + 1,
            start.elapsed().as_secs_f64()
        );
    }
    add_team_lead(bin, &url);
    // A case that is picked up, handed on (week 7) and decided within the series.
    let (handed, last) = (first + Days::new(42), first + Days::new(7 * (SNAPSHOTS - 1)));
    let case = all
        .iter()
        .enumerate()
        .position(|(i, c)| {
            i % 50 == 0
                && c.assigned.is_some_and(|a| a > first && a < handed)
                && c.decided.is_some_and(|d| d > handed && d <= last)
        })
        .map_or("Z0000050".to_owned(), |i| format!("Z{i:07}"));
    let history = format!("/api/v1/cases/{case}/history");
    let case_page = format!("/zaak/{case}");
    let paths = [history.as_str(), "/api/v1/metrics", "/doorstroom", case_page.as_str()];
    for first_path in [history.as_str(), "/api/v1/metrics"] {
        let (mut child, addr) = serve(bin, &url);
        let (client, cookie) = connection(&addr).await;
        let get = |path: String| {
            let (client, cookie, addr) = (client.clone(), cookie.clone(), addr.clone());
            async move {
                let start = Instant::now();
                let response = client
                    .get(format!("http://{addr}{path}"))
                    .header("cookie", cookie)
                    .send()
                    .await
                    .expect("get");
                let status = response.status().as_u16();
                let body = response.bytes().await.expect("body");
                assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
                (start.elapsed(), body.len())
            }
        };
        let (cold, _) = get(first_path.to_owned()).await;
        println!(
            "\nna een start eerst {first_path}: {:.0} ms (12 momentopnamen laden + berekenen)",
            ms(cold)
        );
        for path in paths {
            let (once, size) = get(path.to_owned()).await;
            let mut runs = vec![once];
            for _ in 0..29 {
                runs.push(get(path.to_owned()).await.0);
            }
            runs.sort();
            let (median, p95) = (runs[runs.len() / 2], runs[runs.len() * 95 / 100]);
            println!(
                "  {path:<36} mediaan {:>7.1} ms, p95 {:>7.1} ms, {:>7} bytes",
                ms(median),
                ms(p95),
                size
            );
        }
        println!("  piekgeheugen van de server: {:.0} MB", peak_mb_of(child.id()));
        child.kill().ok();
        child.wait().ok();
    }
    let (mut child, addr) = serve(bin, &url);
    let (client, cookie) = connection(&addr).await;
    let response = client.get(format!("http://{addr}{history}")).header("cookie", cookie).send().await;
    let body = match response {
        Ok(response) => response.text().await.unwrap_or_default(),
        Err(e) => e.to_string(),
    };
    println!("\nde geschiedenis van {case}: {body}");
    child.kill().ok();
    child.wait().ok();
}
