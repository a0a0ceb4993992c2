//! The figures across snapshots of spec/flow.md through the real server, on the worked example
//! of three weekly exports (tests/fixtures/flow): A picked up between the first two and its
//! indication end moved in the third, B handed to another consultant, C decided, D gone from the
//! second and back in the third, E and H unchanged throughout (H's received date corrected in the
//! third), I withdrawn in the second and open again in the third, F new in the third.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use serde_json::json;

const SNAPSHOTS: [(&str, &[u8]); 3] = [
    ("2025-06-12", include_bytes!("fixtures/flow/2025-06-12.csv")),
    ("2025-06-19", include_bytes!("fixtures/flow/2025-06-19.csv")),
    ("2025-06-26", include_bytes!("fixtures/flow/2025-06-26.csv")),
];

async fn with_three_snapshots() -> TestServer {
    let server = TestServer::start().await;
    for (as_of, file) in SNAPSHOTS {
        let (status, body) = server.post_import("/api/v1/imports", file, as_of).await;
        assert_eq!(status, 201, "{as_of}: {body}");
    }
    server
}

#[test]
fn the_metrics_give_the_flow_figures_of_the_worked_example() {
    common::run(async {
        let server = with_three_snapshots().await;
        let (status, m) = server.json("/api/v1/metrics").await;
        assert_eq!(status, 200, "{m}");
        // Decisions in the 13 full weeks before 23-06-2025: G (49 days) and C (64 days).
        assert_eq!(m["lead_time_percentiles"], json!({"p50": 49, "p70": 64, "p85": 64, "p95": 64}));
        // Open: D and F not picked up; A (108 days) and B (85 days) older than p85 = 64.
        assert_eq!(
            m["aging_wip"],
            json!([
                {"stage": "unassigned", "count": 2, "above_p85": 0},
                {"stage": "in_progress", "count": 5, "above_p85": 2},
                {"stage": "ready", "count": 0, "above_p85": 0},
            ])
        );
        assert_eq!(m["stalled"], 2, "E and H");
        assert_eq!(
            m["cfd"],
            json!([
                {"as_of": "2025-06-12", "arrived": 8, "picked_up": 6, "decided": 1},
                {"as_of": "2025-06-19", "arrived": 8, "picked_up": 7, "decided": 3},
                {"as_of": "2025-06-26", "arrived": 9, "picked_up": 7, "decided": 2},
            ])
        );
        assert_eq!(
            m["data_quality"],
            json!({"vanished": [], "returned": ["D"], "received_on_changed": ["H"], "reopened": ["I"]})
        );
    })
}

#[test]
fn an_earlier_as_of_date_reads_the_series_up_to_it_and_filters_apply() {
    common::run(async {
        let server = with_three_snapshots().await;
        let (_, m) = server.json("/api/v1/metrics?as_of=2025-06-19").await;
        assert_eq!(m["stalled"], serde_json::Value::Null, "two snapshots, N = 3");
        assert_eq!(
            m["data_quality"],
            json!({"vanished": ["D"], "returned": [], "received_on_changed": [], "reopened": []})
        );
        assert_eq!(m["cfd"].as_array().map(Vec::len), Some(2));
        let (_, m) = server.json("/api/v1/metrics?consultant=Bakker").await;
        assert_eq!(m["stalled"], 1, "E");
        assert_eq!(m["cfd"][2], json!({"as_of": "2025-06-26", "arrived": 4, "picked_up": 4, "decided": 2}));
        assert_eq!(m["data_quality"]["reopened"], json!(["I"]));
        assert_eq!(m["data_quality"]["returned"], json!([]));
    })
}
