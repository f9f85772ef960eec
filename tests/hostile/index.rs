//! The git index vouches for a file's blob id only as git does: an edit that keeps the file's
//! size and puts its modification time back is still read, so a working-tree version is never
//! taken for the committed one (whose parse the history checks share).

use std::fs;
use std::time::{Duration, SystemTime};

use crate::harness::{GitRepo, json};

const PROJECT: &str = "projects/support-reply-drafts/project.yaml";

/// Sets a file's modification time.
fn touch(repo: &GitRepo, rel: &str, when: SystemTime) {
    fs::File::options()
        .write(true)
        .open(repo.file(rel))
        .and_then(|f| f.set_modified(when))
        .expect("set the modification time");
}

#[test]
fn an_edit_that_keeps_size_and_modification_time_is_still_read() {
    let repo = GitRepo::example();
    // Every file dated well before the index is written again, so that the index can vouch
    // for each (no entry is racy).
    let past = SystemTime::now() - Duration::from_secs(3600);
    for rel in repo.git(&["ls-files"]).lines() {
        touch(&repo, rel, past);
    }
    // Past the file system's clock tick: the touches above changed the files' change times.
    std::thread::sleep(Duration::from_millis(50));
    repo.git(&["update-index", "--refresh"]);
    let (_, before) = repo.check_json();
    assert_eq!(
        json::project(&before, "support-reply-drafts")["stage"],
        "poc"
    );

    // Three bytes for three, and the old modification time put back.
    let old = repo.read(PROJECT);
    repo.edit(PROJECT, "stage: poc", "stage: mvp");
    assert_eq!(repo.read(PROJECT).len(), old.len());
    touch(&repo, PROJECT, past);
    let (_, after) = repo.check_json();
    assert_eq!(
        json::project(&after, "support-reply-drafts")["stage"],
        "mvp"
    );
    // The same answer from a repository whose index cannot vouch for anything.
    fs::remove_file(repo.file(".git/index")).expect("remove the index");
    repo.git(&["reset", "-q"]);
    let (_, fresh) = repo.check_json();
    assert_eq!(
        json::project(&fresh, "support-reply-drafts")["stage"],
        "mvp"
    );
}
