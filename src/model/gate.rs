//! Stages, their gates and the outcomes each gate allows (the source article's three stages).

use serde::{Deserialize, Serialize};

/// A project's stage. The gate at the end of a stage has the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Proof of concept: does it work on test data? Its gate decides continue or stop.
    Poc,
    /// Minimum viable product: does it hold up in the field? Its gate decides production or redesign.
    Mvp,
    /// In production: its gate decides full rollout or limited operation.
    Production,
}

/// The gate at the end of a stage.
pub type Gate = Stage;

impl Stage {
    /// The stages in order.
    pub const ALL: [Stage; 3] = [Stage::Poc, Stage::Mvp, Stage::Production];

    /// The stage as the files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Poc => "poc",
            Stage::Mvp => "mvp",
            Stage::Production => "production",
        }
    }

    /// Reads the stage as the files write it.
    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// Display name: PoC, MVP, production.
    pub fn title(self) -> &'static str {
        match self {
            Stage::Poc => "PoC",
            Stage::Mvp => "MVP",
            Stage::Production => "production",
        }
    }

    /// The stage after this one, if any.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Poc => Some(Stage::Mvp),
            Stage::Mvp => Some(Stage::Production),
            Stage::Production => None,
        }
    }

    /// Position in the sequence, for "moved more than one step" checks.
    pub fn index(self) -> usize {
        match self {
            Stage::Poc => 0,
            Stage::Mvp => 1,
            Stage::Production => 2,
        }
    }

    /// The outcomes this gate allows.
    pub fn outcomes(self) -> &'static [Outcome] {
        match self {
            Stage::Poc => &[Outcome::Continue, Outcome::Stop, Outcome::Redesign],
            Stage::Mvp => &[Outcome::Production, Outcome::Redesign, Outcome::Stop],
            Stage::Production => &[Outcome::Rollout, Outcome::Limited],
        }
    }

    /// The outcome that advances past this gate (continue, production, rollout).
    pub fn advancing_outcome(self) -> Outcome {
        match self {
            Stage::Poc => Outcome::Continue,
            Stage::Mvp => Outcome::Production,
            Stage::Production => Outcome::Rollout,
        }
    }

    /// The outcome when criteria are missed but not at the stop level
    /// (redesign before production; limited operation in production).
    pub fn shortfall_outcome(self) -> Outcome {
        match self {
            Stage::Poc | Stage::Mvp => Outcome::Redesign,
            Stage::Production => Outcome::Limited,
        }
    }

    /// The outcome when a stop criterion is met; production has no stop, only limited scope.
    pub fn stop_outcome(self) -> Outcome {
        match self {
            Stage::Poc | Stage::Mvp => Outcome::Stop,
            Stage::Production => Outcome::Limited,
        }
    }

    /// The outcome when a premise has collapsed (a data source is not available or not
    /// permitted): at the PoC gate there is nothing to continue with, so stop; at the MVP gate
    /// the design must change, so redesign; in production, operation stays limited.
    pub fn premise_outcome(self) -> Outcome {
        match self {
            Stage::Poc => Outcome::Stop,
            Stage::Mvp => Outcome::Redesign,
            Stage::Production => Outcome::Limited,
        }
    }

    /// Whether a stop level can change this gate's recommendation: in production, missing the
    /// threshold and reaching the stop level both recommend limited operation.
    pub fn has_stop(self) -> bool {
        self.stop_outcome() != self.shortfall_outcome()
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A gate decision's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Go on to the MVP.
    Continue,
    /// End the project.
    Stop,
    /// Rework the MVP before it goes to production.
    Redesign,
    /// Go to production.
    Production,
    /// Roll out in full.
    Rollout,
    /// Keep operating in a limited scope.
    Limited,
}

impl Outcome {
    /// The outcome as decisions.yaml writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Continue => "continue",
            Outcome::Stop => "stop",
            Outcome::Redesign => "redesign",
            Outcome::Production => "production",
            Outcome::Rollout => "rollout",
            Outcome::Limited => "limited",
        }
    }

    /// Whether the outcome moves the project past its gate (continue, production, rollout).
    pub fn advances(self) -> bool {
        Stage::ALL.iter().any(|g| g.advancing_outcome() == self)
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_gate_allows_its_own_outcomes() {
        for gate in Stage::ALL {
            assert!(gate.outcomes().contains(&gate.advancing_outcome()));
            assert!(gate.outcomes().contains(&gate.shortfall_outcome()));
            assert!(gate.outcomes().contains(&gate.stop_outcome()));
            assert!(gate.outcomes().contains(&gate.premise_outcome()));
            assert_eq!(Stage::parse(gate.as_str()), Some(gate));
        }
        assert!(!Stage::Poc.outcomes().contains(&Outcome::Rollout));
        assert_eq!(Stage::Poc.next(), Some(Stage::Mvp));
        assert_eq!(Stage::Production.next(), None);
        assert!(Stage::Poc.has_stop() && Stage::Mvp.has_stop() && !Stage::Production.has_stop());
    }
}
