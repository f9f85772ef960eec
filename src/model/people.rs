//! `people.yaml`: the roster that roles, approvers and authors refer to.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct People {
    pub people: Vec<Person>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub github: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
}

impl People {
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
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
