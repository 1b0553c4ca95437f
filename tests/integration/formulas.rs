//! The Erlang B, C and A formulas against every row of the exact validation
//! tables (to 1e-6), and their shape: more agents never worse, the limits,
//! and huge values without overflow.

use callsim::staffing::erlang::{Queue, erlang_b, erlang_c, halfin_whitt_beta, min_agents};
use std::collections::HashMap;

fn rows(file: &str) -> Vec<HashMap<String, String>> {
    let path = format!(
        "{}/tests/data/validation/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    crate::common::csv_rows(std::path::Path::new(&path))
}

fn num(row: &HashMap<String, String>, key: &str) -> Option<f64> {
    row.get(key)
        .filter(|v| !v.is_empty())
        .map(|v| v.parse().unwrap())
}

fn close(what: &str, got: f64, want: f64) {
    let tol = 1e-6 * want.abs().max(1.0);
    assert!((got - want).abs() <= tol, "{what}: got {got}, exact {want}");
}

#[test]
fn every_public_case_to_1e_minus_6() {
    for row in rows("public_cases.csv") {
        let id = row["case_id"].clone();
        let rate = num(&row, "arrivals_per_hour").unwrap() / 3600.0;
        let aht = num(&row, "aht_s").unwrap();
        match row["model"].as_str() {
            "B" => {
                let lines = num(&row, "lines").unwrap() as u32;
                close(
                    &format!("{id} p_block"),
                    erlang_b(lines, rate * aht),
                    num(&row, "p_block").unwrap(),
                );
            }
            model => {
                let q = Queue {
                    rate,
                    aht,
                    agents: num(&row, "agents").unwrap() as u32,
                    patience: if model == "A" {
                        num(&row, "patience_s")
                    } else {
                        None
                    },
                };
                let m = q.measures(num(&row, "threshold_s").unwrap()).unwrap();
                for (key, got) in [
                    ("p_wait", m.p_wait),
                    ("p_abandon", m.p_abandon),
                    ("sl", m.service_level),
                    ("asa", m.asa),
                    ("mean_wait_all", m.mean_wait_all),
                    ("occupancy", m.occupancy),
                    ("rho", m.rho),
                ] {
                    close(&format!("{id} {key}"), got, num(&row, key).unwrap());
                }
            }
        }
    }
}

#[test]
fn every_staffing_row_to_1e_minus_6() {
    let (aht, threshold, target) = (300.0, 20.0, 0.8);
    for row in rows("staffing.csv") {
        let load = num(&row, "load_erlangs").unwrap();
        let rate = load / aht;
        let c = min_agents(rate, aht, None, threshold, target, 10_000).unwrap();
        assert_eq!(
            f64::from(c),
            num(&row, "c_min_C_80_20").unwrap(),
            "load {load}: Erlang C agents"
        );
        let sl = Queue {
            rate,
            aht,
            agents: c,
            patience: None,
        }
        .measures(threshold)
        .unwrap()
        .service_level;
        close(
            &format!("load {load} sl_C"),
            sl,
            num(&row, "sl_C_at_min").unwrap(),
        );
        let a = min_agents(rate, aht, Some(120.0), threshold, target, 10_000).unwrap();
        assert_eq!(
            f64::from(a),
            num(&row, "c_min_A_80_20").unwrap(),
            "load {load}: Erlang A agents"
        );
        let sl = Queue {
            rate,
            aht,
            agents: a,
            patience: Some(120.0),
        }
        .measures(threshold)
        .unwrap()
        .service_level;
        close(
            &format!("load {load} sl_A"),
            sl,
            num(&row, "sl_A_at_min").unwrap(),
        );
        for alpha in ["0.2", "0.5"] {
            let beta = halfin_whitt_beta(alpha.parse().unwrap());
            close(
                &format!("beta {alpha}"),
                beta,
                num(&row, &format!("beta_hw_a{alpha}")).unwrap(),
            );
            let c = (load + beta * load.sqrt()).ceil() as u32;
            assert_eq!(
                f64::from(c),
                num(&row, &format!("c_sqrt_a{alpha}")).unwrap(),
                "load {load}"
            );
            close(
                &format!("load {load} p_wait at sqrt"),
                erlang_c(c, load),
                num(&row, &format!("p_wait_C_at_sqrt_a{alpha}")).unwrap(),
            );
        }
    }
}

#[test]
fn more_agents_are_never_worse() {
    for patience in [None, Some(60.0), Some(300.0)] {
        let mut last: Option<(f64, f64)> = None;
        for agents in 1..60 {
            let q = Queue {
                rate: 40.0 / 60.0,
                aht: 60.0,
                agents,
                patience,
            };
            let Some(m) = q.measures(20.0) else { continue };
            if let Some((sl, asa)) = last {
                assert!(
                    m.service_level >= sl - 1e-12 && m.asa <= asa + 1e-12,
                    "{patience:?} {agents}"
                );
            }
            last = Some((m.service_level, m.asa));
        }
    }
    for c in 1..200 {
        assert!(erlang_b(c + 1, 50.0) <= erlang_b(c, 50.0));
    }
}

#[test]
fn limits_hold() {
    // No load: nobody waits or is blocked.
    assert!(erlang_b(10, 1e-12) < 1e-100);
    assert!(erlang_c(10, 1e-9) < 1e-80);
    let m = Queue {
        rate: 1e-9,
        aht: 60.0,
        agents: 3,
        patience: Some(30.0),
    }
    .measures(20.0)
    .unwrap();
    assert!(m.p_wait < 1e-20 && (m.service_level - 1.0).abs() < 1e-9);
    // Many agents: Erlang C tends to 0, and Erlang A to Erlang C as
    // patience grows.
    assert!(erlang_c(400, 100.0) < 1e-50);
    let c = Queue {
        rate: 1.0 / 6.0,
        aht: 60.0,
        agents: 12,
        patience: None,
    }
    .measures(20.0)
    .unwrap();
    let a = Queue {
        rate: 1.0 / 6.0,
        aht: 60.0,
        agents: 12,
        patience: Some(1e9),
    }
    .measures(20.0)
    .unwrap();
    assert!((a.p_wait - c.p_wait).abs() < 1e-6 && (a.service_level - c.service_level).abs() < 1e-6);
    assert!((a.asa - c.asa).abs() < 1e-4, "{} vs {}", a.asa, c.asa);
}

#[test]
fn huge_systems_do_not_overflow() {
    for (agents, load) in [(5_000u32, 4_900.0), (5_200, 5_000.0), (6_000, 5_000.0)] {
        let b = erlang_b(agents, load);
        let c = erlang_c(agents, load);
        assert!(
            b.is_finite() && (0.0..=1.0).contains(&b) && (0.0..=1.0).contains(&c),
            "{agents} {load}"
        );
        let m = Queue {
            rate: load / 300.0,
            aht: 300.0,
            agents,
            patience: Some(180.0),
        }
        .measures(20.0)
        .unwrap();
        for v in [m.p_wait, m.p_abandon, m.service_level, m.occupancy] {
            assert!(
                v.is_finite() && (0.0..=1.0 + 1e-12).contains(&v),
                "{agents} {load}: {m:?}"
            );
        }
        assert!(m.asa.is_finite() && m.asa >= 0.0);
    }
    // Overloaded beyond capacity, Erlang A still has a steady state.
    let m = Queue {
        rate: 6_000.0 / 300.0,
        aht: 300.0,
        agents: 5_000,
        patience: Some(120.0),
    }
    .measures(20.0)
    .unwrap();
    assert!(m.p_abandon > 0.1 && m.p_abandon < 0.2, "{m:?}");
}

#[test]
fn the_erlang_command_computes_and_staffs() {
    let tmp = tempfile::TempDir::new().unwrap();
    let run = crate::cli::run_in(
        tmp.path(),
        &[
            "erlang", "c", "--rate", "1000", "--aht", "5m", "--agents", "90",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("service level   0.764501"),
        "{}",
        run.stdout
    );
    let run = crate::cli::run_in(
        tmp.path(),
        &[
            "erlang",
            "a",
            "--load",
            "10",
            "--aht",
            "300s",
            "--patience",
            "120s",
            "--target",
            "0.8/20s",
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["agents"], 12,
        "staffing.csv: 12 agents for 10 Erlangs under Erlang A"
    );
    let run = crate::cli::run_in(
        tmp.path(),
        &["erlang", "b", "--load", "10", "--target", "0.01"],
    );
    assert!(run.stdout.contains("to 18 lines"), "{}", run.stdout);
    for (args, fragment) in [
        (
            &["erlang", "c", "--load", "10", "--target", "1.2/20s"][..],
            "(0, 1]",
        ),
        (
            &["erlang", "c", "--load", "10", "--target", "0/20s"][..],
            "(0, 1]",
        ),
        (
            &["erlang", "c", "--load", "10", "--target", "0.8/0s"][..],
            "greater than 0",
        ),
        (
            &[
                "erlang",
                "c",
                "--load",
                "10",
                "--agents",
                "12",
                "--threshold=0s",
            ][..],
            "--threshold",
        ),
        (
            &["erlang", "c", "--load", "10", "--agents", "9"][..],
            "unstable",
        ),
        (
            &["erlang", "a", "--load", "10", "--agents", "9"][..],
            "--patience",
        ),
        (&["erlang", "c", "--agents", "9"][..], "--load"),
        (
            &["erlang", "c", "--load=-3", "--agents", "9"][..],
            "--load -3: out of range",
        ),
    ] {
        let run = crate::cli::run_in(tmp.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
    }
}
