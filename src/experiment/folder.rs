//! An experiment's output folder shared by processes that start at the same
//! instant: shards of a cluster job writing into one folder, restarts, a
//! resumed run beside a running one.
//!
//! Three rules make it safe:
//!
//! - every file is written under a name of its own (`<name>.<pid>-<n>.partial`,
//!   by [`write_atomically`](crate::report::write_atomically)) and renamed
//!   into place when complete, so two writers never share a
//!   temporary file and a reader sees a whole file or none;
//! - `experiment.json` and the final files are written only under an
//!   exclusive lock on `.callsim.lock` in the folder (an advisory `flock`,
//!   released by the system when the process ends, even on `kill -9`);
//! - a shard writes its parts first, then takes the lock and looks: the
//!   process that finds every unit writes the final files, `experiment.json`
//!   (with its `metrics`) last, as the mark that the set is complete; one
//!   that finds the mark already there writes nothing.
//!
//! Whichever shard finishes last, its look comes after every part was
//! renamed into place, so it finds them all.

use std::fs::{self, File};
use std::io;
use std::path::Path;

/// The lock file of an output folder. Never removed: removing a lock file
/// another process has open would let two processes hold "the" lock.
pub const LOCK_FILE: &str = ".callsim.lock";

/// An exclusive lock on an output folder, held until dropped.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

impl FolderLock {
    /// Waits for the exclusive lock on `dir` (which must exist).
    pub fn acquire(dir: &Path) -> io::Result<Self> {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        file.lock()?;
        Ok(Self { _file: file })
    }
}

/// Removes the temporary files of `names` in `dir` left by writers that were
/// killed mid-write. Only to be called under the folder's lock, which every
/// writer of these files holds.
pub fn remove_stale_temporaries(dir: &Path, names: &[&str]) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let stale = file.ends_with(".partial")
            && names.iter().any(|n| {
                file.strip_prefix(n)
                    .is_some_and(|rest| rest.starts_with('.'))
            });
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::write_atomically as write_whole;

    #[test]
    fn whole_files_replace_and_temporaries_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs.csv");
        write_whole(&path, |w| w.write_all(b"one")).unwrap();
        write_whole(&path, |w| w.write_all(b"two")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        fs::write(dir.path().join("runs.csv.77-0.partial"), "half").unwrap();
        fs::write(dir.path().join("runs.csv.partial"), "half").unwrap();
        fs::write(dir.path().join("other.partial"), "keep").unwrap();
        remove_stale_temporaries(dir.path(), &["runs.csv"]);
        let mut left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["other.partial", "runs.csv"]);
        let _lock = FolderLock::acquire(dir.path()).unwrap();
    }
}
