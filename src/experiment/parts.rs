//! Part files: where finished units are kept until the experiment is
//! complete, so that a sweep killed at any moment resumes without losing or
//! repeating a unit, and shards on other machines can be merged.
//!
//! A part is written under a temporary name and renamed when complete, so a
//! part file is always whole; its first line names the experiment, so parts
//! of another experiment are never mixed in. A line `#metrics,[...]` (the
//! figures' names as a JSON array) precedes the rows it names: units of a
//! point whose scenario has other sections report other figures.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::report::write_atomically;

/// The folder of the part files inside an experiment's output folder.
pub const PARTS_DIR: &str = "parts";
const MAGIC: &str = "#callsim-experiment";
const NAMES: &str = "#metrics,";

/// A finished unit: its index, the names of its figures (shared by the
/// units that report the same ones) and their values (`None`: undefined).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub unit: u64,
    pub names: Arc<[String]>,
    pub values: Vec<Option<f64>>,
}

/// A problem with the part files of a folder.
#[derive(Debug, thiserror::Error)]
pub enum PartsError {
    #[error(
        "cannot read or write the part files in \"{}\": {}",
        path.display(),
        crate::scenario::io_words(source)
    )]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "\"{}\" holds results of another experiment (hash {found}, expected {expected}): \
         an experiment's parts cannot be mixed with another's",
        path.display()
    )]
    OtherExperiment {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("\"{}\" is not a part file of callsim ({why})", path.display())]
    Malformed { path: PathBuf, why: String },
    #[error(
        "\"{}\" is truncated ({why}): it was cut short after callsim wrote it (a full disk, \
         an interrupted copy); delete it and run that shard again with --resume",
        path.display()
    )]
    Truncated { path: PathBuf, why: String },
    #[error(
        "unit {unit} has two different results, in \"{}\" and in another part file: \
         the parts were made by different versions of callsim or were edited",
        path.display()
    )]
    Conflict { path: PathBuf, unit: u64 },
}

/// Writes `rows` as one new part file of experiment `hash` in `dir/parts`.
pub fn write_part(
    dir: &Path,
    hash: &str,
    tag: &str,
    rows: &[UnitRow],
) -> Result<PathBuf, PartsError> {
    let parts = dir.join(PARTS_DIR);
    let io_err = |source| PartsError::Io {
        path: parts.clone(),
        source,
    };
    fs::create_dir_all(&parts).map_err(io_err)?;
    let first = rows.first().map_or(0, |r| r.unit);
    let path = parts.join(format!("part-{tag}-{first:010}-{}.csv", rows.len()));
    write_atomically(&path, |w| {
        writeln!(w, "{MAGIC},{hash}")?;
        let mut line = String::new();
        let mut names: Option<&Arc<[String]>> = None;
        for r in rows {
            if names.is_none_or(|n| !Arc::ptr_eq(n, &r.names) && n[..] != r.names[..]) {
                let list = serde_json::to_string(&r.names[..]).map_err(io::Error::other)?;
                writeln!(w, "{NAMES}{list}")?;
                names = Some(&r.names);
            }
            line.clear();
            line.push_str(&r.unit.to_string());
            for v in &r.values {
                line.push(',');
                if let Some(v) = v {
                    line.push_str(&v.to_string());
                }
            }
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    })
    .map_err(io_err)
}

/// Every unit in the part files of `dir` (none if it has no parts), keyed by
/// unit. A unit found twice is reported as `duplicates`.
pub fn read_parts(
    dir: &Path,
    hash: &str,
    rows: &mut BTreeMap<u64, UnitRow>,
    duplicates: &mut Vec<u64>,
) -> Result<(), PartsError> {
    let parts = dir.join(PARTS_DIR);
    let entries = match fs::read_dir(&parts) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(PartsError::Io {
                path: parts,
                source,
            });
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).map_err(|source| PartsError::Io {
            path: path.clone(),
            source,
        })?;
        // Every line callsim writes ends with a newline, and a part holds at
        // least one unit: anything else was cut short.
        let truncated = |why: &str| PartsError::Truncated {
            path: path.clone(),
            why: why.into(),
        };
        if text.is_empty() {
            return Err(truncated("the file is empty"));
        }
        if !text.ends_with('\n') {
            return Err(truncated("its last line is incomplete"));
        }
        if text.lines().skip(1).all(|l| l.starts_with(NAMES)) {
            return Err(truncated("it holds no unit"));
        }
        let mut lines = text.lines();
        let malformed = |why: String| PartsError::Malformed {
            path: path.clone(),
            why,
        };
        let header = lines.next().unwrap_or_default();
        let found = header
            .strip_prefix(MAGIC)
            .and_then(|h| h.strip_prefix(','))
            .ok_or_else(|| malformed("no experiment header".into()))?;
        if found != hash {
            return Err(PartsError::OtherExperiment {
                path,
                found: found.into(),
                expected: hash.into(),
            });
        }
        let mut names: Option<Arc<[String]>> = None;
        for (n, line) in lines.enumerate() {
            if let Some(list) = line.strip_prefix(NAMES) {
                let list: Vec<String> = serde_json::from_str(list)
                    .map_err(|e| malformed(format!("line {}: {e}", n + 2)))?;
                names = Some(list.into());
                continue;
            }
            let names = names.clone().ok_or_else(|| {
                malformed(format!(
                    "line {}: no #metrics line names the figures (a part file of an older callsim: \
                     remove the folder's parts and run the experiment again)",
                    n + 2
                ))
            })?;
            let mut cells = line.split(',');
            let unit: u64 = cells
                .next()
                .and_then(|c| c.parse().ok())
                .ok_or_else(|| malformed(format!("line {}: no unit number", n + 2)))?;
            let values: Vec<Option<f64>> = cells
                .map(|c| {
                    if c.is_empty() {
                        Ok(None)
                    } else {
                        c.parse().map(Some).map_err(|_| ())
                    }
                })
                .collect::<Result<_, _>>()
                .map_err(|()| malformed(format!("line {}: a value is not a number", n + 2)))?;
            if values.len() != names.len() {
                return Err(malformed(format!(
                    "line {}: {} values, expected {}",
                    n + 2,
                    values.len(),
                    names.len()
                )));
            }
            let row = UnitRow {
                unit,
                names,
                values,
            };
            if let Some(before) = rows.insert(unit, row) {
                // Units are deterministic: a unit run twice (a shard started
                // twice) gives the same figures, bit for bit.
                if !same(&before, &rows[&unit]) {
                    return Err(PartsError::Conflict { path, unit });
                }
                duplicates.push(unit);
            }
        }
    }
    Ok(())
}

/// Whether two rows hold the same figures with the same values (bit for
/// bit, so that a NaN equals itself).
fn same(a: &UnitRow, b: &UnitRow) -> bool {
    a.names[..] == b.names[..]
        && a.values.len() == b.values.len()
        && a.values
            .iter()
            .zip(&b.values)
            .all(|(x, y)| x.map(f64::to_bits) == y.map(f64::to_bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let names: Arc<[String]> = ["a", "tiers[0].b", "c,\"d"]
            .map(String::from)
            .to_vec()
            .into();
        let other: Arc<[String]> = vec!["a".to_owned()].into();
        let rows = vec![
            UnitRow {
                unit: 3,
                names: names.clone(),
                values: vec![Some(0.1 + 0.2), None, Some(1424.0)],
            },
            UnitRow {
                unit: 5,
                names: other,
                values: vec![Some(2.0)],
            },
            UnitRow {
                unit: 7,
                names,
                values: vec![Some(f64::MIN_POSITIVE), Some(-2.5), Some(1e300)],
            },
        ];
        write_part(dir.path(), "abc", "s0of1", &rows).unwrap();
        let (mut read, mut dups) = (BTreeMap::new(), Vec::new());
        read_parts(dir.path(), "abc", &mut read, &mut dups).unwrap();
        assert_eq!(read.into_values().collect::<Vec<_>>(), rows);
        assert!(dups.is_empty());
        let err = read_parts(dir.path(), "xyz", &mut BTreeMap::new(), &mut dups).unwrap_err();
        assert!(matches!(err, PartsError::OtherExperiment { .. }));
        // A second copy of the same units is found, not hidden.
        write_part(dir.path(), "abc", "s0of1-again", &rows).unwrap();
        let mut read = BTreeMap::new();
        read_parts(dir.path(), "abc", &mut read, &mut dups).unwrap();
        assert_eq!(dups, [3, 5, 7]);
        // A cut-short part is named as such, not as another experiment's.
        let parts = dir.path().join(PARTS_DIR);
        for (text, why) in [
            ("", "empty"),
            ("#callsim-experiment,", "incomplete"),
            ("#callsim-experiment,abc\n", "no unit"),
            (
                "#callsim-experiment,abc\n#metrics,[\"a\"]\n3,0.3",
                "incomplete",
            ),
        ] {
            fs::write(parts.join("part-z.csv"), text).unwrap();
            let err = read_parts(dir.path(), "abc", &mut BTreeMap::new(), &mut dups).unwrap_err();
            assert!(
                matches!(&err, PartsError::Truncated { why: w, .. } if w.contains(why)),
                "{text:?}: {err}"
            );
        }
        // The same unit with other figures is a conflict.
        fs::write(
            parts.join("part-z.csv"),
            "#callsim-experiment,abc\n#metrics,[\"a\"]\n5,3\n",
        )
        .unwrap();
        let err = read_parts(dir.path(), "abc", &mut BTreeMap::new(), &mut dups).unwrap_err();
        assert!(matches!(err, PartsError::Conflict { unit: 5, .. }), "{err}");
    }
}
