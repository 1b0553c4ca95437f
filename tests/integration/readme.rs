//! Every example in README.md is real output of the current binary.
//!
//! A fenced block without a language tag is an example, and is run:
//!
//! - a block whose first line is `$ cargo run --release -- ARGS` (or
//!   `$ callsim ARGS`) shows that command and, below it, its output;
//! - a block right after `<!-- readme-test: callsim ARGS -->` is the output
//!   of `callsim ARGS` (the README gives the command in the prose);
//! - `<!-- readme-test: extract: callsim ARGS -->`: the block is a part of
//!   that output (as if `...` stood before and after it);
//! - `<!-- readme-test: csv PATH: callsim ARGS -->`: the block is an extract
//!   of the CSV file the command writes at PATH: its header names the columns
//!   shown, and each row must be a row of the file, in the file's order (rows
//!   may be left out). Cells with more decimals than shown are rounded: to 4
//!   decimals, or to 1 from 10 up;
//! - `<!-- readme-test: skip (REASON) -->`: not run, and listed as skipped;
//!   the reason is required;
//! - a block of commands only (every line starts with `cargo `, `callsim `
//!   or `/usr/bin/time `) shows commands, no output.
//!
//! Any other untagged block is an error: output that nothing checks. Blocks
//! that are not output (a synopsis, a formula) are tagged ```text.
//!
//! The output is stdout and stderr as a terminal shows them (one pipe), run
//! in a temporary folder holding a copy of `scenarios/` and of the files of
//! `tests/data/readme/` (the inputs of the error examples), so that the
//! `wrote output/...` lines are the README's. Every line shown must match
//! exactly (trailing spaces aside); a line `...` or `[...]` elides any
//! number of lines (the lines around it must still appear in order), and
//! `[...]` inside a line any text. A sweep's timings and worker count
//! (`ran 1260 unit(s) in 0.6 s ..., 0.5 ms per unit`, `2 worker(s)`) depend
//! on the machine and are not compared.
//!
//! When an example goes stale, `CALLSIM_BLESS_README=1 cargo test --release
//! readme` rewrites the README's blocks from the binary, keeping each
//! block's elisions (the lines kept around a `...` are picked as the closest
//! lines of the new output); then review `git diff README.md` and the prose
//! figures around the blocks.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

const BLESS: &str = "CALLSIM_BLESS_README";

/// How a block relates to its command's output.
#[derive(Debug, Clone, PartialEq)]
enum Mode {
    /// The whole output (with elisions).
    Full,
    /// A part of the output.
    Extract,
    /// Rows and columns of a CSV file the command writes.
    Csv(String),
}

#[derive(Debug)]
struct Example {
    /// 1-based line of the opening fence.
    fence_line: usize,
    /// 0-based index of the first README line the check covers (the output).
    first: usize,
    /// 0-based index one past the last output line (the closing fence).
    end: usize,
    /// Indentation of the fence, restored on every line when blessing.
    indent: usize,
    args: Vec<String>,
    mode: Mode,
    expected: Vec<String>,
}

#[derive(Debug)]
struct Skipped {
    fence_line: usize,
    reason: String,
}

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// The arguments after `cargo run --release --` or `callsim`.
fn parse_command(text: &str, at: usize) -> Result<Vec<String>, String> {
    let text = text.trim();
    let rest = text
        .strip_prefix("cargo run --release --")
        .or_else(|| text.strip_prefix("callsim"))
        .ok_or_else(|| {
            format!(
                "README.md:{at}: `{text}`: an example's command starts with \
                 `cargo run --release --` or `callsim`"
            )
        })?;
    if rest.contains(['"', '\'', '\\', '|', '>', '<', ';', '&', '$']) {
        return Err(format!(
            "README.md:{at}: `{text}`: quotes and shell syntax are not supported in examples"
        ));
    }
    let args: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
    if args.is_empty() {
        return Err(format!("README.md:{at}: `{text}`: no arguments"));
    }
    Ok(args)
}

fn is_elision(line: &str) -> bool {
    matches!(line.trim(), "..." | "[...]")
}

fn is_command_line(line: &str) -> bool {
    let line = line.trim();
    line.is_empty()
        || line.starts_with("cargo ")
        || line.starts_with("callsim ")
        || line.starts_with("/usr/bin/time ")
}

/// Finds the examples, the skipped blocks, and the errors of the markup.
fn parse_readme(text: &str) -> (Vec<Example>, Vec<Skipped>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let (mut examples, mut skipped, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if !trimmed.starts_with("```") {
            i += 1;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let tag = trimmed.trim_start_matches('`').trim();
        let open = i;
        let mut close = open + 1;
        while close < lines.len() && lines[close].trim() != "```" {
            close += 1;
        }
        let content: Vec<String> = lines[open + 1..close.min(lines.len())]
            .iter()
            .map(|l| {
                let n = l.len() - l.trim_start().len();
                l[n.min(indent)..].to_owned()
            })
            .collect();
        i = close + 1;
        let at = open + 1;
        // The annotation: the last non-blank line before the fence.
        let annotation = lines[..open]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| {
                l.trim()
                    .strip_prefix("<!-- readme-test:")
                    .and_then(|rest| rest.strip_suffix("-->"))
                    .map(str::trim)
            });
        if !tag.is_empty() && annotation.is_none() {
            continue;
        }
        let mut example = |args: Vec<String>, mode: Mode, first: usize| {
            examples.push(Example {
                fence_line: at,
                first,
                end: close,
                indent,
                args,
                mode,
                expected: content[first - open - 1..].to_vec(),
            })
        };
        let dollar = content
            .first()
            .and_then(|l| l.strip_prefix("$ "))
            .map(str::to_owned);
        match (annotation, dollar) {
            (Some(note), _) if note.starts_with("skip") => {
                let reason = note
                    .strip_prefix("skip")
                    .map(str::trim)
                    .and_then(|r| r.strip_prefix('('))
                    .and_then(|r| r.strip_suffix(')'))
                    .map(str::trim)
                    .unwrap_or("");
                if reason.is_empty() {
                    errors.push(format!(
                        "README.md:{at}: a skipped block needs a reason: \
                         `<!-- readme-test: skip (why) -->`"
                    ));
                } else {
                    skipped.push(Skipped {
                        fence_line: at,
                        reason: reason.to_owned(),
                    });
                }
            }
            (Some(note), dollar) => {
                let (mode, command) = if let Some(rest) = note.strip_prefix("extract:") {
                    (Mode::Extract, Some(rest.trim()))
                } else if let Some(rest) = note.strip_prefix("csv ") {
                    match rest.split_once(':') {
                        Some((path, command)) => {
                            (Mode::Csv(path.trim().to_owned()), Some(command.trim()))
                        }
                        None => {
                            errors.push(format!(
                                "README.md:{at}: `csv PATH: COMMAND` expected, got `{note}`"
                            ));
                            continue;
                        }
                    }
                } else if note == "extract" {
                    (Mode::Extract, None)
                } else {
                    (Mode::Full, Some(note))
                };
                // The command is the annotation's, or the block's `$` line.
                let (command, first) = match (command, dollar) {
                    (Some(c), None) => (c.to_owned(), open + 1),
                    (None, Some(d)) => (d, open + 2),
                    (Some(_), Some(_)) => {
                        errors.push(format!(
                            "README.md:{at}: a command both in the annotation and on a `$` line"
                        ));
                        continue;
                    }
                    (None, None) => {
                        errors.push(format!("README.md:{at}: `{note}` names no command"));
                        continue;
                    }
                };
                match parse_command(&command, at) {
                    Ok(args) => example(args, mode, first),
                    Err(e) => errors.push(e),
                }
            }
            (None, Some(d)) => match parse_command(&d, at) {
                Ok(args) => example(args, Mode::Full, open + 2),
                Err(e) => errors.push(e),
            },
            (None, None) => {
                if !content.iter().all(|l| is_command_line(l)) {
                    errors.push(format!(
                        "README.md:{at}: a block of output that no test checks: start it \
                         with `$ cargo run --release -- ...`, put \
                         `<!-- readme-test: callsim ... -->` before it, mark it \
                         `<!-- readme-test: skip (reason) -->`, or tag it ```text \
                         if it is not output"
                    ));
                }
            }
        }
    }
    (examples, skipped, errors)
}

/// Hides what depends on the machine: a sweep's timings and worker count.
fn mask(line: &str) -> String {
    fn number_before(line: &str, suffix: &str) -> String {
        match line.find(suffix) {
            Some(end) => {
                let start = line[..end]
                    .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map_or(0, |p| p + 1);
                format!("{}#{}", &line[..start], &line[end..])
            }
            None => line.to_owned(),
        }
    }
    let mut line = line.trim_end().to_owned();
    if line.starts_with("ran ") && line.contains(" unit(s) in ") {
        line = number_before(&line, " s (");
        line = number_before(&line, " ms per unit");
    }
    if line.contains(" units; ") {
        line = number_before(&line, " worker(s)");
    }
    line
}

/// One expected line against one output line.
fn line_matches(expected: &str, actual: &str) -> bool {
    let (expected, actual) = (mask(expected), mask(actual));
    if !expected.contains("[...]") || is_elision(&expected) {
        return expected == actual;
    }
    let pieces: Vec<&str> = expected.split("[...]").collect();
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(p) => rest = &rest[p + piece.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn segment_at(segment: &[String], actual: &[String], at: usize) -> bool {
    at + segment.len() <= actual.len()
        && segment
            .iter()
            .zip(&actual[at..])
            .all(|(e, a)| line_matches(e, a))
}

/// How alike two lines look: tokens equal in the same place.
fn similarity(expected: &str, actual: &str) -> usize {
    if line_matches(expected, actual) {
        return 1000;
    }
    expected
        .split_whitespace()
        .zip(actual.split_whitespace())
        .filter(|(e, a)| e == a)
        .count()
}

/// Checks `expected` (with its elisions) against `actual`; on a mismatch,
/// returns the block regenerated from `actual` with the same elisions.
fn check_text(expected: &[String], actual: &[String], extract: bool) -> Result<(), Vec<String>> {
    let segments: Vec<&[String]> = expected.split(|l| is_elision(l)).collect();
    let elisions: Vec<&String> = expected.iter().filter(|l| is_elision(l)).collect();
    let last = segments.len() - 1;
    // The check: each segment in order, the first at the start and the last
    // at the end of the output unless the block is an extract.
    let mut ok = true;
    let mut cursor = 0;
    for (k, segment) in segments.iter().enumerate() {
        let anchored_end = k == last && !extract;
        let found = if k == 0 && !extract {
            (segment_at(segment, actual, 0)).then_some(0)
        } else if anchored_end {
            actual
                .len()
                .checked_sub(segment.len())
                .filter(|&p| p >= cursor && segment_at(segment, actual, p))
        } else {
            (cursor..=actual.len().saturating_sub(segment.len()))
                .find(|&p| segment_at(segment, actual, p))
        };
        match found {
            Some(p) if !(anchored_end && k == 0 && p + segment.len() != actual.len()) => {
                cursor = p + segment.len()
            }
            _ => {
                ok = false;
                break;
            }
        }
    }
    if ok {
        return Ok(());
    }
    // Regenerate: the same elisions, each segment taken where the output
    // looks most like it.
    let mut blessed = Vec::new();
    let mut cursor = 0;
    for (k, segment) in segments.iter().enumerate() {
        if k > 0 {
            blessed.push(elisions[k - 1].clone());
        }
        let fits = actual.len().saturating_sub(segment.len());
        let range: Vec<usize> = if segments.len() == 1 && !extract {
            // The whole output.
            blessed.extend(actual.iter().cloned());
            continue;
        } else if k == 0 && !extract {
            vec![0]
        } else if k == last && !extract {
            vec![fits.max(cursor)]
        } else {
            (cursor.min(fits)..=fits).collect()
        };
        let score = |p: usize| -> usize {
            segment
                .iter()
                .zip(actual.iter().skip(p))
                .map(|(e, a)| similarity(e, a))
                .sum()
        };
        let mut best = range[0];
        for &p in &range {
            if score(p) > score(best) {
                best = p;
            }
        }
        for (i, e) in segment.iter().enumerate() {
            match actual.get(best + i) {
                // Keep the README's line where it still holds (its inline
                // elisions, a sweep's timings).
                Some(a) if line_matches(e, a) => blessed.push(e.clone()),
                Some(a) => {
                    if e.contains("[...]") && !is_elision(e) {
                        eprintln!(
                            "readme: the line `{e}` lost its inline elision; \
                             shorten it again by hand"
                        );
                    }
                    blessed.push(a.clone());
                }
                None => {}
            }
        }
        cursor = best + segment.len();
    }
    Err(blessed)
}

/// Rounds a cell that has more decimals than the README shows.
fn round_cell(cell: &str) -> String {
    match (cell.parse::<f64>(), cell.split_once('.')) {
        (Ok(x), Some((_, decimals)))
            if decimals.len() > 4 || (x.abs() >= 10.0 && decimals.len() > 1) =>
        {
            if x.abs() >= 10.0 {
                format!("{x:.1}")
            } else {
                format!("{x:.4}")
            }
        }
        _ => cell.to_owned(),
    }
}

fn check_csv(expected: &[String], file: &str, path: &str) -> Result<(), String> {
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let wanted: Vec<&str> = expected
        .first()
        .ok_or("an empty CSV block")?
        .split(',')
        .collect();
    let columns = wanted
        .iter()
        .map(|w| {
            header
                .iter()
                .position(|h| h == *w)
                .ok_or_else(|| format!("{path} has no column `{w}`"))
        })
        .collect::<Result<Vec<usize>, String>>()?;
    let rows: Vec<String> = reader
        .records()
        .map(|r| {
            let r = r.expect("a readable CSV row");
            columns
                .iter()
                .map(|&c| round_cell(&r[c]))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let mut cursor = 0;
    let mut ok = true;
    for row in &expected[1..] {
        match rows[cursor..].iter().position(|r| r == row) {
            Some(p) => cursor += p + 1,
            None => {
                ok = false;
                break;
            }
        }
    }
    if ok {
        return Ok(());
    }
    // Regenerate: each row replaced by the file's row most like it.
    let mut blessed = vec![expected[0].clone()];
    let mut cursor = 0;
    for row in &expected[1..] {
        let cells: Vec<&str> = row.split(',').collect();
        let score = |r: &String| {
            r.split(',')
                .zip(&cells)
                .take_while(|(a, e)| a == *e)
                .count()
        };
        let best = (cursor..rows.len())
            .max_by_key(|&i| (score(&rows[i]), std::cmp::Reverse(i)))
            .unwrap_or(cursor);
        if let Some(r) = rows.get(best) {
            blessed.push(r.clone());
        }
        cursor = best + 1;
    }
    Err(blessed.join("\n"))
}

/// A line diff (longest common subsequence): `-` README, `+` binary.
fn diff(expected: &[String], actual: &[String]) -> String {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i].trim_end() == actual[j].trim_end() {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < n || j < m {
        if i < n && j < m && expected[i].trim_end() == actual[j].trim_end() {
            let _ = writeln!(out, "  {}", expected[i]);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            let _ = writeln!(out, "+ {}", actual[j]);
            j += 1;
        } else {
            let _ = writeln!(out, "- {}", expected[i]);
            i += 1;
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs the binary in `dir`; stdout and stderr in one pipe, as a terminal
/// interleaves them.
fn run(dir: &Path, args: &[String]) -> Result<String, String> {
    let (mut reader, writer) = std::io::pipe().expect("a pipe");
    let mut command = Command::new(env!("CARGO_BIN_EXE_callsim"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .env_remove("JOB_COMPLETION_INDEX")
        .stdin(std::process::Stdio::null())
        .stdout(writer.try_clone().expect("a pipe"))
        .stderr(writer);
    let mut child = command.spawn().expect("callsim starts");
    drop(command);
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).expect("callsim's output");
    let status = child.wait().expect("callsim ends");
    let output = String::from_utf8_lossy(&bytes).into_owned();
    match status.code() {
        Some(0..=2) => Ok(output),
        _ => Err(format!(
            "`callsim {}` failed ({status}):\n{output}",
            args.join(" ")
        )),
    }
}

#[test]
fn readme_examples_are_the_binarys_output() {
    let path = readme_path();
    let text = fs::read_to_string(&path).expect("README.md");
    let (examples, skipped, errors) = parse_readme(&text);
    assert!(
        errors.is_empty(),
        "README.md markup:\n{}",
        errors.join("\n")
    );
    assert!(
        examples.len() >= 10,
        "only {} examples found in README.md",
        examples.len()
    );
    for s in &skipped {
        println!("README.md:{}: skipped ({})", s.fence_line, s.reason);
    }

    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("scenarios"), &dir.join("scenarios"));
    for entry in fs::read_dir(root.join("tests/data/readme")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "README.md" {
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }

    // Each command once, in README order (a command's output files are read
    // after all have run; no two commands write the same file).
    let mut outputs: BTreeMap<Vec<String>, Result<String, String>> = BTreeMap::new();
    for e in &examples {
        if !outputs.contains_key(&e.args) {
            outputs.insert(e.args.clone(), run(dir, &e.args));
        }
    }

    let bless = std::env::var_os(BLESS).is_some_and(|v| !v.is_empty() && v != "0");
    let mut failures = Vec::new();
    let mut rewrites: Vec<(&Example, Vec<String>)> = Vec::new();
    for e in &examples {
        let command = format!("callsim {}", e.args.join(" "));
        let name = format!("README.md:{} (`{command}`)", e.fence_line);
        let output = match &outputs[&e.args] {
            Ok(output) => output,
            Err(message) => {
                failures.push(format!("{name}: {message}"));
                continue;
            }
        };
        let result = match &e.mode {
            Mode::Csv(file) => match fs::read_to_string(dir.join(file)) {
                Ok(csv) => match check_csv(&e.expected, &csv, file) {
                    Ok(()) => Ok(()),
                    Err(blessed) => Err(blessed.lines().map(str::to_owned).collect()),
                },
                Err(err) => {
                    failures.push(format!("{name}: cannot read {file}: {err}"));
                    continue;
                }
            },
            mode => {
                let actual: Vec<String> = output.lines().map(str::to_owned).collect();
                check_text(&e.expected, &actual, *mode == Mode::Extract)
            }
        };
        if let Err(blessed) = result {
            failures.push(format!(
                "{name} is stale (`-` README, `+` the binary):\n{}",
                diff(&e.expected, &blessed)
            ));
            rewrites.push((e, blessed));
        }
    }

    if bless && !rewrites.is_empty() {
        let lines: Vec<&str> = text.lines().collect();
        let mut out: Vec<String> = Vec::new();
        let mut next = 0;
        for (e, blessed) in &rewrites {
            out.extend(lines[next..e.first].iter().map(|l| l.to_string()));
            let pad = " ".repeat(e.indent);
            out.extend(blessed.iter().map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("{pad}{}", l.trim_end())
                }
            }));
            next = e.end;
        }
        out.extend(lines[next..].iter().map(|l| l.to_string()));
        let mut new_text = out.join("\n");
        if text.ends_with('\n') {
            new_text.push('\n');
        }
        fs::write(&path, new_text).expect("README.md is writable");
        println!(
            "{BLESS}: rewrote {} block(s) of README.md:\n{}",
            rewrites.len(),
            failures.join("\n")
        );
        return;
    }
    assert!(
        failures.is_empty(),
        "{} of {} README examples are not what the binary prints \
         (regenerate with `{BLESS}=1 cargo test --release readme`, then \
         check the prose around them):\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn elisions_and_masks_match_as_documented() {
    let lines = |s: &str| s.lines().map(str::to_owned).collect::<Vec<_>>();
    let out = lines("a\nb\nc\nd\ne");
    assert!(check_text(&lines("a\n...\ne"), &out, false).is_ok());
    assert!(check_text(&lines("a\nb\n...\nd\ne"), &out, false).is_ok());
    assert!(check_text(&lines("a\n...\nd"), &out, false).is_err());
    assert!(check_text(&lines("b\n...\nd"), &out, false).is_err());
    assert!(check_text(&lines("b\n  [...]\nd"), &out, true).is_ok());
    assert!(check_text(&lines("c\nb"), &out, true).is_err());
    assert!(check_text(&lines("a\nb\nc\nd\ne"), &out, false).is_ok());
    assert!(check_text(&lines("a\nb\nc\nd"), &out, false).is_err());
    assert!(line_matches("x [...] z", "x y z"));
    assert!(!line_matches("x [...] z", "x y"));
    assert!(line_matches(
        "ran 10 unit(s) in 0.6 s (0 already done), 0.5 ms per unit",
        "ran 10 unit(s) in 12.3 s (0 already done), 7 ms per unit"
    ));
    assert!(!line_matches(
        "ran 10 unit(s) in 0.6 s (0 already done), 0.5 ms per unit",
        "ran 11 unit(s) in 0.6 s (0 already done), 0.5 ms per unit"
    ));
    assert!(line_matches(
        "s: 4 point(s) x 30 replication(s) = 120 units; 2 worker(s)",
        "s: 4 point(s) x 30 replication(s) = 120 units; 16 worker(s)"
    ));
    // Blessing keeps the elisions and the lines that still hold.
    let stale = lines("a\nB\n...\ne");
    assert_eq!(
        check_text(&stale, &out, false).unwrap_err(),
        lines("a\nb\n...\ne")
    );
    assert_eq!(round_cell("0.4319907863057585"), "0.4320");
    assert_eq!(round_cell("4415.573833208995"), "4415.6");
    assert_eq!(round_cell("0.05"), "0.05");
    assert_eq!(round_cell("1.0"), "1.0");
    let (_, _, errors) = parse_readme("<!-- readme-test: skip -->\n```\nx\n```\n");
    assert_eq!(errors.len(), 1, "a skip without a reason is refused");
    let (_, _, errors) = parse_readme("```\nsome output\n```\n");
    assert_eq!(errors.len(), 1, "an unchecked output block is refused");
    let (examples, skipped, errors) = parse_readme(
        "<!-- readme-test: skip (too slow) -->\n```\nx\n```\n\n```\n$ callsim erlang b --load 1 --agents 2\nout\n```\n",
    );
    assert!(errors.is_empty());
    assert_eq!((examples.len(), skipped.len()), (1, 1));
    assert_eq!(examples[0].expected, vec!["out".to_owned()]);
}
