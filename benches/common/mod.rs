//! Generated exports for the benchmarks: a municipal-style CSV of n cases (half of them
//! re-indications, a third closed), and the process's peak memory.
#![allow(dead_code)]

pub mod server;

use chrono::NaiveDate;

const MUNICIPALITIES: [&str; 5] = ["Dordrecht", "Zwijndrecht", "Papendrecht", "Gorinchem", "Molenlanden"];
const CONSULTANTS: [&str; 8] =
    ["A. Jansen", "B. de Vries", "C. Bakker", "D. Visser", "E. Smit", "F. Meijer", "G. de Boer", "H. Mulder"];
const PROVIDERS: [&str; 4] =
    ["Stichting Drechtwonen", "Zorggroep Merwestroom", "Huis aan de Linge", "Opvang De Overkant"];

/// A municipal-style export of `n` cases, half of them re-indications, a third closed.
pub fn export(n: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(n as u64);
    let mut text = String::with_capacity(n * 120);
    text.push_str("Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\r\n");
    let base = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    for i in 0..n {
        let received = base + chrono::Days::new(rng.u64(0..850));
        let reindication = rng.bool();
        let assigned = rng.bool().then(|| received + chrono::Days::new(rng.u64(1..20)));
        let decided = assigned.filter(|_| rng.u8(0..3) == 0).map(|a| a + chrono::Days::new(rng.u64(1..30)));
        let dmy = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
        text.push_str(&format!(
            "Z{i:07};C{};{};{};{};{};{};{};{};{};{};{}\r\n",
            rng.u32(100_000..999_999),
            if reindication { "Herindicatie" } else { "Nieuw" },
            ["BW", "BT", "MO", "IB"][rng.usize(0..4)],
            MUNICIPALITIES[rng.usize(0..MUNICIPALITIES.len())],
            if reindication { PROVIDERS[rng.usize(0..PROVIDERS.len())] } else { "" },
            if assigned.is_some() { CONSULTANTS[rng.usize(0..CONSULTANTS.len())] } else { "" },
            dmy(received),
            assigned.map(dmy).unwrap_or_default(),
            decided.map(dmy).unwrap_or_default(),
            if decided.is_some() { ["Toegekend", "Afgewezen", "Ingetrokken"][rng.usize(0..3)] } else { "" },
            if reindication { dmy(received + chrono::Days::new(60)) } else { String::new() },
        ));
    }
    text.into_bytes()
}

/// `export(n)` with `extra` columns more (`Extra 1`…, each value `x`): an export at the cell limit.
pub fn wide_export(n: usize, extra: usize) -> Vec<u8> {
    let text = String::from_utf8(export(n)).unwrap_or_default();
    let mut wide = String::with_capacity(text.len() + n * extra * 2);
    for (index, line) in text.split_terminator("\r\n").enumerate() {
        wide.push_str(line);
        for column in 1..=extra {
            if index == 0 {
                wide.push_str(&format!(";Extra {column}"));
            } else {
                wide.push_str(";x");
            }
        }
        wide.push_str("\r\n");
    }
    wide.into_bytes()
}

/// Peak resident memory of this process so far, in MB (Linux).
pub fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// The case counts to measure: `BENCH_SIZES=10000,100000`, else 10k, 100k and 1M.
pub fn sizes() -> Vec<usize> {
    std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

/// `export(n)` in the demo's shape: Windows-1252 (the header's "Cliëntnummer"), and a BSN
/// column with valid numbers (eleven-test) that the import reads and drops.
pub fn demo_shaped_export(n: usize) -> Vec<u8> {
    let text = String::from_utf8(export(n)).unwrap_or_default();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut out = Vec::with_capacity(text.len() + n * 10);
    for (index, line) in text.split_terminator("\r\n").enumerate() {
        let (id, rest) = line.split_once(';').unwrap_or((line, ""));
        let (client, rest) = rest.split_once(';').unwrap_or((rest, ""));
        let (client, bsn) = if index == 0 {
            ("Cli\u{eb}ntnummer".to_owned(), "BSN".to_owned())
        } else {
            (client.to_owned(), bsn(&mut rng))
        };
        let row = format!("{id};{client};{bsn};{rest}\r\n");
        out.extend(row.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')));
    }
    out
}

/// A random BSN that passes the eleven-test.
fn bsn(rng: &mut fastrand::Rng) -> String {
    loop {
        let digits: Vec<u32> = (0..8).map(|_| rng.u32(0..10)).collect();
        let sum: u32 = digits.iter().zip((2..=9).rev()).map(|(d, w)| d * w).sum();
        let last = sum % 11;
        if last < 10 && digits[0] > 0 {
            return digits.iter().chain([&last]).map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
        }
    }
}
