//! The registry of finding codes: name, default severity, one-line summary and the rationale
//! `tollgate explain CODE` prints. Codes are part of the interface (CI configurations, waivers and
//! severity overrides name them), so a code is never renamed or reused.

use super::severity::Severity;

macro_rules! codes {
    ($( $variant:ident => $name:literal, $severity:ident, $summary:literal, $explanation:literal; )*) => {
        /// A stable finding code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( #[doc = $summary] $variant, )*
        }

        impl Code {
            /// Every code, in the order of the registry.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case name users see and write.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// How much a finding of this code matters unless a policy says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One line: what the check looks at.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// Why the check exists, in the domain's terms.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => $explanation, )* }
            }
        }
    };
}

impl Code {
    /// Looks a code up by its kebab-case name.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

codes! {
    // ---- reading files -------------------------------------------------------------------
    FileUnreadable => "file-unreadable", Error,
        "A file could not be read.",
        "tollgate reads every file of the governance repository it is asked to check. A file that \
         cannot be read (permissions, I/O error, a directory where a file belongs) is reported \
         rather than skipped, because a check that silently ignores a file could pass a gate on \
         incomplete information.";
    FileNotUtf8 => "file-not-utf8", Error,
        "A YAML file is not valid UTF-8 text.",
        "YAML files must be UTF-8. The byte offset of the first invalid sequence is given; \
         re-save the file as UTF-8 (many editors default to a legacy encoding such as Shift_JIS).";
    FileTooLarge => "file-too-large", Error,
        "A file is larger than the configured size cap.",
        "Governance files are small: a few kilobytes each. A file above the cap (tollgate.yaml \
         `max_file_bytes`, 4 MiB by default) is refused unread, so that a mistaken or hostile \
         commit cannot exhaust the memory of a CI runner.";
    FileEmpty => "file-empty", Error,
        "A required file is empty.",
        "An empty file says nothing, which is different from saying 'none'. Write the empty list \
         explicitly (for example `decisions: []`) so a reviewer can tell a deliberate 'nothing yet' \
         from a file that was truncated by mistake.";
    SymlinkOutsideRoot => "symlink-outside-root", Error,
        "A file is a symbolic link that leads outside the checked repository.",
        "Everything a gate is decided on must be versioned in the governance repository. A \
         symbolic link that leads outside it would let the check read unreviewed content (or \
         secrets on the runner), so tollgate refuses to follow it.";
    MissingFile => "missing-file", Error,
        "A project folder lacks one of its required files.",
        "Each project folder holds project.yaml, kpis.yaml, results.yaml, governance.yaml, \
         decisions.yaml and issues.yaml. A missing file usually means a concern was left for \
         later, which the source article names as the reason PoCs stall; write the file, with an \
         empty list if there is nothing yet.";
    UnexpectedFile => "unexpected-file", Warning,
        "A YAML file in a project folder that tollgate does not read.",
        "A project folder holds exactly six files. Another YAML file there is usually a misspelt \
         name (`kpi.yaml` for `kpis.yaml`), in which case the data it holds is not being checked.";
    NoProjects => "no-projects", Warning,
        "No project folders were found.",
        "tollgate looks for one folder per project under `projects/` (or `projects_dir` in \
         tollgate.yaml). Finding none usually means the wrong --root was given.";
    YamlSyntax => "yaml-syntax", Error,
        "A file is not well-formed YAML.",
        "The YAML parser stopped at the position shown. Common causes: a tab used for \
         indentation, an unclosed bracket or quote, a `:` inside an unquoted value.";
    YamlLimit => "yaml-limit", Error,
        "A YAML file exceeds a safety limit (nesting depth, alias expansion, node count).",
        "YAML aliases can expand a small file into billions of nodes ('billion laughs') and deep \
         nesting can exhaust the stack. tollgate's files need neither, so documents beyond the \
         limits are refused with the position where the limit was crossed.";
    DuplicateKey => "duplicate-key", Error,
        "A mapping gives the same key twice.",
        "With a duplicate key one of the two values would be silently lost, and which one \
         depends on the tool. In a file that records agreements and decisions that ambiguity is \
         unacceptable, so it is an error.";
    YamlTag => "yaml-tag", Error,
        "A YAML tag other than the core ones (`!!str`, `!!int`, `!!float`, ...).",
        "Tags such as `!include`, `!env`, `!!python/object` or `!!timestamp` mean what the tool \
         reading the file decides: one inserts the file `!include /etc/passwd` names, another \
         reads the plain text `/etc/passwd`, another refuses the file. A governance record must \
         mean the same to every tool and every reviewer, so tollgate refuses any tag but the YAML \
         1.2 core ones (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`) and \
         the non-specific `!`, at the position of the tag. Quote the value if the text itself \
         starts with `!`.";
    // ---- schema ----------------------------------------------------------------------------
    UnknownKey => "unknown-key", Error,
        "A key that the file's schema does not define.",
        "Schemas are strict: a misspelt key (`treshold` for `threshold`) would otherwise be \
         ignored and the criterion it meant to set would silently not exist. The message suggests \
         the closest known key.";
    MissingKey => "missing-key", Error,
        "A required key is absent.",
        "Some facts cannot be left out: a KPI without a layer or direction cannot be judged, a \
         governance item without an approver cannot be signed off. The schema \
         (`tollgate schema KIND`) lists what each file requires.";
    WrongType => "wrong-type", Error,
        "A value has the wrong type (for example text where a number belongs).",
        "Thresholds and results are compared as numbers, dates as calendar dates. A value of the \
         wrong type cannot be compared, so it is reported where it is written.";
    InvalidValue => "invalid-value", Error,
        "A value is outside what the schema allows (unknown enum value, bad id, out of range).",
        "Stages, gates, outcomes, statuses and topics come from fixed vocabularies so that policies \
         can rely on them. The message lists the allowed values and suggests the closest one.";
    InvalidDate => "invalid-date", Error,
        "A date is not a real calendar date in YYYY-MM-DD form.",
        "Dates order the record: criteria registered before results, agreements before \
         decisions, waivers that expire. Write dates as YYYY-MM-DD (quoted or not); a value such \
         as 2026-02-30 is rejected.";
    SchemaOutdated => "schema-outdated", Warning,
        "The editor schemas committed in .tollgate/schemas are not this tollgate's.",
        "`tollgate init` and `tollgate schema --write` put copies of the JSON Schemas in \
         `.tollgate/schemas/`, so that editors flag a wrong key or value while the YAML is typed \
         (docs/editors.md). After an upgrade of tollgate, or an edit of a copy, editors judge the \
         files by other rules than the gate: the editor accepts what fails the pull request, or \
         flags what passes. tollgate never validates with the copies (a pull request can edit \
         them like any other file); it compares them with its own schemas as JSON documents and \
         reports each copy that differs, is missing or cannot be read. A repository without the \
         folder has set no editor up and gets no finding. Refresh the copies with `tollgate \
         schema --write .tollgate/schemas` and commit them.";
    // ---- references across files ----------------------------------------------------------
    UnknownPerson => "unknown-person", Error,
        "A role, approver or author refers to a person not in people.yaml.",
        "Roles and sign-offs must name real, identifiable people: the roster maps each id to a \
         name, git identities and a GitHub login, which is what lets tollgate check that a \
         sign-off came from the person entitled to give it.";
    UnknownKpi => "unknown-kpi", Error,
        "A result or criteria change refers to a KPI that kpis.yaml does not define.",
        "A measurement only means something against a KPI whose criteria were agreed in advance. \
         A result for an undefined KPI is either a typo or a metric chosen after the fact.";
    GateWithoutCriteria => "gate-without-criteria", Error,
        "A result is recorded for a gate for which its KPI has no criteria.",
        "Results are evidence for a gate's decision, judged against criteria fixed before the \
         results. A result for a gate the KPI has no criteria for cannot be judged; register the \
         criteria (with `registered_at`) first.";
    DuplicateId => "duplicate-id", Error,
        "Two entries of the same kind share an id.",
        "Ids are how files refer to each other and how history follows an entry across commits; \
         a duplicate makes every such reference ambiguous.";
    ProjectIdMismatch => "project-id-mismatch", Error,
        "project.yaml's id differs from its folder name.",
        "The folder name is the project's id in paths, PR comments and history; project.yaml must \
         agree so that a renamed folder is noticed rather than silently becoming a new project.";
    // ---- policies ---------------------------------------------------------------------------
    PolicyInvalid => "policy-invalid", Error,
        "A policy file has a rule tollgate cannot apply.",
        "A rule naming a KPI no project defines, a CEL expression that does not compile, a \
         parameter that means nothing for the rule's kind: each would make the policy quietly \
         check less than its author intended. A broken policy is an input error (exit 2), never \
         a pass.";
    PolicyRuntime => "policy-runtime", Error,
        "A custom (expr) rule failed while being evaluated.",
        "A CEL expression that compiles can still fail on real data: a missing field, a \
         comparison of text with a number. The gate cannot be judged by a rule that did not run, \
         so this is an input error (exit 2) with the project and rule named. Guard optional \
         fields with has(...).";
    PolicyExpr => "policy-expr", Error,
        "A custom (expr) rule of the organisation's policy is not satisfied.",
        "Organisations add their own conditions as CEL expressions in policies/*.yaml. The \
         finding carries the message the rule's author wrote.";
    CheckSkipped => "check-skipped", Warning,
        "A check could not run because a file it needs did not load.",
        "One bad file never hides another: when a file of a project (or people.yaml) does not \
         load, everything that does not depend on it is still checked, and this finding names \
         what could not be (rules of the policy, references to people or KPIs, the \
         recommendation). The broken file has its own error; fix it and the skipped checks run \
         again.";
    // ---- readiness: can the gate be decided? --------------------------------------------------
    GateHasNoCriteria => "gate-has-no-criteria", Error,
        "No KPI has criteria registered for the project's current gate.",
        "A PoC is not a technical demo: its goal is a decision (continue, stop or redesign), and a \
         decision needs criteria agreed before the work starts. 'A PoC that cannot be decided is \
         the same as a failed PoC.' Register at least one KPI with criteria for this gate.";
    CriteriaNotPreregistered => "criteria-not-preregistered", Error,
        "Criteria were registered after the first result for that KPI and gate (or carry no date).",
        "Criteria fixed after the results can be bent to fit them, and then the gate decides \
         nothing. The article insists that numeric continue/stop criteria are set before the PoC \
         starts and must not drift. `registered_at` must not be later than the first result's \
         `measured_at`.";
    StopCriterionMissing => "stop-criterion-missing", Warning,
        "A KPI's criteria at the current gate set no stop level.",
        "The article's pitfall check asks for numeric stop and continue criteria set in advance. \
         Without a `stop` level the criteria can recommend continuing or redesigning but never \
         stopping, so a weak PoC drags on: the decision to stop is easiest to make before the \
         results, when nobody's work depends on it. Checked at the PoC and MVP gates; in \
         production, missing the threshold and reaching a stop level both mean limited \
         operation.";
    ResultMissing => "result-missing", Error,
        "A KPI with criteria at the current gate has no result for it.",
        "Every KPI the gate was agreed to be judged on must be measured; deciding on a subset is \
         choosing the evidence after the fact.";
    LayerMissing => "layer-missing", Error,
        "The gate's results do not cover both KPI layers (quantitative and qualitative).",
        "Accuracy alone does not show that people in the field can use the output. The article \
         asks for improvement shown in both layers: quantitative (accuracy, response time, \
         automation rate) and qualitative (usability in the field, tolerance for wrong output).";
    RolesNotSeparated => "roles-not-separated", Error,
        "Owner, business lead and tech lead are not three different people.",
        "The anti-pattern the article names: one person is implementer, PoC lead and decision \
         maker, so decisions float and nobody judges operational realism. The owner decides, \
         the business lead judges fit to the work, the tech lead builds.";
    RationaleMissing => "rationale-missing", Error,
        "The project does not write down why its business KPI should improve.",
        "The article's pitfall check starts with the rationale for the business-KPI improvement: \
         which work the system removes or shortens, for whom, and so why the business KPI named \
         in `scope.business_kpi` should move. Without it a PoC can meet every technical \
         criterion and still not be worth continuing. Write it as `scope.rationale` in \
         project.yaml.";
    DataNotReady => "data-not-ready", Error,
        "A data source is not available or not permitted (or none is declared).",
        "'The PoC passed, but the data may not leave the company' is a classic stall. Before a \
         gate is decided, the data the project needs must be obtainable and permitted for this \
         use (for example, to be sent to an external model).";
    GovernanceMissing => "governance-missing", Error,
        "A governance topic the gate needs has no agreement item at all.",
        "Governance left for later stops projects after the PoC: security rejects for lack of \
         audit logs, approval stalls on unsettled legal responsibility for AI output. The policy \
         lists the topics each gate needs; each needs an item with a named approver.";
    GovernancePending => "governance-pending", Error,
        "A governance item the gate needs is not agreed yet (or one needed later is pending).",
        "The gate needs this agreement from the named approver's department. Items needed only \
         at a later gate are reported as warnings, so that they are not discovered at the last \
         moment.";
    GovernanceRejected => "governance-rejected", Error,
        "A governance item was rejected by its approver.",
        "A rejected agreement means the department that can stop the project has said no under \
         the current design: redesign the approach or scope and seek agreement again.";
    WaiverExpired => "waiver-expired", Warning,
        "A waiver's expiry date has passed, so it no longer counts.",
        "Waivers are temporary by design: each carries an approver, a reason and an expiry. A \
         waiver is valid through its expiry date; from the day after, the waived item or rule \
         counts again as if there were no waiver. For a rule waiver in project.yaml this finding \
         is a warning and the waived findings come back with their own severity; for a waived \
         governance item it is an error when the current gate needs the item and a warning \
         when only a later gate does. 'Now' is today, or --now for reproducible checks of old \
         commits.";
    ReviewOverdue => "review-overdue", Warning,
        "An agreed governance item's review date has passed.",
        "Agreements about models and data age: models are updated, terms change. An item with a \
         `review_due` in the past should be reviewed and its date moved on.";
    IssueAreaMissing => "issue-area-missing", Error,
        "The open-issue inventory does not cover an area the gate requires.",
        "At PoC end the article asks to inventory what stalls projects if left undefined: data \
         responsibility (update frequency, maintainer), model management (impact of model \
         updates), operating authority (who improves, who approves), risk response (who answers \
         for wrong output) and cost structure (PoC cost versus production TCO).";
    IssueOwnerMissing => "issue-owner-missing", Error,
        "An open issue has no owner.",
        "An unowned issue is an unresolved one; the inventory exists so that each has a person \
         responsible for settling it.";
    IssueBlocksGate => "issue-blocks-gate", Error,
        "An open issue is marked as blocking the current gate.",
        "The team recorded that this gate cannot pass while the issue is open. Resolve it (with \
         a resolution) or change what it blocks, in a reviewed commit.";
    // ---- the criteria and the recommendation ---------------------------------------------------
    KpiBelowThreshold => "kpi-below-threshold", Warning,
        "A KPI's counted result does not clear its pre-agreed threshold.",
        "The recommendation follows the criteria agreed before the results: with a KPI short of \
         its threshold the gate recommends redesign (before production) or limited operation \
         (in production), not advancement. This informs; it blocks only through a decision that \
         contradicts it.";
    KpiStopCriterionMet => "kpi-stop-criterion-met", Warning,
        "A KPI's result is at or beyond its explicit stop criterion.",
        "Where the project set a stop level in advance, reaching it recommends stopping: the \
         decision to stop was made before the results, when it was easy to make.";
    SampleTooSmall => "sample-too-small", Error,
        "A result is measured on fewer samples than its criteria require (or on an unknown number).",
        "Generative output is probabilistic: a rate measured on a handful of cases says little. \
         A result below the criteria's `min_samples` does not count, so the gate cannot be \
         decided on it; measure on more cases or give `n`.";
    CountsRequired => "counts-required", Error,
        "A criterion asks for a confidence interval but the result gives no counts.",
        "A 95% Wilson interval needs successes and n. With `confidence: wilson-95` the bound on \
         the unfavourable side must clear the threshold, so record the result as counts.";
    ResultsNotProductionLike => "results-not-production-like", Error,
        "A KPI has results for this gate only on test data, not production-like data.",
        "Test data and production data differ in length, vocabulary and phrasing, and accuracy \
         drops on real input. From the MVP gate on, results that count come from production-like \
         or production data.";
    // ---- recorded decisions -------------------------------------------------------------------
    DecisionOutcomeInvalid => "decision-outcome-invalid", Error,
        "A decision's outcome is not one its gate allows.",
        "PoC: continue, stop or redesign. MVP: production, redesign or stop. Production: rollout \
         or limited. Another outcome cannot be acted on.";
    DecisionNotByOwner => "decision-not-by-owner", Error,
        "A gate decision is recorded by someone other than the project owner.",
        "The owner holds investment and continuation decisions; decisions left to the field \
         float. A decision by anyone else is not a decision of the project.";
    DecisionContradictsCriteria => "decision-contradicts-criteria", Error,
        "A decision differs from what the pre-agreed criteria recommend, without an override.",
        "Criteria were agreed in advance precisely so that the decision follows them. A decision \
         may depart from them, but then it must say why: add `override: {reason: ...}`.";
    DecisionOverridesCriteria => "decision-overrides-criteria", Note,
        "A decision departs from the criteria with a recorded reason.",
        "Recorded so that reviewers see it: the decision differs from the recommendation and the \
         owner gave the reason in `override`.";
    DecisionWhileBlocked => "decision-while-blocked", Error,
        "A decision is recorded for a gate that cannot be decided yet.",
        "While the gate has blocking findings (governance not agreed, results missing, roles not \
         separated...) a decision is taken without what was agreed to be necessary for it.";
    StageWithoutDecision => "stage-without-decision", Error,
        "A project is in a stage without a recorded decision to advance at the previous gate.",
        "Stages move one step at a time and only through the gate: MVP after a PoC decision to \
         continue, production after an MVP decision for production.";
    StageNotAdvanced => "stage-not-advanced", Warning,
        "The current gate's decision advances the project, but its stage was not moved on.",
        "The owner decided to advance; set `stage` in project.yaml to the next stage so that the \
         next gate's rules apply.";
    PartnerDelivery => "partner-delivery", Warning,
        "The external partner works on a delivery-only basis.",
        "A delivery-type partner hands over a prototype and leaves, and no know-how stays. The \
         article prefers an accompanying partner who supports decision material, in-sourcing and \
         migration design.";
    RuleWaived => "rule-waived", Note,
        "A finding was waived by a project waiver that has not expired.",
        "The project recorded a waiver for this rule with an approver, a reason and an expiry. \
         The finding is kept as a note so that the waiver stays visible until it expires.";
    SignoffNotApproved => "signoff-not-approved", Error,
        "A pull request marks a governance item agreed without the approver's approval on GitHub.",
        "Anyone with write access can change `status: pending` to `status: agreed` in \
         governance.yaml; the file alone cannot prove that the named approver (the legal, \
         security or data owner) actually signed off. In a pull request, tollgate therefore \
         accepts the change only with proof from the approver: an APPROVED review on the pull \
         request by the GitHub login people.yaml gives for them, of a commit after which the \
         item no longer changed (their latest review counts, so a later 'changes requested' or \
         a dismissed review withdraws it, and an approval of an earlier commit is stale), or a \
         commit made by them (signed with their key; one merely authored under their e-mail is \
         a claim, `signoff-unproven`). Ask the approver to review and approve the pull request as it \
         now is, or to make the change themselves; check that people.yaml has their `github` \
         login.";
    // ---- history --------------------------------------------------------------------------
    CriteriaChangedAfterResults => "criteria-changed-after-results", Error,
        "A gate's criteria changed after results for them were committed, without a recorded change.",
        "Criteria are agreed before results exist so that the result cannot shape the bar it is \
         judged against. Lowering a threshold (or a stop level, a minimum sample size, the \
         confidence rule, the direction or unit, or deleting the KPI) once the numbers are in \
         -- or in the same commit that brings them -- turns a failed PoC into a passed one \
         after the fact. A change can be legitimate, but then the project owner records it in \
         `criteria_changes` (kpi, gate, changed_by, changed_at, rationale) in the same commit, \
         and that commit is the owner's own (or approved by the owner on the pull request), so \
         reviewers see who moved the bar and why.";
    DecisionRewritten => "decision-rewritten", Error,
        "A recorded gate decision was edited or deleted.",
        "decisions.yaml is the project's minutes: who decided what at which gate, and why. If a \
         recorded decision can be quietly changed, the record no longer shows what was known and \
         decided at the time. Decisions are append-only: a changed mind is a new decision that \
         names the old one in `supersedes`.";
    SignoffNotByApprover => "signoff-not-by-approver", Error,
        "A governance item was set to agreed or waived in a commit not made by its approver.",
        "An agreement with legal, security or risk management only counts when the person \
         entitled to give it gave it, and so does a waiver of it. In git that is the commit that \
         set the item to `agreed` (or `waived`): signed with the approver's SSH key (or verified \
         by GitHub for their account), or merely authored under their e-mail, which is a claim \
         (`signoff-unproven`); or, in a pull request, the approver's APPROVED review of a commit \
         after which the item did not change. The approver that \
         counts is the one named before that commit, so renaming the approver in the same \
         change proves nothing. A project member marking another department's sign-off is \
         exactly the shortcut that lets a project reach a gate with its real blockers \
         unresolved.";
    ApproverChanged => "approver-changed", Error,
        "An item's approver was changed by someone other than the owner or the previous approver.",
        "A sign-off only means something if it comes from the department entitled to give it: \
         legal for legal terms, security for data transfer, risk management for wrong output. \
         Whoever can rename an item's approver can name themselves and then 'agree' as the \
         approver, so the approver that counts for a sign-off is the one before the change, and \
         changing it is itself a governance change: it must be made (a commit of theirs, or an approval \
         of the pull request) by the project owner, who answers for the project, or by the previous \
         approver handing the item over. A new item created already agreed needs the owner to \
         have named its approver.";
    SignoffUnverified => "signoff-unverified", Warning,
        "A sign-off, waiver, decision or approver change exists only in the working tree, not in a commit.",
        "Agreements are proven by who committed them (or approved the pull request): the \
         entitled department signs off, not whoever edits the file. An item set to `agreed` in \
         the working tree but in no commit has no author yet, so it cannot be verified and is \
         not silently accepted either; it will be checked like every other sign-off once it is \
         committed. The same holds for an uncommitted approver change, and for an uncommitted \
         criteria change recorded in `criteria_changes` for the owner: criteria are fixed before \
         results, and only the owner may move them on record; and for an uncommitted project waiver \
         or gate decision, which only the owner may grant or record. Commit the change as (or have it \
         approved by) the person entitled to make it.";
    SignoffUnproven => "signoff-unproven", Error,
        "A sign-off rests only on a commit e-mail: no signature, GitHub verification or approval proves it.",
        "A git e-mail is whatever the committer typed: `git -c user.email=<the approver's address> \
         commit` makes anyone look like the approver. So a sign-off (an item agreed or waived, an \
         approver changed, a decision or a criteria change recorded by the owner) whose commit \
         merely carries the entitled person's e-mail is a claim, not proof that the entitled \
         department signed off. It is proven by a commit signed with one of the person's SSH \
         `signing_keys` in people.yaml and committed under their e-mail, by GitHub reporting the \
         commit's signature verified for their `github` account, or by their approving review of \
         the pull request as it now is. tollgate.yaml's `signoff_proof` sets how a claim counts: \
         `verified` (an error; the default in GitHub Actions, where the merge gate runs) or \
         `email` (a warning that says what is missing, for teams that have not set up signing; \
         the default elsewhere). A change cannot loosen the setting for itself: the stricter of \
         the range's base and head applies.";
    WaiverNotByOwner => "waiver-not-by-owner", Error,
        "A project waiver was granted in a change the project owner is not proven to have made.",
        "A waiver in project.yaml turns a rule's findings into notes until it expires, so it is a \
         decision the project owner answers for, not something whoever edits the file can grant: \
         otherwise a change could silence the very findings that block it. The waiver counts only \
         when the owner (as of the start of the checked range) made the change, proven like any \
         sign-off. This finding cannot itself be waived or lowered by a waiver.";
    DecisionNotRecordedByOwner => "decision-not-recorded-by-owner", Error,
        "A gate decision was recorded in a change the project owner is not proven to have made.",
        "Continuation decisions (continue, stop, redesign, production) belong to the project \
         owner, who answers for them. decisions.yaml can name the owner as `decided_by` whoever \
         typed it, so a recorded decision counts only when the owner (as of the start of the \
         checked range) is proven to have made the change: their signed commit, GitHub's \
         verification for their account, or their approval of the pull request.";
    StageSkipped => "stage-skipped", Error,
        "A project's stage moved more than one step forward in one commit.",
        "PoC, MVP and production each end with a gate whose decision rests on that stage's \
         evidence. Jumping from PoC to production skips the MVP gate and the checks it exists \
         for (human-correction rate, production-like data, operating responsibility).";
    HistoryUnavailable => "history-unavailable", Note,
        "The git history needed for history checks is not available.",
        "Pre-registered criteria, append-only decisions, sign-off authorship and stage order can \
         only be checked against the git history. When tollgate runs outside a git repository or \
         in a shallow clone (GitHub's actions/checkout fetches a single commit unless \
         `fetch-depth: 0` is set), those checks cannot run. Locally this is a note; in GitHub \
         Actions (GITHUB_ACTIONS=true) and with --require-history it is an error, because a \
         merge gate that passes whenever the history is missing can be walked around by \
         leaving it out.";
    HistoryFileInvalid => "history-file-invalid", Warning,
        "A file did not parse at an earlier commit; that version was skipped.",
        "History checks read every version of the project files. A version that was broken when \
         committed (and fixed later) cannot be compared, so it is skipped and the version before \
         it stands in. The warning says which commit, so that a check that depended on it can be \
         reviewed by hand.";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_explained() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "duplicate code {name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !name.starts_with('-')
                    && !name.ends_with('-'),
                "{name} is not kebab-case"
            );
            assert!(code.summary().len() > 10, "{name} lacks a summary");
            assert!(code.explanation().len() > 80, "{name} lacks an explanation");
            assert_eq!(Code::parse(name), Some(*code));
        }
    }
}
