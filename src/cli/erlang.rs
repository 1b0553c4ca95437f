//! `callsim erlang b|c|a`: the exact formulas a manager's calculator gives,
//! for a staffing level or as the minimum staffing for a target.

use super::args::{ErlangArgs, ErlangModel};
use super::error::{CliError, EXIT_OK};
use crate::scenario::duration::parse_duration;
use crate::scenario::limits::MAX_AGENTS;
use crate::staffing::erlang::{Queue, erlang_b, min_agents, min_lines};

fn usage(message: String) -> CliError {
    CliError::Usage(message)
}

fn duration(flag: &str, text: &str) -> Result<f64, CliError> {
    let seconds = parse_duration(text).map_err(|e| usage(format!("{flag} {text:?}: {e}")))?;
    if seconds <= 0.0 {
        return Err(usage(format!(
            "{flag} {text:?}: expected a duration greater than 0"
        )));
    }
    Ok(seconds)
}

/// A number as the user typed it, `-0` shown as `0`.
fn shown(value: f64) -> f64 {
    value + 0.0
}

/// `0.8/20s` → (0.8, Some(20)); `0.01` → (0.01, None).
pub(super) fn target(text: &str) -> Result<(f64, Option<f64>), CliError> {
    let (share, threshold) = match text.split_once('/') {
        Some((s, t)) => (s, Some(duration("--target", t.trim())?)),
        None => (text, None),
    };
    let share: f64 = share.trim().parse().map_err(|_| {
        usage(format!(
            "--target {text:?}: expected SHARE/DURATION, e.g. 0.8/20s"
        ))
    })?;
    if !(share > 0.0 && share <= 1.0) {
        return Err(usage(format!(
            "--target {text:?}: the share must be in (0, 1], e.g. 0.8 for 80 %"
        )));
    }
    Ok((share, threshold))
}

pub fn erlang(args: &ErlangArgs) -> Result<u8, CliError> {
    let aht = match &args.aht {
        Some(t) => duration("--aht", t)?,
        None => 300.0,
    };
    let load = match (args.load, args.rate) {
        (Some(l), None) => {
            if !(l.is_finite() && l > 0.0) {
                return Err(usage(format!(
                    "--load {}: out of range: expected a number of Erlangs > 0",
                    shown(l)
                )));
            }
            l
        }
        (None, Some(r)) => {
            if !(r.is_finite() && r > 0.0) {
                return Err(usage(format!(
                    "--rate {}: out of range: expected calls per hour > 0",
                    shown(r)
                )));
            }
            r / 3600.0 * aht
        }
        _ => {
            return Err(usage(
                "give the load as --load ERLANGS, or as --rate CALLS/H with --aht".into(),
            ));
        }
    };
    if !(load.is_finite() && load > 0.0) {
        return Err(usage(format!(
            "invalid load {load}: expected a number of Erlangs > 0"
        )));
    }
    let rate = load / aht;
    let mut threshold = match &args.threshold {
        Some(t) => duration("--threshold", t)?,
        None => 20.0,
    };
    if args.model == ErlangModel::B && args.threshold.is_some() {
        return Err(usage(
            "--threshold applies to Erlang C and A only: Erlang B has no waiting, so no \
             service level\n  = help: drop --threshold, or use `erlang c` for a service level"
                .into(),
        ));
    }
    let patience = match (&args.patience, args.model) {
        (Some(p), ErlangModel::A) => Some(duration("--patience", p)?),
        (None, ErlangModel::A) => {
            return Err(usage(
                "Erlang A needs the mean patience: --patience 120s".into(),
            ));
        }
        (Some(_), _) => return Err(usage("--patience applies to Erlang A only".into())),
        (None, _) => None,
    };
    let target = args.target.as_deref().map(target).transpose()?;
    if let (ErlangModel::B, Some((_, Some(_)))) = (args.model, target) {
        return Err(usage(format!(
            "--target {:?}: Erlang B targets a blocking share, with no waiting time: \
             calls that find every line busy are lost, none wait\n  = help: give the highest \
             share of calls blocked, e.g. --target 0.01 for 1 % (or use `erlang c` for a service level)",
            args.target.as_deref().unwrap_or_default()
        )));
    }
    let agents = match (args.agents, target) {
        (Some(_), Some(_)) => return Err(usage("give --agents or --target, not both".into())),
        (None, None) => {
            return Err(usage(
                "give --agents N, or --target 0.8/20s to find the minimum".into(),
            ));
        }
        (Some(0), _) => return Err(usage("--agents 0: expected at least 1".into())),
        (Some(c), None) => c,
        (None, Some((share, t))) => {
            if let Some(t) = t {
                threshold = t;
            }
            let found = match args.model {
                ErlangModel::B => min_lines(load, share, MAX_AGENTS),
                _ => min_agents(rate, aht, patience, threshold, share, MAX_AGENTS),
            };
            found.ok_or_else(|| {
                usage(format!(
                    "no staffing up to {MAX_AGENTS} meets the target {}",
                    args.target.as_deref().unwrap_or_default()
                ))
            })?
        }
    };
    if args.model == ErlangModel::B {
        let blocking = erlang_b(agents, load);
        let occupancy = load * (1.0 - blocking) / f64::from(agents);
        if args.json {
            // The shape of C and A: what was asked at the top, the
            // results under `measures`.
            let out = serde_json::json!({
                "model": "B",
                "lines": agents,
                "measures": {
                    "load_erlangs": load,
                    "p_block": blocking,
                    "occupancy": occupancy,
                },
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        } else {
            println!("Erlang B: {load:.4} Erlangs offered to {agents} lines");
            println!("  blocking    {:.6} ({:.3} %)", blocking, 100.0 * blocking);
            println!("  occupancy   {:.6}", occupancy);
        }
        return Ok(EXIT_OK);
    }
    let q = Queue {
        rate,
        aht,
        agents,
        patience,
    };
    let Some(m) = q.measures(threshold) else {
        return Err(usage(format!(
            "{load:.4} Erlangs on {agents} agents is unstable without abandonment (load >= agents): add agents"
        )));
    };
    if args.json {
        let out = serde_json::json!({
            "model": if patience.is_some() { "A" } else { "C" },
            "agents": agents,
            "aht_seconds": aht,
            "patience_seconds": patience,
            "threshold_seconds": threshold,
            "measures": m,
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(EXIT_OK);
    }
    let model = if patience.is_some() {
        "Erlang A"
    } else {
        "Erlang C"
    };
    println!(
        "{model}: {load:.4} Erlangs ({:.1} calls/h, AHT {aht} s{}) on {agents} agents{}",
        rate * 3600.0,
        patience
            .map(|p| format!(", patience {p} s"))
            .unwrap_or_default(),
        if target.is_some() {
            " (the fewest that meet the target)"
        } else {
            ""
        }
    );
    println!(
        "  service level   {:.6} answered within {threshold} s",
        m.service_level
    );
    println!("  P(wait)         {:.6}", m.p_wait);
    println!("  abandonment     {:.6}", m.p_abandon);
    println!("  ASA             {:.4} s (answered calls)", m.asa);
    println!(
        "  mean wait       {:.4} s (all offered calls)",
        m.mean_wait_all
    );
    println!("  occupancy       {:.6}", m.occupancy);
    Ok(EXIT_OK)
}
