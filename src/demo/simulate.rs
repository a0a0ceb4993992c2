//! A seeded simulation of the BW&O case flow behind the demo exports: new reports go first,
//! re-indications pile up until a dedicated team starts in May, some indications lapse.

use chrono::{Datelike, Days, NaiveDate};

/// One case with its whole history; an export shows what was known on its as-of date.
#[derive(Clone, Debug)]
pub struct SimCase {
    pub case_id: String,
    pub client_ref: String,
    pub bsn: Option<String>,
    pub reindication: bool,
    pub product: &'static str,
    pub municipality: &'static str,
    pub provider: Option<&'static str>,
    pub consultant: Option<&'static str>,
    pub received_on: NaiveDate,
    pub assigned_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub outcome: Option<&'static str>,
    pub indication_end: Option<NaiveDate>,
}

/// Municipalities of the Drechtsteden and Alblasserwaard-Vijfheerenlanden, weighted by size.
const MUNICIPALITIES: [(&str, u32); 10] = [
    ("Dordrecht", 30),
    ("Zwijndrecht", 11),
    ("Papendrecht", 8),
    ("Sliedrecht", 6),
    ("Hendrik-Ido-Ambacht", 7),
    ("Alblasserdam", 5),
    ("Hardinxveld-Giessendam", 4),
    ("Gorinchem", 9),
    ("Molenlanden", 10),
    ("Vijfheerenlanden", 10),
];

/// Fictitious providers; one organisation appears under two spellings, as in real exports.
const PROVIDERS: [(&str, u32); 7] = [
    ("Stichting Drechtwonen", 9),
    ("Zorggroep Merwestroom", 6),
    ("Zorggroep Merwestroom B.V.", 2),
    ("Huis aan de Linge", 5),
    ("Stichting Nieuwe Kade", 4),
    ("Begeleid Wonen Waal & Merwe", 4),
    ("Opvang De Overkant", 3),
];

/// A date as (year, month, day).
type Ymd = (i32, u32, u32);

/// Consultants with the period they worked the queue: the team changes over time.
const CONSULTANTS: [(&str, Ymd, Ymd); 6] = [
    ("A. Jansen", (2024, 9, 1), (2025, 12, 31)),
    ("M. de Vries", (2024, 9, 1), (2025, 12, 31)),
    ("S. Bakker", (2024, 9, 1), (2025, 6, 13)),
    ("E. Öztürk", (2025, 5, 5), (2025, 12, 31)),
    ("R. Visser", (2025, 5, 5), (2025, 12, 31)),
    ("L. Mulder", (2025, 6, 16), (2025, 12, 31)),
];

/// The dedicated re-indication team starts here; before it, re-indications mostly wait.
fn team_start() -> NaiveDate {
    date((2025, 5, 5))
}

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn weighted<T: Copy>(rng: &mut fastrand::Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.u32(0..total.max(1));
    for (item, weight) in items {
        if pick < *weight {
            return *item;
        }
        pick -= weight;
    }
    items[0].0
}

/// A random citizen service number that passes the eleven-test.
fn bsn(rng: &mut fastrand::Rng) -> String {
    loop {
        let digits: Vec<u32> = (0..8).map(|i| if i == 0 { rng.u32(1..10) } else { rng.u32(0..10) }).collect();
        let sum: u32 = digits.iter().zip((2..=9).rev()).map(|(d, w)| d * w).sum();
        let last = sum % 11;
        if last < 10 {
            return digits.iter().chain([&last]).map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
        }
    }
}

fn add(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

/// Someone on the team on `day`; the re-indication team only from its start.
fn consultant_on(rng: &mut fastrand::Rng, day: NaiveDate, reindication: bool) -> Option<&'static str> {
    let available: Vec<&'static str> = CONSULTANTS
        .iter()
        .filter(|(name, from, to)| {
            date(*from) <= day && day <= date(*to) && (!reindication || *name != "S. Bakker")
        })
        .map(|(name, ..)| *name)
        .collect();
    (!available.is_empty()).then(|| available[rng.usize(0..available.len())])
}

/// Every case received from September 2024 up to `until`, with its full history.
pub fn simulate(seed: u64, until: NaiveDate) -> Vec<SimCase> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut cases = Vec::new();
    let mut day = date((2024, 9, 2));
    let mut number = 1200;
    while day <= until {
        if day.weekday().number_from_monday() <= 5 {
            for _ in 0..rng.usize(0..5) {
                number += 1;
                cases.push(new_case(&mut rng, day, number));
            }
        }
        day = add(day, 1);
    }
    cases
}

fn new_case(rng: &mut fastrand::Rng, received_on: NaiveDate, number: u32) -> SimCase {
    let reindication = rng.f32() < 0.55;
    let product = if reindication {
        weighted(rng, &[("BW", 6), ("BT", 3), ("IB", 2)])
    } else {
        weighted(rng, &[("MO", 4), ("BW", 2), ("BT", 2), ("IB", 3)])
    };
    let mut case = SimCase {
        case_id: format!("WMO-{}-{number:05}", received_on.year()),
        client_ref: format!("C{:06}", 300_000 + rng.u32(0..600_000)),
        bsn: (rng.f32() < 0.8).then(|| bsn(rng)),
        reindication,
        product,
        municipality: weighted(rng, &MUNICIPALITIES),
        provider: reindication.then(|| weighted(rng, &PROVIDERS)),
        consultant: None,
        received_on,
        assigned_on: None,
        decided_on: None,
        outcome: None,
        // A provider asks for a re-indication some weeks before the indication ends.
        indication_end: reindication.then(|| add(received_on, 14 + rng.u64(0..70))),
    };
    if reindication {
        handle_reindication(rng, &mut case);
    } else {
        handle_new(rng, &mut case);
    }
    case
}

/// New reports go first: picked up within days, decided within about six weeks.
fn handle_new(rng: &mut fastrand::Rng, case: &mut SimCase) {
    let assigned = add(case.received_on, rng.u64(1..12));
    case.assigned_on = Some(assigned);
    case.consultant = consultant_on(rng, assigned, false);
    decide(rng, case, assigned, 10..45);
}

/// Re-indications were handled in weeks until the backlog began in 2025; from then they
/// wait for the dedicated team, which works the oldest first: January and February in May,
/// March onwards from mid-June, slowly.
fn handle_reindication(rng: &mut fastrand::Rng, case: &mut SimCase) {
    let assigned = if case.received_on < date((2025, 1, 1)) || rng.f32() < 0.1 {
        add(case.received_on, 14 + rng.u64(0..28))
    } else if case.received_on < date((2025, 3, 1)) {
        add(team_start(), 7 + rng.u64(0..21))
    } else {
        add(case.received_on.max(team_start()), 6 * 7 + rng.u64(0..16 * 7))
    };
    case.assigned_on = Some(assigned);
    case.consultant = consultant_on(rng, assigned, true);
    decide(rng, case, assigned, 14..60);
}

fn decide(rng: &mut fastrand::Rng, case: &mut SimCase, assigned: NaiveDate, days: std::ops::Range<u64>) {
    let decided = add(assigned, rng.u64(days));
    case.decided_on = Some(decided);
    case.outcome = Some(weighted(rng, &[("Toegekend", 80), ("Afgewezen", 8), ("Ingetrokken", 12)]));
}
