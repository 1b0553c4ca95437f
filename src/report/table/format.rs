//! The number formats every table of the terminal summary shares.

use std::fmt::Write;

/// Undefined ratios (nothing offered) print as a dash, never as 0 or NaN.
pub(super) const NONE: &str = "-";

/// A share as a percentage, one decimal: `83.4 %`.
pub(super) fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| NONE.into(), |v| format!("{:.1} %", 100.0 * v))
}

/// Seconds, one decimal: `12.5 s`.
pub(super) fn secs(x: Option<f64>) -> String {
    x.map_or_else(|| NONE.into(), |v| format!("{v:.1} s"))
}

/// A human duration for headers: `30m`, `10h`, `1h30m`, `45s`.
pub fn human_duration(seconds: f64) -> String {
    // Sub-second parts (an `interval = 0.5` is half a second) are shown in
    // milliseconds, so a duration never reads as another one.
    let millis = (seconds * 1000.0).round() as u64 % 1000;
    let total = if millis == 0 {
        seconds.round() as u64
    } else {
        seconds.trunc() as u64
    };
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    let mut out = String::new();
    for (value, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if value > 0 {
            let _ = write!(out, "{value}{unit}");
        }
    }
    if millis > 0 {
        let _ = write!(out, "{millis}ms");
    }
    if out.is_empty() { "0s".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::human_duration;

    #[test]
    fn durations_read_like_the_scenario_files() {
        assert_eq!(human_duration(1800.0), "30m");
        assert_eq!(human_duration(36_000.0), "10h");
        assert_eq!(human_duration(5400.0), "1h30m");
        assert_eq!(human_duration(0.0), "0s");
    }
}
