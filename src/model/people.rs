//! `people.yaml`: the roster that roles, approvers and authors refer to.

use std::collections::HashMap;
use std::sync::OnceLock;

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
        }
    }

    /// The person with id `id`.
    pub fn get(&self, id: &str) -> Option<&Person> {
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
        self.people
            .iter()
            .find(|p| p.emails.iter().any(|e| e.eq_ignore_ascii_case(email)))
    }

    /// The person with a GitHub login (logins are case-insensitive on GitHub).
    pub fn by_github(&self, login: &str) -> Option<&Person> {
        self.people.iter().find(|p| {
            p.github
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(login))
        })
    }
}
