//! `report.html`: one self-contained page with the run's key figures, the
//! interval table and the charts, which a manager can open or e-mail.
//!
//! Nothing is fetched: the styles are inline and the charts are inline SVG,
//! so the page reads the same offline, from an attachment, years later. The
//! bytes depend only on the results (no date), like every other output.

use std::io::{self, Write};

use super::charts::Rendered;
use super::table;
use crate::scenario::Scenario;
use crate::stats::{IntervalRow, Results};

pub const REPORT_FILE: &str = "report.html";

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1240px;padding:0 1rem;color:#222}\
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}\
.sub{color:#666;margin-top:0}\
table{border-collapse:collapse;font-variant-numeric:tabular-nums}\
th,td{padding:.25rem .7rem;border-bottom:1px solid #eee;text-align:right}\
th:first-child,td:first-child{text-align:left}\
.figures td:first-child{color:#555}\
.met{color:#1a7f37;font-weight:bold}.missed{color:#c62828;font-weight:bold}\
tr.miss td{background:#fdecea}\
figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}\
pre{background:#f7f7f7;padding:1rem;overflow-x:auto}";

/// Writes the page for `scenario`'s `results` with `charts` inlined, piece
/// by piece into `w`: a long run's page (tens of MB) is never held whole.
pub fn write_report(
    w: &mut dyn Write,
    scenario: &Scenario,
    results: &Results,
    charts: &[Rendered],
) -> io::Result<()> {
    let s = &results.summary;
    let name = escape(&s.scenario);
    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{name}: callsim report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{name}</h1>\n<p class=\"sub\">callsim {} · seed {} · replication {} · {}</p>\n",
        env!("CARGO_PKG_VERSION"),
        s.seed,
        s.replication,
        escape(&horizon(scenario))
    )?;
    key_figures(w, results)?;
    if !charts.is_empty() {
        w.write_all(b"<h2>Charts</h2>\n")?;
        for chart in charts {
            writeln!(
                w,
                "<figure id=\"{}\" aria-label=\"{}\">",
                chart.file_stem,
                escape(&chart.title),
            )?;
            write_inline_svg(w, &chart.svg)?;
            w.write_all(b"\n</figure>\n")?;
        }
    }
    interval_table(w, &results.intervals, s.sla_target)?;
    w.write_all(b"<h2>Full text report</h2>\n<pre>")?;
    write_escaped(w, &table::render(scenario, results))?;
    w.write_all(b"</pre>\n</body>\n</html>\n")
}

fn horizon(scenario: &Scenario) -> String {
    let t = &scenario.time;
    format!(
        "{:.4} h in {} intervals of {:.0} min, SLA {:.0} % within {} s",
        t.duration / 3600.0,
        t.interval_count(),
        t.interval / 60.0,
        100.0 * scenario.sla.target,
        scenario.sla.threshold
    )
    .replace(".0000 h", " h")
}

fn key_figures(w: &mut dyn Write, results: &Results) -> io::Result<()> {
    let s = &results.summary;
    let pct = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{:.1} %", 100.0 * v));
    let sec = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.1} s"));
    let verdict = match s.sla_met {
        Some(true) => "<span class=\"met\">met</span>",
        Some(false) => "<span class=\"missed\">missed</span>",
        None => "no calls offered",
    };
    let rows = [
        (
            "Service level".to_owned(),
            format!(
                "{} within {} s (target {:.0} %: {verdict})",
                pct(s.service_level),
                s.sla_threshold_seconds,
                100.0 * s.sla_target
            ),
        ),
        (
            "Calls".to_owned(),
            format!(
                "{} arrived, {} blocked, {} offered, {} answered, {} abandoned",
                s.calls_arrived,
                s.calls_blocked,
                s.calls_offered,
                s.calls_answered,
                s.calls_abandoned
            ),
        ),
        ("Average speed of answer".to_owned(), sec(s.asa_seconds)),
        (
            "Mean wait of all offered calls".to_owned(),
            sec(s.mean_wait_seconds),
        ),
        ("Probability of waiting".to_owned(), pct(s.prob_wait)),
        ("Abandonment".to_owned(), pct(s.abandonment_rate)),
        ("Blocking".to_owned(), pct(s.blocking_rate)),
        ("Occupancy".to_owned(), pct(s.occupancy)),
        ("Mean handle time".to_owned(), sec(s.mean_handle_seconds)),
        (
            "Queue".to_owned(),
            format!(
                "{} on average, {} at most",
                s.avg_queue_length
                    .map_or("–".to_owned(), |q| format!("{q:.2}")),
                s.max_queue_length
            ),
        ),
        (
            "Answered wait percentiles".to_owned(),
            s.wait_seconds.as_ref().map_or("–".to_owned(), |w| {
                format!(
                    "p50 {:.1} s, p80 {:.1} s, p90 {:.1} s, p95 {:.1} s, p99 {:.1} s, max {:.1} s",
                    w.p50, w.p80, w.p90, w.p95, w.p99, w.max
                )
            }),
        ),
    ];
    w.write_all(b"<h2>Key figures</h2>\n<table class=\"figures\">\n")?;
    for (label, value) in rows {
        // Values are numbers and fixed words, and the verdict's markup.
        writeln!(w, "<tr><td>{}</td><td>{value}</td></tr>", escape(&label))?;
    }
    w.write_all(b"</table>\n")
}

fn interval_table(w: &mut dyn Write, rows: &[IntervalRow], target: f64) -> io::Result<()> {
    let staffed = rows.iter().any(|r| r.agents_available.is_some());
    w.write_all(
        b"<h2>Intervals</h2>\n<table>\n<tr><th>interval</th><th>offered</th><th>answered</th>\
         <th>abandoned</th><th>blocked</th><th>service level</th><th>ASA</th><th>abandonment</th>\
         <th>occupancy</th><th>queue</th>",
    )?;
    if staffed {
        w.write_all(b"<th>agents on duty</th><th>on break</th>")?;
    }
    w.write_all(b"</tr>\n")?;
    let pct = |v: Option<f64>| v.map_or(String::new(), |v| format!("{:.1} %", 100.0 * v));
    let num = |v: Option<f64>, d: usize| v.map_or(String::new(), |v| format!("{v:.d$}"));
    for r in rows {
        let miss = r.service_level.is_some_and(|sl| sl < target);
        write!(
            w,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            if miss { " class=\"miss\"" } else { "" },
            escape(&r.interval_start.to_string()),
            r.calls_offered,
            r.calls_answered,
            r.calls_abandoned,
            r.calls_blocked,
            pct(r.service_level),
            r.asa_seconds.map_or(String::new(), |a| format!("{a:.1} s")),
            pct(r.abandonment_rate),
            pct(r.occupancy),
            num(r.avg_queue_length, 2),
        )?;
        if staffed {
            write!(
                w,
                "<td>{}</td><td>{}</td>",
                num(r.agents_available, 1),
                num(r.agents_on_break, 1)
            )?;
        }
        w.write_all(b"</tr>\n")?;
    }
    writeln!(
        w,
        "</table>\n<p class=\"sub\">Rows in red miss the {:.0} % target.</p>",
        100.0 * target
    )
}

/// Writes the SVG document as an element of the page: the XML prolog
/// dropped and the namespace left to the HTML parser, which puts `<svg>` in
/// it anyway. Written in slices of the document, not a copy of it.
fn write_inline_svg(w: &mut dyn Write, svg: &str) -> io::Result<()> {
    const NAMESPACE: &str = " xmlns=\"http://www.w3.org/2000/svg\"";
    let body = match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    };
    match body.find(NAMESPACE) {
        Some(at) => {
            w.write_all(&body.as_bytes()[..at])?;
            w.write_all(&body.as_bytes()[at + NAMESPACE.len()..])
        }
        None => w.write_all(body.as_bytes()),
    }
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let _ = write_escaped(&mut out, text);
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// Writes `text` escaped for HTML element content and attribute values,
/// without building the escaped copy.
fn write_escaped(w: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        w.write_all(&text.as_bytes()[plain..i])?;
        w.write_all(entity.as_bytes())?;
        plain = i + c.len_utf8();
    }
    w.write_all(&text.as_bytes()[plain..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_the_namespace() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"1\" xmlns=\"http://www.w3.org/2000/svg\"><text>x</text></svg>";
        let mut inline = Vec::new();
        write_inline_svg(&mut inline, svg).unwrap();
        assert_eq!(inline, b"<svg width=\"1\"><text>x</text></svg>");
    }
}
