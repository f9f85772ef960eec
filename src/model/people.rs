//! `people.yaml`: the roster that roles, approvers and authors refer to.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

/// people.yaml: everyone who holds a role, signs off or decides.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// The people known to this repository.
    pub people: Vec<Person>,
    /// Position of each id in `people`, built on first lookup: a large organisation's roster
    /// has thousands of people and every role, approver and author is looked up in it.
    #[serde(skip)]
    index: OnceLock<HashMap<String, usize>>,
    /// Set when `people` holds only some of the file's entries (see [`Unread`]): what the
    /// entries not read say, for lookups the read ones cannot answer alone.
    #[serde(skip)]
    unread: Option<Arc<dyn Unread>>,
}

/// The part of a people.yaml not read into a roster (`crate::load::roster`): a pull request's
/// comparison reads only the entries that mention a person its projects refer to or an e-mail
/// of its commits. A lookup is answered from the entries read unless its key is written
/// somewhere in the entries not read; then the whole file answers it, so every answer is the one
/// the whole roster gives.
pub trait Unread: Send + Sync + std::fmt::Debug {
    /// Whether `key` is written (ASCII case aside) in an entry not read, or cannot be vouched
    /// for by searching the text (it has a space, a quote or a backslash, or is empty).
    fn mentions(&self, key: &str) -> bool;
    /// The whole roster, read on first use; `None` when the whole file does not read as one.
    fn whole(&self) -> Option<&People>;
}

impl PartialEq for People {
    fn eq(&self, other: &Self) -> bool {
        self.people == other.people
    }
}

impl Eq for People {}

/// One person and the identities that count as them.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// How other files refer to this person (roles, approvers, decided_by, owners).
    pub id: String,
    /// Display name, as it appears in reports and pull-request comments.
    pub name: String,
    /// Git author e-mail addresses that belong to this person.
    #[serde(default)]
    pub emails: Vec<String>,
    /// GitHub login.
    #[serde(default)]
    pub github: Option<String>,
    /// The person's department, for example business-planning, legal, security, risk-management.
    #[serde(default)]
    pub department: Option<String>,
    /// OpenSSH public keys (`ssh-ed25519 AAAA… comment`) the person signs commits with: a
    /// commit signed with one of them, committed under one of `emails`, is proven to be theirs
    /// (an e-mail alone is only a claim: anyone can type it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signing_keys: Vec<String>,
}

impl People {
    /// The roster of `people`, indexed by id.
    pub fn new(people: Vec<Person>) -> People {
        People {
            people,
            index: OnceLock::new(),
            unread: None,
        }
    }

    /// This roster, which holds only some entries of its file, completed by `unread`.
    pub fn with_unread(mut self, unread: Arc<dyn Unread>) -> People {
        self.unread = Some(unread);
        self
    }

    /// Whether this roster holds only some entries of its file.
    pub fn is_partial(&self) -> bool {
        self.unread.is_some()
    }

    /// Everyone in the file (the whole roster, for a partial one that reads as a whole): for
    /// what looks at every person, such as the closest id to a misspelt one.
    pub fn everyone(&self) -> &[Person] {
        match self.unread.as_ref().and_then(|u| u.whole()) {
            Some(whole) => &whole.people,
            None => &self.people,
        }
    }

    /// The answer to a lookup by `key`: `found` among the entries read, unless an entry not
    /// read mentions the key, when the whole roster answers with `again`. Debug builds (every
    /// test run) check the two agree whenever the whole file reads.
    fn settle<'a>(
        &'a self,
        key: &str,
        found: Option<&'a Person>,
        again: impl Fn(&'a People) -> Option<&'a Person>,
    ) -> Option<&'a Person> {
        let Some(unread) = &self.unread else {
            return found;
        };
        if unread.mentions(key) {
            // A roster whose whole file does not read keeps the entries that did.
            return unread.whole().map_or(found, again);
        }
        #[cfg(debug_assertions)]
        if let Some(whole) = unread.whole() {
            assert_eq!(found, again(whole), "partial roster disagrees on `{key}`");
        }
        found
    }

    /// The person with id `id`.
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.settle(id, self.read_get(id), |w| w.get(id))
    }

    /// [`Self::get`] among the entries read.
    fn read_get(&self, id: &str) -> Option<&Person> {
        let index = self.index.get_or_init(|| {
            let mut map = HashMap::with_capacity(self.people.len());
            for (i, p) in self.people.iter().enumerate() {
                // The first of duplicate ids wins; duplicates are reported by the loader.
                map.entry(p.id.clone()).or_insert(i);
            }
            map
        });
        index.get(id).map(|i| &self.people[*i])
    }

    /// The person a git author email belongs to (case-insensitive, as mail systems treat it).
    pub fn by_email(&self, email: &str) -> Option<&Person> {
        let found = self
            .people
            .iter()
            .find(|p| p.emails.iter().any(|e| e.eq_ignore_ascii_case(email)));
        self.settle(email, found, |w| w.by_email(email))
    }

    /// The person with a GitHub login (logins are case-insensitive on GitHub).
    pub fn by_github(&self, login: &str) -> Option<&Person> {
        let found = self.people.iter().find(|p| {
            p.github
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(login))
        });
        self.settle(login, found, |w| w.by_github(login))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, email: &str) -> Person {
        Person {
            id: id.to_string(),
            name: id.to_uppercase(),
            emails: vec![email.to_string()],
            github: Some(format!("{id}-gh")),
            department: None,
            signing_keys: Vec::new(),
        }
    }

    /// Entries not read that mention `mentioned`, in a file that reads whole as `whole`.
    #[derive(Debug)]
    struct Rest {
        mentioned: &'static [&'static str],
        whole: Option<People>,
    }

    impl Unread for Rest {
        fn mentions(&self, key: &str) -> bool {
            self.mentioned.iter().any(|m| m.eq_ignore_ascii_case(key))
        }
        fn whole(&self) -> Option<&People> {
            self.whole.as_ref()
        }
    }

    fn partial(whole: Option<People>) -> People {
        let rest = Rest {
            mentioned: &["bob", "bob@example.com", "BOB-gh", "ann@example.com"],
            whole,
        };
        People::new(vec![person("ann", "ann@example.com")]).with_unread(Arc::new(rest))
    }

    #[test]
    fn keys_mentioned_only_in_entries_not_read_are_answered_by_the_whole_file() {
        // In the whole file an earlier entry also has ann's address: it comes first there.
        let whole = People::new(vec![
            person("bob", "ann@example.com"),
            person("ann", "ann@example.com"),
        ]);
        let roster = partial(Some(whole));
        assert!(roster.is_partial());
        assert_eq!(roster.get("bob").map(|p| p.id.as_str()), Some("bob"));
        assert_eq!(
            roster.by_github("bob-GH").map(|p| p.id.as_str()),
            Some("bob")
        );
        assert_eq!(
            roster.by_email("ANN@example.com").map(|p| p.id.as_str()),
            Some("bob")
        );
        assert_eq!(roster.get("ann").map(|p| p.id.as_str()), Some("ann"));
        assert_eq!(roster.get("carl"), None);
        assert_eq!(roster.everyone().len(), 2);
    }

    #[test]
    fn a_whole_file_that_does_not_read_leaves_the_entries_read() {
        let roster = partial(None);
        assert_eq!(roster.get("bob"), None);
        assert_eq!(
            roster.by_email("ann@example.com").map(|p| p.id.as_str()),
            Some("ann")
        );
        assert_eq!(roster.everyone().len(), 1);
        assert!(!People::new(Vec::new()).is_partial());
    }
}
