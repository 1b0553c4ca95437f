//! `callsim erlang c|a` against an independent oracle: the birth-death
//! chain of M/M/n+M (and M/M/n, no patience) summed directly, sharing no
//! code with `src/erlang.rs`. Every measure must match to 1e-9 relative, at
//! one agent as at thousands.
//!
//! The oracle:
//! - the stationary distribution pi_j of the number in system, from the
//!   balance equations pi_j = pi_{j-1} lambda / (min(j, n) mu + (j - n)+
//!   theta), in log space and normalised;
//! - P(wait) = P(j >= n) (arrivals see time averages); mean wait of all
//!   offered calls = E[queue] / lambda (Little); P(abandon) = theta
//!   E[queue] / lambda (abandonments per unit time over arrivals);
//!   occupancy = E[min(j, n)] / n;
//! - the answered caller's wait by first-step analysis of the tagged
//!   caller, with i callers ahead: it leaves that state at rate q_i = n mu +
//!   (i + 1) theta, moving up with probability (n mu + i theta) / q_i;
//! - the service level by uniformisation of that tagged chain: the
//!   probability of reaching an agent within the threshold, Poisson-weighted
//!   over jump counts.

use crate::cli::run_in;
use serde_json::Value;

#[derive(Debug)]
struct Exact {
    p_wait: f64,
    p_abandon: f64,
    service_level: f64,
    asa: f64,
    mean_wait_all: f64,
    occupancy: f64,
}

/// The birth-death chain of `agents` agents with arrivals at `rate` per
/// second, exponential handle times of mean `aht` and patience of mean
/// `patience` (none: nobody abandons), threshold `t` seconds.
fn birth_death(rate: f64, aht: f64, agents: u32, patience: Option<f64>, t: f64) -> Exact {
    let (lambda, mu, n) = (rate, 1.0 / aht, agents as usize);
    let theta = patience.map_or(0.0, |p| 1.0 / p);
    let death = |j: usize| j.min(n) as f64 * mu + j.saturating_sub(n) as f64 * theta;
    let mut ln_pi = vec![0.0f64];
    let (mut peak, mut queue_peak) = (0.0f64, f64::NEG_INFINITY);
    loop {
        let j = ln_pi.len();
        let next = ln_pi[j - 1] + (lambda / death(j)).ln();
        ln_pi.push(next);
        peak = peak.max(next);
        if j >= n {
            queue_peak = queue_peak.max(next);
        }
        // Stop once the terms fall and are negligible against the states
        // with a queue (P(wait) may itself be 1e-20).
        if j > n && death(j) > lambda && next < queue_peak - 60.0 {
            break;
        }
        assert!(j < 5_000_000, "the chain does not settle");
    }
    let weights: Vec<f64> = ln_pi.iter().map(|l| (l - peak).exp()).collect();
    let total: f64 = weights.iter().sum();
    let pi: Vec<f64> = weights.iter().map(|w| w / total).collect();

    let p_wait: f64 = pi[n..].iter().sum();
    // Not 1 - p_wait: that cancels when nearly everyone waits.
    let p_no_wait: f64 = pi[..n].iter().sum();
    let queue: f64 = pi
        .iter()
        .enumerate()
        .map(|(j, p)| j.saturating_sub(n) as f64 * p)
        .sum();
    let busy: f64 = pi
        .iter()
        .enumerate()
        .map(|(j, p)| j.min(n) as f64 * p)
        .sum();
    let p_abandon = theta * queue / lambda;
    let mean_wait_all = queue / lambda;

    // The tagged caller, k = j - n callers ahead on arrival.
    let ahead = pi.len() - n;
    let nmu = n as f64 * mu;
    let (mut answered, mut answered_wait) = (p_no_wait, 0.0);
    let (mut a, mut m) = (1.0f64, 0.0f64); // state -1: reached an agent
    for k in 0..ahead {
        let q = nmu + (k as f64 + 1.0) * theta;
        let up = (nmu + k as f64 * theta) / q;
        m = up * (a / q + m);
        a *= up;
        answered += pi[n + k] * a;
        answered_wait += pi[n + k] * m;
    }
    // Two routes to P(answered) must agree: the oracle checks itself.
    assert!(
        ((1.0 - p_abandon) - answered).abs() <= 1e-12 * answered,
        "oracle: {answered} vs {}",
        1.0 - p_abandon
    );
    let asa = answered_wait / answered;

    // Uniformisation: states 0..ahead callers ahead, mass absorbed at the
    // agent counted in `reached`.
    let uniform = nmu + (ahead as f64 + 1.0) * theta;
    let mut state: Vec<f64> = pi[n..].to_vec();
    let mean_jumps = uniform * t;
    let last = (mean_jumps + 12.0 * mean_jumps.sqrt() + 60.0) as usize;
    let (mut reached, mut within) = (0.0f64, 0.0f64);
    let mut ln_factorial = 0.0f64;
    for jumps in 0..=last {
        if jumps > 0 {
            ln_factorial += (jumps as f64).ln();
            let mut next = vec![0.0; state.len()];
            for (i, &p) in state.iter().enumerate() {
                let move_up = (nmu + i as f64 * theta) / uniform;
                let leave = (nmu + (i as f64 + 1.0) * theta) / uniform;
                next[i] += p * (1.0 - leave);
                if i == 0 {
                    reached += p * move_up;
                } else {
                    next[i - 1] += p * move_up;
                }
            }
            state = next;
        }
        let poisson = (-mean_jumps + jumps as f64 * mean_jumps.ln() - ln_factorial).exp();
        within += poisson * reached;
    }
    Exact {
        p_wait,
        p_abandon,
        service_level: p_no_wait + within,
        asa,
        mean_wait_all,
        occupancy: busy / n as f64,
    }
}

fn erlang_json(args: &[String]) -> Value {
    let tmp = tempfile::TempDir::new().unwrap();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_in(tmp.path(), &args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn assert_close(what: &str, got: f64, want: f64) {
    let error = (got - want).abs();
    assert!(
        error <= 1e-9 * want.abs() || error < 1e-300,
        "{what}: callsim {got:.12e}, birth-death {want:.12e}, relative error {:.1e}",
        error / want.abs()
    );
}

#[test]
fn the_issue_case_at_one_agent() {
    // 27 calls/h, AHT 120 s, 1 agent, patience 30 s, threshold 10 s: the
    // birth-death ASA is 4.213853712 s; callsim printed 4.213823.
    let exact = birth_death(27.0 / 3600.0, 120.0, 1, Some(30.0), 10.0);
    assert!((exact.asa - 4.213_853_712).abs() < 1e-9, "{exact:?}");
    let json = erlang_json(
        &[
            "erlang",
            "a",
            "--rate",
            "27",
            "--aht",
            "120s",
            "--agents",
            "1",
            "--patience",
            "30s",
            "--threshold",
            "10s",
            "--json",
        ]
        .map(String::from),
    );
    assert_close("asa", json["measures"]["asa"].as_f64().unwrap(), exact.asa);
}

/// Erlang C and A over a grid of sizes (1 to 5,000 agents), loads (light,
/// heavy, and overloaded with patience) and patience (short and long).
#[test]
fn every_measure_matches_the_birth_death_chain() {
    let aht = 120.0;
    let threshold = 20.0;
    for agents in [1u32, 2, 3, 7, 20, 100, 500, 2000, 5000] {
        for rho in [0.05, 0.5, 0.9, 0.99, 1.3] {
            for patience in [None, Some(30.0), Some(120.0), Some(600.0)] {
                if patience.is_none() && rho >= 1.0 {
                    continue;
                }
                let load = rho * f64::from(agents);
                // The binary's own arithmetic: rate = load / AHT.
                let rate = load / aht;
                let exact = birth_death(rate, aht, agents, patience, threshold);
                let mut args: Vec<String> = [
                    "erlang",
                    if patience.is_some() { "a" } else { "c" },
                    "--load",
                    &load.to_string(),
                    "--aht",
                    "120s",
                    "--agents",
                    &agents.to_string(),
                    "--threshold",
                    "20s",
                    "--json",
                ]
                .map(String::from)
                .to_vec();
                if let Some(p) = patience {
                    args.extend(["--patience".to_owned(), format!("{p}s")]);
                }
                let json = erlang_json(&args);
                let m = &json["measures"];
                let case = format!("{agents} agents, rho {rho}, patience {patience:?}");
                for (name, want) in [
                    ("p_wait", exact.p_wait),
                    ("p_abandon", exact.p_abandon),
                    ("service_level", exact.service_level),
                    ("asa", exact.asa),
                    ("mean_wait_all", exact.mean_wait_all),
                    ("occupancy", exact.occupancy),
                ] {
                    let got = m[name].as_f64().unwrap_or_else(|| panic!("{case}: {name}"));
                    assert_close(&format!("{case}: {name}"), got, want);
                }
            }
        }
    }
}
