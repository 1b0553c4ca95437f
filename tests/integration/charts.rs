//! Charts and report.html as a user gets them from the binary: the files
//! exist, each SVG is well-formed XML carrying its title, axis labels,
//! legend and scenario name, each PNG decodes at 1200 x 700, the HTML page
//! fetches nothing, and all of it is the same bytes for the same seed.

use std::fs;
use std::path::Path;

use tempfile::TempDir;

use crate::cli::{repo, run_in};

const RUN_CHARTS: [&str; 4] = ["wait_histogram", "service_level", "queue", "agent_states"];

/// Every piece of text an SVG shows.
fn svg_texts(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("1200"));
    assert_eq!(root.attribute("height"), Some("700"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().trim().to_owned())
        .collect()
}

fn assert_shows(path: &Path, texts: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(
            texts.iter().any(|t| t.contains(w)),
            "{} has no text {w:?}; it has {texts:?}",
            path.display()
        );
    }
}

fn png_size(path: &Path) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    (frame.width, frame.height)
}

fn run_default(dir: &Path, extra: &[&str]) {
    let mut args = vec!["run", "-q", "--out", "out"];
    args.extend_from_slice(extra);
    let run = run_in(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_run_draws_four_charts_with_titles_axes_and_legends() {
    let tmp = TempDir::new().unwrap();
    run_default(tmp.path(), &[]);
    let charts = tmp.path().join("out/charts");
    let scenario = "helpdesk-basic · seed 1";
    let wanted: [(&str, &[&str]); 4] = [
        (
            "wait_histogram",
            &[
                "Wait before answer, answered calls",
                "wait before answer (seconds)",
                "share of answered calls",
                "SLA threshold 20 s",
                "answered at once",
                "of answered calls within 20 s",
                "target 80 %",
            ],
        ),
        (
            "service_level",
            &[
                "Service level per interval (answered within 20 s)",
                "interval start (clock time)",
                "service level",
                "target 80 %",
                "below target (2 intervals)",
                "08:00",
                "17:00",
            ],
        ),
        (
            "queue",
            &[
                "Calls waiting and in service",
                "calls waiting in queue",
                "agents busy",
                "interval start (clock time)",
            ],
        ),
        (
            "agent_states",
            &[
                "Agents by state",
                "agents (time-weighted mean)",
                "busy",
                "idle",
            ],
        ),
    ];
    for (stem, texts) in wanted {
        let svg = charts.join(format!("{stem}.svg"));
        let shown = svg_texts(&svg);
        assert_shows(&svg, &shown, texts);
        assert_shows(&svg, &shown, &[scenario]);
        assert_eq!(png_size(&charts.join(format!("{stem}.png"))), (1200, 700));
    }
}

#[test]
fn agent_states_with_shifts_show_breaks_lunch_and_meetings() {
    let tmp = TempDir::new().unwrap();
    let scenario = repo("scenarios/helpdesk-shifts.toml");
    let run = run_in(
        tmp.path(),
        &["run", scenario.to_str().unwrap(), "-q", "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = tmp.path().join("out/charts/agent_states.svg");
    let shown = svg_texts(&svg);
    assert_shows(
        &svg,
        &shown,
        &[
            "talk",
            "wrap-up",
            "idle",
            "break",
            "lunch",
            "meeting",
            "preparation",
        ],
    );
    let queue = tmp.path().join("out/charts/queue.svg");
    assert_shows(
        &queue,
        &svg_texts(&queue),
        &["calls in service (talk + hold)"],
    );
}

#[test]
fn report_html_is_self_contained() {
    let tmp = TempDir::new().unwrap();
    run_default(tmp.path(), &[]);
    let page = fs::read_to_string(tmp.path().join("out/report.html")).unwrap();
    for external in [
        "http:", "https:", "//", "<link", "<script", "url(", "@import", "<img",
    ] {
        assert!(
            !page.contains(external),
            "report.html contains {external:?}, which could fetch from outside"
        );
    }
    assert_eq!(
        page.matches("<svg").count(),
        4,
        "the four charts are inline"
    );
    for wanted in [
        "<title>helpdesk-basic: callsim report</title>",
        "Key figures",
        "92.3 % within 20 s",
        "Intervals",
        "<td>17:30</td>",
        "class=\"miss\"",
        "Full text report",
    ] {
        assert!(page.contains(wanted), "report.html lacks {wanted:?}");
    }
}

#[test]
fn charts_and_report_are_the_same_bytes_for_the_same_seed() {
    let tmp = TempDir::new().unwrap();
    run_default(tmp.path(), &[]);
    fs::rename(tmp.path().join("out"), tmp.path().join("first")).unwrap();
    run_default(tmp.path(), &[]);
    let mut files: Vec<String> = RUN_CHARTS
        .iter()
        .flat_map(|s| [format!("charts/{s}.svg"), format!("charts/{s}.png")])
        .collect();
    files.push("report.html".into());
    for f in &files {
        let a = fs::read(tmp.path().join("first").join(f)).unwrap();
        let b = fs::read(tmp.path().join("out").join(f)).unwrap();
        assert!(a == b, "{f} differs between two runs with the same seed");
    }
    run_default(tmp.path(), &["--seed", "2"]);
    let a = fs::read(tmp.path().join("first/charts/wait_histogram.svg")).unwrap();
    let b = fs::read(tmp.path().join("out/charts/wait_histogram.svg")).unwrap();
    assert!(a != b, "another seed draws another histogram");
}

#[test]
fn no_charts_skips_them_and_clears_stale_ones() {
    let tmp = TempDir::new().unwrap();
    run_default(tmp.path(), &[]);
    assert!(tmp.path().join("out/charts/queue.png").exists());
    let run = run_in(tmp.path(), &["run", "-q", "--out", "out", "--no-charts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("charts/"), "{}", run.stdout);
    for stem in RUN_CHARTS {
        for ext in ["svg", "png"] {
            let path = tmp.path().join(format!("out/charts/{stem}.{ext}"));
            assert!(
                !path.exists(),
                "{} from the earlier run is left",
                path.display()
            );
        }
    }
    let page = fs::read_to_string(tmp.path().join("out/report.html")).unwrap();
    assert!(!page.contains("<svg") && page.contains("Key figures"));
}

#[test]
fn staff_draws_the_required_agents_chart() {
    let tmp = TempDir::new().unwrap();
    let scenario = repo("scenarios/helpdesk-basic.toml");
    let run = run_in(
        tmp.path(),
        &[
            "staff",
            scenario.to_str().unwrap(),
            "--target",
            "0.8/20s",
            "--shrinkage",
            "0.3",
            "--reps",
            "4",
            "--out",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = tmp.path().join("out/charts/staffing.svg");
    assert_shows(
        &svg,
        &svg_texts(&svg),
        &[
            "Agents required per interval",
            "interval start (clock time)",
            "agents · offered load (Erlangs)",
            "offered load (Erlangs)",
            "Erlang C (no abandonment)",
            "Erlang A (with abandonment)",
            "simulated (meets the targets)",
            "headcount to schedule (after shrinkage)",
            "helpdesk-basic · seed 1",
        ],
    );
    assert_eq!(
        png_size(&tmp.path().join("out/charts/staffing.png")),
        (1200, 700)
    );
    let run = run_in(
        tmp.path(),
        &[
            "staff",
            scenario.to_str().unwrap(),
            "--target",
            "0.8/20s",
            "--reps",
            "4",
            "--out",
            "plain",
            "--no-charts",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!tmp.path().join("plain/charts").exists());
}
