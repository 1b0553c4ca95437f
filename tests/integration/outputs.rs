//! Every output of every shipped scenario, byte for byte: the guard of the
//! redesign (issue 15), which must move no figure unless a fix says so.
//!
//! Each shipped scenario (`scenarios/*.toml`, `scenarios/training/*.toml`)
//! is run through the binary with `--calls-log`; the staffing plans of three
//! desks, the three shipped experiments and a training pair's `compare` are
//! made too. The SHA-256 of every file written, and of what each command
//! prints (but a sweep, which prints its wall time), is compared with `tests/data/outputs.sha256`.
//!
//! A change that means to move outputs regenerates the manifest with
//! `CALLSIM_BLESS_OUTPUTS=1 cargo test --release outputs` and says in its
//! commit which files moved and why.

use crate::cli::{repo, run_in};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const MANIFEST: &str = "tests/data/outputs.sha256";

/// The commands, each with a label naming its outputs in the manifest.
fn commands() -> Vec<(String, Vec<String>)> {
    let mut files: Vec<String> = ["scenarios", "scenarios/training"]
        .iter()
        .flat_map(|dir| fs::read_dir(repo(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            p.strip_prefix(repo(""))
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut out = Vec::new();
    for file in &files {
        let label = file.trim_end_matches(".toml").replace('/', "-");
        let mut args = owned(&["run", file, "--calls-log"]);
        if file.ends_with("erlang-c-p05.toml") {
            // Ten million calls would write a 1 GB call log: 100 hours.
            args.extend(owned(&["--set", "time.duration=100h"]));
        }
        out.push((format!("run-{label}"), args));
    }
    for desk in ["helpdesk-basic", "helpdesk-tiers", "helpdesk-shifts"] {
        let file = format!("scenarios/{desk}.toml");
        let args = owned(&[
            "staff",
            &file,
            "--target",
            "0.8/20s",
            "--max-abandon",
            "0.05",
        ]);
        out.push((format!("staff-{desk}"), args));
    }
    for e in ["break-rules", "staffing-sweep", "transfer-policies"] {
        let file = format!("scenarios/experiments/{e}.toml");
        out.push((format!("sweep-{e}"), owned(&["sweep", &file, "-q"])));
    }
    out.push((
        "compare-callbacks".into(),
        owned(&[
            "compare",
            "scenarios/training/callbacks-off.toml",
            "scenarios/training/callbacks-on.toml",
            "--reps",
            "20",
        ]),
    ));
    out
}

/// `label/relative path` → SHA-256 of every regular file under `dir`.
fn hash_tree(dir: &Path, root: &Path, label: &str, into: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // A sweep's part files are its working state, not its results.
        if rel == "parts" {
            continue;
        }
        if path.is_dir() {
            hash_tree(&path, root, label, into);
        } else {
            let bytes = fs::read(&path).unwrap();
            into.insert(format!("{label}/{rel}"), hex(&Sha256::digest(&bytes)));
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn every_shipped_scenario_gives_the_recorded_bytes() {
    let tmp = TempDir::new().unwrap();
    let mut hashes = BTreeMap::new();
    for (label, mut args) in commands() {
        let out = tmp.path().join(&label);
        args.extend(["--out".to_owned(), out.to_string_lossy().into_owned()]);
        if label.starts_with("compare") {
            args.truncate(args.len() - 2); // compare writes no file
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = run_in(&repo(""), &refs);
        assert!(run.code <= 1, "{args:?}: exit {}\n{}", run.code, run.stderr);
        // Printed paths name the temporary folder: keep what follows it.
        let stdout = run
            .stdout
            .replace(&out.to_string_lossy().into_owned(), "OUT");
        // A sweep prints its wall time.
        if !label.starts_with("sweep") {
            hashes.insert(
                format!("{label}/stdout"),
                hex(&Sha256::digest(stdout.as_bytes())),
            );
        }
        if out.exists() {
            hash_tree(&out, &out, &label, &mut hashes);
        }
    }
    let text: String = hashes
        .iter()
        .map(|(name, hash)| format!("{hash}  {name}\n"))
        .collect();
    let manifest = repo(MANIFEST);
    if std::env::var_os("CALLSIM_BLESS_OUTPUTS").is_some() {
        fs::write(&manifest, &text).unwrap();
        return;
    }
    let recorded = fs::read_to_string(&manifest).unwrap_or_default();
    let parse = |t: &str| -> BTreeMap<String, String> {
        t.lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(h, n)| (n.to_owned(), h.to_owned()))
            .collect()
    };
    let (want, got) = (parse(&recorded), parse(&text));
    let moved: Vec<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|k| want.get(*k) != got.get(*k))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        moved.is_empty(),
        "outputs moved (or appeared, or vanished) against {MANIFEST}:\n  {}\n\
         if the change means to move them, bless with CALLSIM_BLESS_OUTPUTS=1 and say why",
        moved
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}
