#!/usr/bin/env python3
"""Deterministic generator of a tollgate governance repository for benchmarks.

    python3 bench/gen_portfolio.py --projects P --commits C --seed S --out DIR

writes DIR as a git repository (branch `main`, checked out) holding P projects in tollgate's
format (all six files per project, plus people.yaml and tollgate.yaml at the root) and exactly C
commits (`git rev-list --count HEAD == C`), built with `git fast-import`.

How the portfolio is made
-------------------------
Every project lives through a planned life cycle, the way real pull requests move it: it is
created in PoC with its PoC criteria registered, governance items are agreed one by one (each in
a commit authored by the item's approver, with the approver's e-mail from people.yaml), results
are recorded, issues are resolved, the owner records the gate decision (continue / production /
rollout, or redesign / stop when the pre-agreed criteria say so) and, when it advances, the stage
moves on together with the next gate's criteria and governance items. Each project's life is cut
at a chosen point, so the final state has a mix of stages (about 45% PoC, 35% MVP, 20%
production) and about 60% of the projects can have their current gate decided ("ready") under
the default policy; the rest are blocked for realistic reasons (a required agreement still
pending or rejected, a result missing, too few samples, an open issue blocking the gate, roles
held by one person, data not permitted).

All events of all projects are put on one time line. The first commit imports the portfolio as it
stood before the last K events; the remaining C - 1 commits replay those K events as pull
requests: some as a PR commit plus a merge commit "Merge pull request #N from login/branch" (two
commits), the others as squash commits "Title (#N)". Author and committer dates are fixed, so the
same arguments give a byte-identical repository (same `git rev-parse HEAD`).

Only the Python 3 standard library is used. Dates are written unquoted (YYYY-MM-DD), as users
write them. `--invalid N` breaks one file in each of N projects (for measuring error paths);
the default is a valid repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import textwrap

END = dt.date(2026, 10, 30)  # the last event date; benchmarks check with --now 2026-11-30
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
TZ = dt.timezone(dt.timedelta(hours=9))
TZ_TEXT = "+0900"

# ---------------------------------------------------------------------------------------------
# People

FIRST = """kenji yuki daisuke sho mai emi naoki aya ryo haruto sota yuto riku hinata minato
ren yamato kaito hiroshi takumi akira kazuki shota yusuke tomoya kenta yui aoi rin mio sakura
hana yuna mei nanami misaki ayaka haruka natsuki chihiro kaori megumi noriko yoko keiko tomoko
satoshi makoto takeshi masato koji junichi shinji tetsuya hideki kei jun saki""".split()
LAST = """yamamoto kato sato suzuki nakamura takahashi kobayashi ito watanabe tanaka yoshida
yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto
yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii saito
sakamoto endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa nakano
harada ono tamura takeuchi kaneko wada nakayama ishida ueda morita""".split()

BUSINESS_DEPTS = [
    "customer-support", "sales", "legal-operations", "human-resources", "finance", "marketing",
    "procurement", "logistics", "manufacturing", "quality-assurance",
]


class People:
    def __init__(self, rng: random.Random, projects: int):
        self.rng = rng
        self.people: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.used: set[str] = set()
        n = max(projects, 4)
        self.owners = [self.add("business-planning") for _ in range(max(3, n // 8))]
        self.leads = [self.add(BUSINESS_DEPTS[i % len(BUSINESS_DEPTS)])
                      for i in range(max(4, n // 4))]
        self.techs = [self.add("information-systems") for _ in range(max(3, n // 5))]
        self.approvers = {
            dept: [self.add(dept) for _ in range(max(2, n // 250))]
            for dept in ["legal", "security", "risk-management", "it"]
        }
        self.approvers["business-planning"] = [
            self.add("business-planning") for _ in range(max(2, n // 250))
        ]
        self.maintainers = [self.add("ai-governance-office") for _ in range(3)]

    def add(self, dept: str) -> str:
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            base = f"{last}-{first}"
            pid, k = base, 1
            while pid in self.used:
                k += 1
                pid = f"{base}-{k}"
            break
        self.used.add(pid)
        suffix = "" if k == 1 else str(k)
        p = {
            "id": pid,
            "name": f"{first.capitalize()} {last.capitalize()}",
            "emails": [f"{first}.{last}{suffix}@example.com"],
            "github": f"{first[0]}{last}{suffix}-example",
            "department": dept,
        }
        if rng.random() < 0.15:
            p["emails"].append(f"{first[0]}{last}{suffix}@users.noreply.example.com")
        self.people.append(p)
        self.by_id[pid] = p
        return pid

    def render(self) -> str:
        out = [
            "# Everyone who holds a role, signs off a governance item or records a decision.",
            "# `emails` are the git author addresses that count as the person; `github` is the login",
            "# whose pull-request approvals count as their sign-off.",
            "people:",
        ]
        for p in self.people:
            out.append(f"  - id: {p['id']}")
            out.append(f"    name: {p['name']}")
            out.append(f"    emails: [{', '.join(p['emails'])}]")
            out.append(f"    github: {p['github']}")
            out.append(f"    department: {p['department']}")
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


TOLLGATE_YAML = """\
# tollgate settings. Every key below shows its default value; the file itself is optional.
version: 1
projects_dir: projects        # one folder per project, named after the project id
people_file: people.yaml      # the roster that roles, approvers and decisions refer to
policy_dir: policies          # your gate policies; the built-in defaults apply when it is empty
max_file_bytes: 4194304       # larger files are refused (file-too-large)
"""

# ---------------------------------------------------------------------------------------------
# Use cases: the text the projects are made of.

USE_CASES = [
    dict(slug="support-reply-drafts", name="Reply drafts for customer-support inquiries",
         dept="customer-support",
         what="Drafts a first reply to each incoming customer e-mail from the product FAQ and past answered inquiries. An operator always reviews, edits and sends the reply; nothing goes out unreviewed.",
         process="Answering customer inquiries received by e-mail and web form",
         users="Customer-support operators (first-line team)",
         bkpi="Average handling time per inquiry",
         why="Operators spend most of their handling time searching the FAQ and past answers and writing the reply from scratch. A usable draft removes the search and most of the typing, so handling time should fall while the operator keeps control over what is sent.",
         acc=("answer-accuracy", "Draft answer accuracy", "Share of drafts whose content a senior operator rates as correct and complete enough to send after light editing, on a fixed set of past inquiries."),
         qual=("operator-usability", "Usability for operators", "Mean answer to 'the draft made this inquiry easier to handle' (1 = not at all, 5 = very much) in a survey of operators who used the drafts."),
         data=[("inquiry-archive", "Answered inquiries and the replies actually sent"), ("product-faq", "Public product FAQ and the internal troubleshooting notes behind it")]),
    dict(slug="contract-review-assist", name="Contract clause review assistant", dept="legal-operations",
         what="Checks incoming contract drafts clause by clause against the legal playbook and proposes comments on clauses that deviate from the standard position. A reviewer accepts, edits or rejects every proposal.",
         process="First-pass review of supplier and customer contract drafts",
         users="Contract reviewers in the legal department",
         bkpi="Reviewer hours per contract",
         why="Most review time goes into comparing routine clauses with the playbook. If the assistant flags deviations reliably, reviewers can concentrate on the flagged clauses and on negotiation.",
         acc=("clause-accuracy", "Clause deviation accuracy", "Share of clauses where the assistant's verdict (standard or deviating, with the right playbook reference) matches the reviewer's final judgement."),
         qual=("reviewer-trust", "Reviewer trust", "Mean answer to 'I can rely on the assistant's flags in my daily review' (1 to 5) in a survey of the reviewers using it."),
         data=[("contract-archive", "Signed contracts and reviewer comments"), ("clause-playbook", "Standard positions and fallback wording per clause type")]),
    dict(slug="invoice-matching", name="Invoice to purchase-order matching", dept="finance",
         what="Reads supplier invoices, extracts line items and proposes the matching purchase-order lines. Accounts-payable clerks confirm each match before posting.",
         process="Three-way matching of supplier invoices in accounts payable",
         users="Accounts-payable clerks",
         bkpi="Invoices processed per clerk and day",
         why="Clerks re-key line items and search for the order by hand. Reliable extraction and a proposed match leave them only the exceptions.",
         acc=("match-accuracy", "Line match accuracy", "Share of invoice lines whose proposed purchase-order line is the one the clerk confirms, on a fixed sample of past invoices."),
         qual=("clerk-satisfaction", "Clerk satisfaction", "Mean answer to 'the proposals save me work' (1 to 5) from the clerks in the trial."),
         data=[("invoice-archive", "Scanned supplier invoices with their postings"), ("po-ledger", "Purchase orders and goods receipts from the ERP")]),
    dict(slug="meeting-minutes", name="Meeting minutes and action items", dept="human-resources",
         what="Turns meeting transcripts into minutes with decisions and action items. The meeting owner corrects and publishes them.",
         process="Writing and distributing minutes of internal meetings",
         users="Meeting owners and secretaries in head-office departments",
         bkpi="Time from meeting end to published minutes",
         why="Minutes are written late or not at all, so decisions get lost. A draft ready minutes after the meeting makes publishing them a short review.",
         acc=("action-item-recall", "Action item recall", "Share of the action items agreed in the meeting (per the owner's checklist) that appear correctly in the draft."),
         qual=("owner-acceptance", "Owner acceptance", "Mean answer to 'I would publish this draft after light edits' (1 to 5) from meeting owners."),
         data=[("meeting-transcripts", "Transcripts of recorded internal meetings"), ("minutes-templates", "Department templates and past published minutes")]),
    dict(slug="sales-proposal-drafts", name="Sales proposal drafting", dept="sales",
         what="Drafts the first version of a sales proposal from the opportunity notes, product sheets and past winning proposals. The account manager rewrites and owns the final document.",
         process="Preparing proposals for mid-size sales opportunities",
         users="Account managers in the domestic sales division",
         bkpi="Proposals submitted per account manager and month",
         why="Account managers assemble proposals from old documents by copy and paste. A structured first draft shortens preparation so more opportunities get a proposal in time.",
         acc=("section-correctness", "Section correctness", "Share of proposal sections a sales manager rates as factually correct for the product and the customer."),
         qual=("manager-usefulness", "Usefulness for account managers", "Mean answer to 'the draft was a useful starting point' (1 to 5) from account managers."),
         data=[("proposal-archive", "Past proposals with win or loss outcome"), ("product-sheets", "Current product sheets and price lists")]),
    dict(slug="hr-policy-qa", name="Questions about HR policies", dept="human-resources",
         what="Answers employees' questions about leave, allowances and procedures from the HR policy handbook, with a link to the paragraph used. Unclear cases are handed to the HR desk.",
         process="Answering employee questions at the HR service desk",
         users="All employees; HR desk staff handle hand-overs",
         bkpi="Tickets reaching the HR desk per month",
         why="Most desk tickets ask what the handbook already says. Correct cited answers let the desk focus on cases that need judgement.",
         acc=("answer-correctness", "Answer correctness", "Share of answers an HR specialist rates as correct and correctly cited, on a fixed set of past tickets."),
         qual=("employee-rating", "Employee rating", "Mean rating of answers by employees who used the assistant (1 to 5)."),
         data=[("hr-handbook", "HR policy handbook and its revision history"), ("desk-tickets", "Closed HR desk tickets with the answers given")]),
    dict(slug="incident-summaries", name="IT incident summaries", dept="quality-assurance",
         what="Summarises the ticket history of an IT incident for the post-incident review and proposes a timeline. The incident manager verifies every entry.",
         process="Preparing post-incident reviews",
         users="Incident managers in IT operations",
         bkpi="Days from incident closure to completed review",
         why="Reviews wait weeks because assembling the timeline from tickets and chat is tedious. A verified draft timeline removes most of that work.",
         acc=("timeline-accuracy", "Timeline accuracy", "Share of timeline entries that the incident manager confirms as correct in time and content."),
         qual=("manager-confidence", "Manager confidence", "Mean answer to 'I could base the review on this summary' (1 to 5)."),
         data=[("incident-tickets", "Incident tickets with work notes"), ("ops-chat-export", "Exported operations chat channels linked to incidents")]),
    dict(slug="product-descriptions", name="Product description generation", dept="marketing",
         what="Writes product descriptions for the online shop from the product master data and brand guidelines. An editor approves each description before it is published.",
         process="Publishing descriptions of new products in the online shop",
         users="Editors in the e-commerce team",
         bkpi="Days from product listing to published description",
         why="New products wait for descriptions for weeks. A draft that follows the guidelines lets editors approve instead of write.",
         acc=("guideline-compliance", "Guideline compliance", "Share of drafts that pass the editor's guideline checklist without factual corrections."),
         qual=("editor-rating", "Editor rating", "Mean rating of draft quality by the editors (1 to 5)."),
         data=[("product-master", "Product master data from the PIM"), ("brand-guidelines", "Brand and tone guidelines with examples")]),
    dict(slug="procurement-spec-check", name="Procurement specification check", dept="procurement",
         what="Compares supplier quotations with the requested specification and lists deviations. The buyer decides on every deviation.",
         process="Evaluating supplier quotations against specifications",
         users="Buyers in indirect procurement",
         bkpi="Lead time from quotation receipt to award",
         why="Buyers compare long quotations with specifications line by line. A deviation list lets them focus on the commercial decision.",
         acc=("deviation-recall", "Deviation recall", "Share of the deviations found by an experienced buyer that the list also contains."),
         qual=("buyer-trust", "Buyer trust", "Mean answer to 'I trust the deviation list' (1 to 5) from buyers."),
         data=[("quotation-archive", "Past quotations with award decisions"), ("spec-library", "Specification templates by category")]),
    dict(slug="call-summaries", name="Call centre call summaries", dept="customer-support",
         what="Summarises recorded customer calls into the CRM case note with reason, outcome and follow-up. The agent confirms the note before closing the case.",
         process="Wrapping up customer calls in the call centre",
         users="Call-centre agents",
         bkpi="After-call work time per call",
         why="Agents type case notes after every call. A correct summary ready at hang-up cuts after-call work.",
         acc=("summary-accuracy", "Summary accuracy", "Share of summaries a team lead rates as correct in reason, outcome and follow-up."),
         qual=("agent-usability", "Agent usability", "Mean answer to 'the summary is usable as the case note' (1 to 5)."),
         data=[("call-recordings", "Recorded calls with consent flags"), ("crm-case-notes", "Case notes written by agents")]),
    dict(slug="manual-translation", name="Technical manual translation", dept="manufacturing",
         what="Pre-translates maintenance manuals into the languages of the overseas plants using the terminology database. A technical translator post-edits every page.",
         process="Translating maintenance manuals for overseas plants",
         users="Technical translators and plant documentation staff",
         bkpi="Translation cost per page",
         why="Manuals reach overseas plants months late. Terminology-consistent pre-translation turns translation into post-editing.",
         acc=("term-accuracy", "Terminology accuracy", "Share of controlled terms translated as in the terminology database."),
         qual=("translator-effort", "Translator effort rating", "Mean answer to 'post-editing took less effort than translating' (1 to 5)."),
         data=[("manual-corpus", "Manuals with their approved translations"), ("term-database", "Controlled terminology per language")]),
    dict(slug="claims-triage", name="Warranty claim triage", dept="quality-assurance",
         what="Classifies incoming warranty claims by failure mode and urgency and proposes the handling route. A claims engineer confirms the route.",
         process="Triage of warranty claims from dealers",
         users="Claims engineers",
         bkpi="Days from claim receipt to first decision",
         why="Claims queue until an engineer reads them. A correct proposed route lets simple claims move the same day.",
         acc=("route-accuracy", "Routing accuracy", "Share of claims whose proposed route the engineer confirms."),
         qual=("engineer-trust", "Engineer trust", "Mean answer to 'I trust the proposed route' (1 to 5)."),
         data=[("claim-archive", "Closed warranty claims with routes and causes"), ("failure-catalogue", "Failure-mode catalogue per product line")]),
    dict(slug="knowledge-search", name="Internal knowledge search", dept="logistics",
         what="Answers staff questions from internal procedures and past case notes, always citing the source documents. Answers are advice; the procedure owner is named.",
         process="Finding the applicable procedure in daily operations",
         users="Operations staff in the distribution centres",
         bkpi="Time spent searching procedures per shift",
         why="Staff ask colleagues or search shared drives for the right procedure. Cited answers shorten the search and reduce wrong handling.",
         acc=("retrieval-precision", "Cited source precision", "Share of answers whose cited source is the applicable procedure, on a fixed question set."),
         qual=("staff-rating", "Staff rating", "Mean rating of answers by operations staff (1 to 5)."),
         data=[("procedure-library", "Operating procedures and work instructions"), ("case-notes", "Shift reports and past case notes")]),
]

VARIANTS = [
    "", "for the Osaka branch", "for the EMEA team", "for the Nagoya plant", "for the Tokyo head office",
    "for the Kyushu region", "for the APAC hub", "for the retail division", "for the corporate division",
    "pilot 2", "for the Sapporo centre", "for key accounts", "for the Fukuoka office",
]

PARTNERS = ["Example Systems Co., Ltd.", "Sample Digital Inc.", "Demo Analytics K.K.",
            "Placeholder AI Partners", "Illustrative Consulting Ltd."]

TOPICS = {
    # topic: (department or None for the business department, title template)
    "data-rights": ("legal", "{data} may be used as model input; {dept} is responsible for the data"),
    "security": ("security", "Text may be sent to the contracted model endpoint after masking personal data; no provider retention"),
    "legal-terms": ("legal", "Provider terms of use, ownership of generated text and the disclaimer shown to users"),
    "wrong-output-flow": ("risk-management", "Every output is checked by a person; wrong output is flagged and reviewed weekly"),
    "access-control": ("it", "Only the trained user group can use the assistant, through existing accounts"),
    "audit-log": ("it", "Prompts, outputs and user edits are logged and kept for audit"),
    "model-update": ("risk-management", "A new model version is re-run on the evaluation set and signed off before it replaces the pinned one"),
    "feedback-loop": (None, "User corrections are collected monthly and folded into prompts and reference data"),
    "cost": ("business-planning", "Monthly and yearly running cost at production volume (TCO), kept apart from the PoC and MVP budget"),
    "usage-rules": ("risk-management", "Usage rules for everyone who will use the assistant after rollout"),
}
ITEM_IDS = {
    "security": "model-data-transfer", "legal-terms": "provider-terms", "wrong-output-flow": "wrong-output-handling",
    "access-control": "user-access", "audit-log": "prompt-audit-log", "model-update": "model-version-change",
    "feedback-loop": "correction-feedback", "cost": "production-cost", "usage-rules": "end-user-rules",
}
POC_TOPICS = ["data-rights", "security", "legal-terms", "wrong-output-flow"]
MVP_TOPICS = POC_TOPICS + ["audit-log", "access-control", "model-update", "feedback-loop"]
PROD_TOPICS = MVP_TOPICS + ["cost", "usage-rules"]
REQUIRED = {"poc": POC_TOPICS, "mvp": MVP_TOPICS, "production": PROD_TOPICS}

AREAS = [
    ("data-responsibility", "Who keeps the {data} current, and how often it is refreshed"),
    ("model-management", "How a new model version is evaluated before it replaces the pinned one"),
    ("operating-authority", "Who may change prompts and templates, and who approves the change"),
    ("risk-response", "Responsibility and procedure when wrong output reaches a customer or a record"),
    ("cost-structure", "Running cost at full volume estimated separately from the PoC budget"),
]

CONTEXT = [
    "The assistant never acts on its own: every output is a proposal that a named person accepts, edits or rejects.",
    "Inputs are masked for personal data before they leave the internal network, as agreed with security.",
    "The evaluation set is fixed at the start of each stage and kept apart from the data used to tune prompts.",
    "Prompts and reference data are versioned in the team's repository and reviewed like code.",
    "The pilot users were chosen from volunteers in two teams so that the results cover different ways of working.",
    "Output quality is rated by people who were not involved in building the assistant.",
    "Costs of the PoC are booked separately from the running budget of the department.",
    "The team meets weekly with the business lead to review flagged outputs and decide on prompt changes.",
]
EVAL_NOTES = [
    "Measured on the fixed evaluation set of this stage; raters followed the written rating guide and did not see which model version produced an output.",
    "Sample drawn at random from the archive period agreed with the business lead, stratified by request type so that rare cases are represented.",
    "Two raters per item on a tenth of the sample to check agreement; agreement was high enough that single rating was kept for the rest.",
    "Run with the model version pinned in project.yaml; the raw ratings and the rating guide are linked as evidence.",
]

NEXT = {"poc": "mvp", "mvp": "production"}
ADVANCE = {"poc": "continue", "mvp": "production", "production": "rollout"}
SHORTFALL = {"poc": "redesign", "mvp": "redesign", "production": "limited"}
STOP = {"poc": "stop", "mvp": "stop", "production": "limited"}
TITLE = {"poc": "PoC", "mvp": "MVP", "production": "production"}
DATASET = {"poc": "test", "mvp": "production-like", "production": "production"}

# ---------------------------------------------------------------------------------------------
# YAML rendering helpers (plain scalars only where they are safe; long text folded)


def fold(text: str, indent: int, width: int = 98) -> list[str]:
    pad = " " * indent
    return [">"] + [pad + line for line in textwrap.wrap(text, width - indent)]


def scalar(s: str) -> str:
    """A plain scalar when safe, else a double-quoted one."""
    unsafe = (": " in s or " #" in s or s[:1] in "!&*?|>'\"%@`{}[],-#" or s.endswith(":")
              or s.lower() in ("true", "false", "null", "yes", "no", "on", "off", "~")
              or s.strip() != s)
    if unsafe:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def kv(indent: int, key: str, value, long_text: bool = False) -> list[str]:
    pad = " " * indent
    if isinstance(value, bool):
        return [f"{pad}{key}: {'true' if value else 'false'}"]
    if isinstance(value, (int, float)):
        return [f"{pad}{key}: {fmt_num(value)}"]
    if isinstance(value, dt.date):
        return [f"{pad}{key}: {value.isoformat()}"]
    if long_text and len(value) + indent + len(key) > 90:
        lines = fold(value, indent + 2)
        return [f"{pad}{key}: {lines[0]}"] + lines[1:]
    return [f"{pad}{key}: {scalar(value)}"]


def fmt_num(v) -> str:
    if isinstance(v, int):
        return str(v)
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return s if "." in s else s + ".0"


# ---------------------------------------------------------------------------------------------
# One project's state and its six files


class Project:
    def __init__(self, index: int, pid: str, uc: dict, variant: str, roles: dict, rng: random.Random,
                 people: People):
        self.index = index
        self.id = pid
        self.uc = uc
        self.rng = rng
        self.people = people
        name = uc["name"] + (f" {variant}" if variant else "")
        self.spec = {
            "name": name,
            "stage": "poc",
            "roles": roles,
            "users_n": rng.randint(8, 120),
            "partner": None,
            "data": [],
            "models": [],
            "waivers": [],
            "context": rng.sample(CONTEXT, 5),
        }
        self.kpis: list[dict] = []
        self.criteria_changes_key = rng.random() < 0.5
        self.results: list[dict] = []
        self.items: list[dict] = []
        self.decisions: list[dict] = []
        self.issues: list[dict] = []
        self.created = False
        self.model_version = 0

    # -- rendering ---------------------------------------------------------------------------

    def render_project(self) -> str:
        s, uc = self.spec, self.uc
        head = {
            "poc": "# A PoC in progress: its gate (continue / stop / redesign) decides whether it becomes an MVP.",
            "mvp": "# Passed its PoC gate (see decisions.yaml); now an MVP working towards the production gate.",
            "production": "# In production; the production gate decides between full rollout and limited operation.",
        }[s["stage"]]
        out = [head, f"id: {self.id}", f"name: {scalar(s['name'])}", f"stage: {s['stage']}"]
        out += kv(0, "description", uc["what"] + " " + " ".join(s["context"]), True)
        out.append("scope:")
        out += kv(2, "business_process", uc["process"])
        out += kv(2, "users", f"{uc['users']} (about {s['users_n']} people)")
        out += kv(2, "business_kpi", uc["bkpi"])
        out += kv(2, "rationale", uc["why"] + " The effect is measured against the same period of the previous year, per team, and reported to the owner every month together with the cost of running the assistant.", True)
        r = s["roles"]
        out += ["roles:", f"  owner: {r['owner']}                # decides at each gate",
                f"  business_lead: {r['business_lead']}        # judges whether it works for the real work",
                f"  tech_lead: {r['tech_lead']}            # builds it and improves accuracy"]
        if s["partner"]:
            out += ["partner:", f"  name: {scalar(s['partner'][0])}", f"  model: {s['partner'][1]}"]
        out.append("data:")
        for d in s["data"]:
            out.append(f"  - id: {d['id']}")
            out += kv(4, "description", d["description"] + ". Read through the department's read-only export, refreshed monthly", True)
            out.append(f"    owner: {d['owner']}")
            out.append(f"    available: {'true' if d['available'] else 'false'}")
            out.append(f"    permitted: {'true' if d['permitted'] else 'false'}")
        out.append("models:")
        for m in s["models"]:
            out += [f"  - name: {m[0]}", f'    version: "{m[1]}"', f"    provider: {m[2]}"]
        if s["waivers"]:
            out.append("waivers:")
            for w in s["waivers"]:
                out.append(f"  - rule: {w['rule']}")
                out += kv(4, "reason", w["reason"], True)
                out.append(f"    approved_by: {w['approved_by']}")
                out.append(f"    expires: {w['expires'].isoformat()}")
        return "\n".join(out) + "\n"

    def render_kpis(self) -> str:
        out = ["# Criteria per gate. Each gate's criterion was registered before the first result for that gate.",
               "kpis:"]
        for i, k in enumerate(self.kpis):
            if i:
                out.append("")
            out.append(KPI_COMMENT[k["role"]])
            out += [f"  - id: {k['id']}", f"    name: {scalar(k['name'])}", f"    layer: {k['layer']}",
                    f"    unit: {k['unit']}", f"    direction: {k['direction']}"]
            out += kv(4, "description", k["description"] + KPI_MORE[k["role"]], True)
            out.append("    criteria:")
            for gate in ("poc", "mvp", "production"):
                c = k["criteria"].get(gate)
                if not c:
                    continue
                out.append(f"      {gate}:{CRIT_COMMENT[gate]}")
                out.append(f"        threshold: {fmt_num(c['threshold'])}")
                if "stop" in c:
                    out.append(f"        stop: {fmt_num(c['stop'])}")
                if "min_samples" in c:
                    out.append(f"        min_samples: {c['min_samples']}")
                if "confidence" in c:
                    out.append(f"        confidence: {c['confidence']}")
                out.append(f"        registered_at: {c['registered_at'].isoformat()}")
        if self.criteria_changes_key:
            out += ["", "criteria_changes: []"]
        return "\n".join(out) + "\n"

    def render_results(self) -> str:
        head = "# Evidence per gate. A rate is written as successes and n so its sample size counts."
        if not self.results:
            return head + "\nresults: []\n"
        out = [head, "results:"]
        for i, r in enumerate(self.results):
            if i:
                out.append("")
            out.append(f"  # {TITLE[r['gate']]} evidence, {r['kind']} data: measured {r['measured_at'].isoformat()} by {r['measured_by']}; "
                       "raw data and rating sheets are linked as evidence.")
            out += [f"  - id: {r['id']}", f"    kpi: {r['kpi']}", f"    gate: {r['gate']}"]
            if "successes" in r:
                pct = 100.0 * r["successes"] / r["n"]
                out.append(f"    successes: {r['successes']:<16} # {pct:.1f}%")
                out.append(f"    n: {r['n']}")
            else:
                out.append(f"    value: {fmt_num(r['value'])}")
                if "n" in r:
                    out.append(f"    n: {r['n']}")
            out += ["    dataset:", f"      id: {r['dataset']}", f"      kind: {r['kind']}"]
            out.append(f"    measured_at: {r['measured_at'].isoformat()}")
            out.append(f"    measured_by: {r['measured_by']}")
            out.append(f"    evidence: https://wiki.example.com/ai/{self.id}/{r['id']}")
            if r.get("note"):
                out += kv(4, "note", r["note"], True)
        return "\n".join(out) + "\n"

    def render_governance(self) -> str:
        out = ["# Agreements with the departments concerned. Only the named approver can turn an item to",
               "# `agreed` (by authoring or approving the change).",
               "items:"]
        for i, it in enumerate(self.items):
            if i:
                out.append("")
            out += [f"  - id: {it['id']}", f"    topic: {it['topic']}"]
            out += kv(4, "title", it["title"])
            out += [f"    department: {it['department']}", f"    approver: {it['approver']}",
                    f"    status: {it['status']}"]
            if it["status"] == "agreed":
                out.append(f"    agreed_at: {it['agreed_at'].isoformat()}")
                out.append(f"    evidence: https://wiki.example.com/{it['department']}/approvals/{it['evidence']}")
                if it.get("review_due"):
                    out.append(f"    review_due: {it['review_due'].isoformat()}")
            if it["status"] == "waived":
                w = it["waiver"]
                out += ["    waiver:", f"      approved_by: {w['approved_by']}"]
                out += kv(6, "reason", w["reason"], True)
                out.append(f"      expires: {w['expires'].isoformat()}")
            if it.get("note"):
                out += kv(4, "note", it["note"], True)
        return "\n".join(out) + "\n"

    def render_decisions(self) -> str:
        head = "# Append-only: never edit or delete a recorded decision; supersede it with a new one."
        if not self.decisions:
            return head + "\ndecisions: []\n"
        out = [head, "decisions:"]
        for i, d in enumerate(self.decisions):
            if i:
                out.append("")
            out += [f"  - id: {d['id']}", f"    gate: {d['gate']}", f"    outcome: {d['outcome']}",
                    f"    decided_by: {d['decided_by']}", f"    decided_at: {d['decided_at'].isoformat()}"]
            out += kv(4, "rationale", d["rationale"], True)
            if d.get("supersedes"):
                out.append(f"    supersedes: {d['supersedes']}")
        return "\n".join(out) + "\n"

    def render_issues(self) -> str:
        out = ["# Open-issue inventory: what must be settled before a gate, each with an owner.", "issues:"]
        for i, it in enumerate(self.issues):
            if i:
                out.append("")
            out += [f"  - id: {it['id']}", f"    area: {it['area']}"]
            out += kv(4, "title", it["title"])
            out += [f"    owner: {it['owner']}", f"    due: {it['due'].isoformat()}",
                    f"    blocks: {it['blocks']}", f"    status: {it['status']}"]
            if it["status"] == "resolved":
                out += kv(4, "resolution", it["resolution"], True)
        return "\n".join(out) + "\n"

    def render(self) -> dict[str, str]:
        if not self.created:
            return {}
        base = f"projects/{self.id}/"
        return {
            base + "project.yaml": self.render_project(),
            base + "kpis.yaml": self.render_kpis(),
            base + "results.yaml": self.render_results(),
            base + "governance.yaml": self.render_governance(),
            base + "decisions.yaml": self.render_decisions(),
            base + "issues.yaml": self.render_issues(),
        }


# ---------------------------------------------------------------------------------------------
# Life cycle planning: a list of events, each a mutation of the project with an author and title.


class Event:
    __slots__ = ("project", "seq", "date", "ts", "author", "title", "branch", "apply", "files")

    def __init__(self, project: Project, seq: int, author: str, title: str, branch: str, apply):
        self.project = project
        self.seq = seq
        self.date: dt.date | None = None
        self.ts = 0
        self.author = author
        self.title = title
        self.branch = branch
        self.apply = apply  # apply(project, date)
        self.files: dict[str, str] | None = None


def wilson(s: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = s / n
    z2 = z * z
    den = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / den
    half = z * ((p * (1 - p) / n + z2 / (4 * n * n)) ** 0.5) / den
    return max(0.0, centre - half), min(1.0, centre + half)


KPI_COMMENT = {
    "acc": "  # Quantitative layer: is the output right? Judged on counts, so sample size and the interval count.",
    "corr": "  # Quantitative layer: how much checking work remains in daily operation (the acceptable failure rate).",
    "qual": "  # Qualitative layer: does it work for the people who use it? Asked the same way at every gate.",
    "time": "  # Quantitative layer: is it fast enough to fit into the work without waiting?",
}
KPI_MORE = {
    "acc": " Rated per output by staff who know the work; the rating guide defines what counts as correct. Outputs the raters cannot judge are counted as wrong, not left out.",
    "corr": " A rewrite is any change beyond formatting; the edit log of the tool records it. Counted per output, not per request, over the whole pilot period.",
    "qual": " The survey is anonymous and repeated at each stage with the same question wording. Only users who worked with the assistant for at least a week answer it.",
    "time": " Measured end to end, including retrieval, at the users' normal working hours. Requests that time out count with the time-out value.",
}
CRIT_COMMENT = {
    "poc": "                      # agreed at the kick-off, before any PoC result",
    "mvp": "                      # agreed when the PoC gate was decided",
    "production": "               # agreed when the MVP gate was decided",
}

KPI_CRITERIA = {
    # kpi role -> gate -> criteria (without registered_at)
    "acc": {"poc": dict(threshold=70, stop=40, min_samples=100),
            "mvp": dict(threshold=85, min_samples=200, confidence="wilson-95"),
            "production": dict(threshold=88, min_samples=500, confidence="wilson-95")},
    "corr": {"mvp": dict(threshold=10, stop=25, min_samples=200, confidence="wilson-95"),
             "production": dict(threshold=8, min_samples=500, confidence="wilson-95")},
    "qual": {"poc": dict(threshold=3.0, min_samples=6),
             "mvp": dict(threshold=3.5, min_samples=10),
             "production": dict(threshold=3.8, min_samples=30)},
    "time": {"poc": dict(threshold=30), "mvp": dict(threshold=20), "production": dict(threshold=15)},
}


class Planner:
    """Plans one project's life: the events, in order, that lead to its final state."""

    def __init__(self, p: Project, rng: random.Random, people: People):
        self.p = p
        self.rng = rng
        self.people = people
        self.events: list[Event] = []
        self.uid = 0

    def ev(self, author: str, title: str, branch: str, apply) -> None:
        self.events.append(Event(self.p, len(self.events), author, title, branch, apply))

    def plan(self, target: str, ready: bool, blocker: str, verdict: str, record: bool,
             loop: bool, has_time: bool) -> None:
        p, rng = self.p, self.rng
        roles = p.spec["roles"]
        uc = p.uc
        # -- creation ------------------------------------------------------------------------
        partner = None
        r = rng.random()
        if r < 0.55:
            partner = (rng.choice(PARTNERS), "accompanying")
        elif r < 0.7:
            partner = (rng.choice(PARTNERS), "delivery")
        approver = {t: rng.choice(self.people.approvers[d]) if d else roles["business_lead"]
                    for t, (d, _) in TOPICS.items()}
        review_years = rng.choice([1, 2, 2])

        def create(p: Project, d: dt.date) -> None:
            p.created = True
            p.spec["partner"] = partner
            if partner and partner[1] == "delivery" and rng_waiver:
                p.spec["waivers"].append(dict(
                    rule="partner-delivery", approved_by=roles["owner"], expires=dt.date(2027, 9, 30),
                    reason="The partner builds the PoC only; the tech lead documents the design and takes it over before the MVP."))
            sources = list(uc["data"]) + [("evaluation-set", "Fixed evaluation cases per stage, drawn from the archive and rated by staff outside the project")]
            for j, (did, ddesc) in enumerate(sources):
                p.spec["data"].append(dict(id=did, description=ddesc, owner=roles["business_lead"],
                                           available=True, permitted=not (blocker == "data" and j == 1)))
            p.spec["models"].append(["example-chat-model", model_version(d), "example-cloud"])
            if rng_embed:
                p.spec["models"].append(["example-embedding-model", "3.1", "example-cloud"])
            p.kpis.append(self.kpi("acc", d))
            p.kpis.append(self.kpi("qual", d))
            if has_time:
                p.kpis.append(self.kpi("time", d))
            for t in POC_TOPICS + ["access-control", "audit-log"]:
                p.items.append(self.item(t, approver[t]))
            for j, (area, title) in enumerate(AREAS):
                blocks = "production" if area == "cost-structure" else ("poc" if j == 0 and rng_poc_issue else "mvp")
                owner = {"data-responsibility": roles["business_lead"], "model-management": roles["tech_lead"],
                         "operating-authority": roles["business_lead"], "risk-response": approver["wrong-output-flow"],
                         "cost-structure": roles["owner"]}[area]
                p.issues.append(dict(id=f"{area}-{j + 1}", area=area, title=title.format(data=uc["data"][0][1].lower()),
                                     owner=owner, due=d + dt.timedelta(days=rng.randint(60, 240)), blocks=blocks,
                                     status="open"))

        rng_waiver = rng.random() < 0.5
        rng_embed = rng.random() < 0.4
        rng_poc_issue = rng.random() < 0.4 or (target == "poc" and blocker == "issue-open")
        self.poc_issue = rng_poc_issue
        if blocker == "roles":
            roles["business_lead"] = roles["owner"]
        self.ev(roles["business_lead"], f"Add project {p.id} in PoC with its criteria", f"add-{p.id}", create)

        stages = ["poc", "mvp", "production"]
        for gate in stages[: stages.index(target) + 1]:
            current = gate == target
            self.phase(gate, current, ready, blocker if current else "", verdict if current else "pass",
                       record if current else True, loop and gate == "poc" and not current, approver, review_years)

    # -- building blocks -----------------------------------------------------------------------

    def kpi(self, role: str, d: dt.date, gates=("poc",)) -> dict:
        uc = self.p.uc
        if role == "acc":
            k = dict(id=uc["acc"][0], name=uc["acc"][1], layer="quantitative", unit="percent",
                     direction="higher-is-better", description=uc["acc"][2])
        elif role == "qual":
            k = dict(id=uc["qual"][0], name=uc["qual"][1], layer="qualitative", unit="score",
                     direction="higher-is-better", description=uc["qual"][2])
        elif role == "corr":
            k = dict(id="human-correction-rate", name="Human correction rate", layer="quantitative",
                     unit="percent", direction="lower-is-better",
                     description="Share of outputs a person had to rewrite before use. This is the acceptable failure rate that decides whether the checking load is sustainable in daily operation.")
        else:
            k = dict(id="response-time", name="Time to produce an output", layer="quantitative", unit="seconds",
                     direction="lower-is-better",
                     description="Median time from the request to the output being shown to the user.")
        k["role"] = role
        k["criteria"] = {}
        for g in gates:
            if g in KPI_CRITERIA[role]:
                k["criteria"][g] = dict(KPI_CRITERIA[role][g], registered_at=d)
        return k

    def item(self, topic: str, approver: str) -> dict:
        dept, title = TOPICS[topic]
        uc = self.p.uc
        return dict(id=ITEM_IDS[topic] if topic != "data-rights" else f"{uc['data'][0][0]}-use",
                    topic=topic, title=title.format(data=uc["data"][0][1], dept=uc["dept"]),
                    department=dept or uc["dept"], approver=approver, status="pending",
                    note="Waiting for sign-off by the approver.")

    def agree(self, topic: str, waive: bool = False, reject: bool = False, review_years: int = 1) -> None:
        p = self.p

        def apply(p: Project, d: dt.date) -> None:
            for it in p.items:
                if it["topic"] == topic:
                    it.pop("note", None)
                    if reject:
                        it["status"] = "rejected"
                        it["note"] = "Rejected: the proposed handling does not meet the department's requirements; a revised approach is needed."
                    elif waive:
                        it["status"] = "waived"
                        it["waiver"] = dict(approved_by=it["approver"], expires=dt.date(2027, 6, 30) + dt.timedelta(days=(p.index * 7) % 360),
                                            reason="Only the trained pilot users use the assistant until rollout; the company-wide rules are drafted for the rollout and are not needed before then.")
                    else:
                        it["status"] = "agreed"
                        it["agreed_at"] = d
                        it["evidence"] = f"{d.year}-{p.index % 997:03d}{len(it['id']) % 10}"
                        it["note"] = f"Agreed in the {it['department']} review; conditions are listed in the linked approval and apply until the next review."
                        if it["topic"] in ("data-rights", "security", "legal-terms", "wrong-output-flow") and p.rng.random() < 0.7:
                            it["review_due"] = dt.date(d.year + self_years, 12 if d.month > 6 else 6, 30)

        self_years = review_years
        it_approver = self.pending_approver[topic]
        verb = "Reject" if reject else ("Waive" if waive else "Agree")
        self.ev(it_approver, f"{verb} {topic} for {p.id}", f"{topic}-{p.id}", apply)

    def result(self, kpi_role: str, gate: str, verdict: str, run: int, small: bool = False) -> None:
        p, rng = self.p, self.rng
        crit = KPI_CRITERIA[kpi_role][gate]
        kind = DATASET[gate]
        roles = p.spec["roles"]
        r: dict = {"gate": gate, "kind": kind}
        if kpi_role == "acc":
            if verdict == "pass":
                lo = {"poc": 0.76, "mvp": 0.905, "production": 0.935}[gate]
                pr = rng.uniform(lo, lo + 0.05)
                n = rng.randint(*{"poc": (150, 300), "mvp": (350, 600), "production": (700, 1200)}[gate])
            elif verdict == "fail":
                pr = rng.uniform(*{"poc": (0.52, 0.64), "mvp": (0.76, 0.82), "production": (0.80, 0.85)}[gate])
                n = rng.randint(*{"poc": (150, 300), "mvp": (350, 600), "production": (700, 1200)}[gate])
            else:  # stop
                pr = rng.uniform(0.25, 0.36)
                n = rng.randint(150, 300)
            if small:
                n = rng.randint(20, crit["min_samples"] - 30)
            r.update(successes=round(pr * n), n=n)
            by = roles["tech_lead"]
        elif kpi_role == "corr":
            rate = {"pass": rng.uniform(0.015, 0.04), "fail": rng.uniform(0.13, 0.18),
                    "stop": rng.uniform(0.33, 0.40)}[verdict]
            n = rng.randint(*{"mvp": (350, 600), "production": (700, 1200)}[gate])
            if small:
                n = rng.randint(40, crit["min_samples"] - 40)
            r.update(successes=round(rate * n), n=n)
            by = roles["tech_lead"]
        elif kpi_role == "qual":
            v = rng.uniform(crit["threshold"] + 0.3, crit["threshold"] + 0.9)
            if verdict == "fail":
                v = crit["threshold"] - rng.uniform(0.3, 0.8)
            n = crit["min_samples"] + rng.randint(2, 30)
            if small:
                n = max(1, crit["min_samples"] - rng.randint(2, 5))
            r.update(value=round(v, 1), n=n)
            by = roles["business_lead"]
        else:
            v = crit["threshold"] * rng.uniform(0.3, 0.8)
            r.update(value=round(v, 1))
            by = roles["tech_lead"]
        r["measured_by"] = by
        survey = kpi_role == "qual"
        notes = {
            "acc": "Each output rated by one of two senior staff; disagreements settled by the business lead.",
            "corr": "Counted from the edit log of the pilot period; trivial formatting edits not counted.",
            "qual": "Anonymous survey at the end of the trial period.",
            "time": "Median over all requests of the trial period.",
        }

        def apply(p: Project, d: dt.date) -> None:
            k = next(k for k in p.kpis if k["role"] == kpi_role)
            rr = dict(r)
            rr["id"] = f"{gate}-{k['id']}-run-{run}"
            rr["kpi"] = k["id"]
            rr["dataset"] = (f"{gate}-user-survey-{d.year}" if survey else
                             f"{p.uc['data'][0][0]}-{kind}-{d.year}")
            rr["measured_at"] = d
            rr["note"] = notes[kpi_role] + " " + EVAL_NOTES[(p.index + len(p.results)) % len(EVAL_NOTES)]
            p.results.append(rr)

        self.ev(by, f"Record {TITLE[gate]} result for {kpi_role_name(kpi_role)} in {p.id}",
                f"{gate}-results-{p.id}", apply)

    def resolve(self, gate: str) -> None:
        p = self.p

        def apply(p: Project, d: dt.date) -> None:
            for it in p.issues:
                if it["blocks"] == gate and it["status"] == "open":
                    it["status"] = "resolved"
                    it["resolution"] = ("Agreed in the steering meeting; recorded in the team charter and "
                                        "reflected in the governance items of this project.")
        self.ev(p.spec["roles"]["owner"], f"Resolve issues blocking the {TITLE[gate]} gate of {p.id}",
                f"issues-{p.id}", apply)

    def decide(self, gate: str, outcome: str, advance: bool, supersede: bool = False) -> None:
        p = self.p
        nxt = NEXT.get(gate) if advance else None
        rationale = {
            "continue": "All KPIs meet the criteria registered before the PoC, and the agreements the gate needs are in place. Continue to an MVP on production-like data.",
            "production": "The MVP clears its criteria on production-like data with the 95% bounds required; governance for the MVP gate is agreed. Go to production.",
            "rollout": "Production results clear the criteria and cost and usage rules are agreed. Roll out to all users.",
            "redesign": "Results fall short of the criteria agreed in advance. Redesign the approach and measure again.",
            "stop": "Results are at or beyond the stop criterion agreed in advance. Stop the project and record what was learned.",
            "limited": "Results fall short of the production criteria; keep operation limited to the current users.",
        }[outcome]
        uc = p.uc

        def apply(p: Project, d: dt.date) -> None:
            dec = dict(id=f"{gate}-gate-{sum(1 for x in p.decisions if x['gate'] == gate) + 1}", gate=gate,
                       outcome=outcome, decided_by=p.spec["roles"]["owner"], decided_at=d, rationale=rationale)
            if supersede:
                prev = [x for x in p.decisions if x["gate"] == gate]
                if prev:
                    dec["supersedes"] = prev[-1]["id"]
            p.decisions.append(dec)
            if nxt:
                p.spec["stage"] = nxt
                reg = d + dt.timedelta(days=1)
                for k in p.kpis:
                    if nxt in KPI_CRITERIA[k["role"]]:
                        k["criteria"][nxt] = dict(KPI_CRITERIA[k["role"]][nxt], registered_at=reg)
                if nxt == "mvp" and not any(k["role"] == "corr" for k in p.kpis):
                    p.kpis.insert(1, self.kpi("corr", reg, gates=("mvp",)))
                new = ["model-update", "feedback-loop"] if nxt == "mvp" else ["cost", "usage-rules"]
                for t in new:
                    if not any(it["topic"] == t for it in p.items):
                        p.items.append(self.item(t, self.pending_approver[t]))
                p.spec["models"][0][1] = model_version(d)
        verb = f"Record {TITLE[gate]} gate decision: {outcome}"
        if nxt:
            verb += f"; {p.id} moves to {TITLE[nxt]}"
        self.ev(p.spec["roles"]["owner"], verb, f"{gate}-decision-{p.id}", apply)
        _ = uc

    def phase(self, gate: str, current: bool, ready: bool, blocker: str, verdict: str, record: bool,
              loop: bool, approver: dict, review_years: int) -> None:
        """Events of one stage. Not current: everything up to the advancing decision."""
        rng = self.rng
        self.pending_approver = approver
        kinds = ["acc", "qual"] if gate == "poc" else ["acc", "corr", "qual"]
        if self.has_time:
            kinds.append("time")
        required = [t for t in REQUIRED[gate] if t not in self.agreed]
        blocked_by = blocker if current and not ready else ""
        skip = rng.choice(required) if blocked_by == "gov-pending" and required else None
        reject = rng.choice(required) if blocked_by == "gov-rejected" and required else None
        steps = []
        for t in required:
            if t != skip:
                steps.append(("agree", t, t == "usage-rules" and rng.random() < 0.3, t == reject))
        # some items needed only at a later gate are agreed early
        if gate == "poc":
            for t in ("access-control", "audit-log"):
                if rng.random() < 0.4:
                    steps.append(("agree", t, False, False))
        # what each KPI shows at this gate: `verdict` is the recommendation the criteria give
        def shows(k: str) -> str:
            if verdict == "pass":
                return "pass"
            if k == "acc":
                return "fail" if (verdict == "stop" and gate != "poc") else verdict
            if k == "corr" and verdict == "stop":
                return "stop"
            if k == "qual" and verdict == "fail" and rng.random() < 0.3:
                return "fail"
            return "pass"
        run = 2 if loop else 1
        for k in kinds:
            if blocked_by == "result-missing" and k == "qual":
                continue
            steps.append(("result", k, shows(k), run, blocked_by == "sample-small" and k == "acc"))
        has_issue = gate != "poc" or self.poc_issue
        if has_issue and blocked_by != "issue-open":
            steps.append(("resolve",))
        rng.shuffle(steps)
        if loop:
            # a failing first run and a redesign decision came before the rest
            first = [("result", k, "fail" if k == "acc" else "pass", 1, False) for k in kinds]
            steps = first + [("redesign",)] + steps
        for s in steps:
            if s[0] == "agree":
                self.agree(s[1], waive=s[2], reject=s[3], review_years=review_years)
                if not s[3]:
                    self.agreed.add(s[1])
            elif s[0] == "result":
                self.result(s[1], gate, s[2], s[3], s[4])
            elif s[0] == "resolve":
                self.resolve(gate)
            else:
                self.decide(gate, "redesign", False)
        if not current:
            self.decide(gate, ADVANCE[gate], True, supersede=loop)
        elif ready and record:
            outcome = {"pass": ADVANCE[gate], "fail": SHORTFALL[gate], "stop": STOP[gate]}[verdict]
            if gate == "production" or outcome != ADVANCE[gate]:
                self.decide(gate, outcome, False)


def kpi_role_name(role: str) -> str:
    return {"acc": "accuracy", "corr": "correction rate", "qual": "user rating", "time": "response time"}[role]


def model_version(d: dt.date) -> str:
    m = (d.month - 1) // 3 * 3 + 1
    return f"{d.year}-{m:02d}-15"


# ---------------------------------------------------------------------------------------------
# Building the portfolio


def build(projects: int, seed: int) -> tuple[People, list[Project], list[Event]]:
    top = random.Random(f"tollgate-bench:{seed}:people")
    people = People(top, projects)
    plan_rng = random.Random(f"tollgate-bench:{seed}:plan")
    all_projects = []
    all_events: list[Event] = []
    for i in range(projects):
        rng = random.Random(f"tollgate-bench:{seed}:project:{i}")
        uc = USE_CASES[plan_rng.randrange(len(USE_CASES))]
        variant = plan_rng.choice(VARIANTS)
        pid = f"{uc['slug']}-{i + 1:05d}"
        roles = dict(owner=plan_rng.choice(people.owners), business_lead=plan_rng.choice(people.leads),
                     tech_lead=plan_rng.choice(people.techs))
        p = Project(i, pid, uc, variant, roles, rng, people)
        x = rng.random()
        target = "poc" if x < 0.45 else ("mvp" if x < 0.80 else "production")
        ready = rng.random() < 0.62
        blockers = ["gov-pending", "gov-pending", "gov-pending", "result-missing", "sample-small",
                    "issue-open", "issue-open", "gov-rejected"]
        if target == "poc":
            blockers += ["roles", "data"]
        blocker = "" if ready else rng.choice(blockers)
        if blocker in ("roles", "data"):
            ready = False
        y = rng.random()
        verdict = "pass" if y < 0.78 else ("fail" if y < 0.94 else "stop")
        if target == "production" and verdict == "stop":
            verdict = "fail"
        record = rng.random() < 0.5
        loop = rng.random() < 0.15 and target != "poc"
        pl = Planner(p, rng, people)
        pl.agreed = set()
        pl.has_time = rng.random() < 0.5
        pl.plan(target, ready, blocker, verdict, record, loop, pl.has_time)
        # dates: gaps between events, the project's last event at most END
        gaps = []
        for e in pl.events:
            big = "decision" in e.branch
            gaps.append(rng.randint(14, 45) if big else rng.randint(1, 14))
        span = sum(gaps[1:])
        end = END - dt.timedelta(days=rng.randint(0, 420))
        d = end - dt.timedelta(days=span)
        for j, e in enumerate(pl.events):
            if j:
                d += dt.timedelta(days=gaps[j])
            e.date = d
            secs = 9 * 3600 + rng.randint(0, 9 * 3600 - 1)
            e.ts = int((dt.datetime(d.year, d.month, d.day, tzinfo=TZ) - EPOCH).total_seconds()) + secs
        all_projects.append(p)
        all_events.extend(pl.events)
    return people, all_projects, all_events


def filler(p: Project, seq: int, date: dt.date, ts: int, k: int) -> Event:
    """A small edit that changes no readiness: the pinned model version or the user count."""
    def apply(p: Project, d: dt.date) -> None:
        if k % 2 == 0:
            p.model_version += 1
            p.spec["models"][0][1] = f"{model_version(d)}-r{p.model_version}"
        else:
            p.spec["users_n"] += 1 + k % 7
    title = (f"Pin the re-evaluated model version in {p.id}" if k % 2 == 0
             else f"Update the user count of {p.id}")
    e = Event(p, seq, p.spec["roles"]["tech_lead"] if k % 2 == 0 else p.spec["roles"]["business_lead"],
              title, f"update-{p.id}-{k}", apply)
    e.date = date
    e.ts = ts
    return e


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", type=int, required=True)
    ap.add_argument("--commits", type=int, required=True, help="total commits (git rev-list --count HEAD)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--invalid", type=int, default=0, help="break one file in each of N projects")
    ap.add_argument("--merge-share", type=float, default=0.4, help="share of PRs merged with a merge commit")
    ap.add_argument("--force", action="store_true", help="replace DIR if it exists")
    args = ap.parse_args()
    if args.projects < 1 or args.commits < 1:
        ap.error("--projects and --commits must be >= 1")
    if os.path.exists(args.out):
        if not args.force and os.listdir(args.out):
            ap.error(f"{args.out} exists and is not empty (use --force)")
        shutil.rmtree(args.out)

    people, projects, events = build(args.projects, args.seed)

    # Pull-request styles: commits = 1 (import) + sum(1 for squash, 2 for merge).
    style_rng = random.Random(f"tollgate-bench:{args.seed}:styles")
    styles = []
    budget = args.commits - 1
    while budget > 0:
        merge = budget >= 2 and style_rng.random() < args.merge_share
        styles.append("merge" if merge else "squash")
        budget -= 2 if merge else 1
    k = len(styles)

    # Fillers when the life cycles have fewer events than pull requests.
    if len(events) < k:
        fr = random.Random(f"tollgate-bench:{args.seed}:fillers")
        need = k - len(events)
        by_project: dict[int, list[Event]] = {}
        for e in events:
            by_project.setdefault(e.project.index, []).append(e)
        for j in range(need):
            p = projects[j % len(projects)]
            evs = by_project[p.index]
            first, last = evs[0], evs[-1]
            ts = fr.randint(first.ts + 60, max(first.ts + 61, last.ts + 86400 * 30))
            d = dt.datetime.fromtimestamp(ts, TZ).date()
            evs.append(filler(p, len(evs), d, ts, j // len(projects)))
            evs.sort(key=lambda e: e.ts)
        events = [e for evs in by_project.values() for e in evs]

    events.sort(key=lambda e: (e.ts, e.project.index, e.seq))
    window = events[len(events) - k:] if k else []
    in_window = {id(e) for e in window}

    # Replay each project's events in its own order; render the files after window events.
    per_project: dict[int, list[Event]] = {}
    for e in events:
        per_project.setdefault(e.project.index, []).append(e)
    baseline: dict[str, str] = {}
    for p in projects:
        evs = sorted(per_project.get(p.index, []), key=lambda e: (e.ts, e.seq))
        before = None
        for e in evs:
            if id(e) in in_window and before is None:
                before = p.render()
                baseline.update(before)
            e.apply(p, e.date)
            if id(e) in in_window:
                now = p.render()
                e.files = {f: t for f, t in now.items() if before.get(f) != t}
                before = now
        if before is None:
            baseline.update(p.render())

    final: dict[str, str] = {}
    for p in projects:
        final.update(p.render())
    broken = invalid_edits(projects, args.invalid, args.seed)

    os.makedirs(args.out)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    for key, val in (("core.autocrlf", "false"), ("gc.auto", "0")):
        subprocess.run(["git", "-C", args.out, "config", key, val], check=True)
    fi = subprocess.Popen(["git", "-C", args.out, "fast-import", "--quiet", "--done"],
                          stdin=subprocess.PIPE)
    w = fi.stdin

    def data(b: bytes) -> None:
        w.write(b"data %d\n" % len(b))
        w.write(b)
        w.write(b"\n")

    def ident(pid: str | None, ts: int) -> bytes:
        if pid is None:
            return b"GitHub <noreply@github.com> %d %s" % (ts, TZ_TEXT.encode())
        person = people.by_id[pid]
        return f"{person['name']} <{person['emails'][0]}> {ts} {TZ_TEXT}".encode()

    maint = people.maintainers[0]
    first_ts = (window[0].ts if window else events[-1].ts + 3600) - 86400
    mark = 1
    w.write(b"commit refs/heads/main\nmark :1\n")
    w.write(b"author " + ident(maint, first_ts) + b"\n")
    w.write(b"committer " + ident(maint, first_ts) + b"\n")
    data(f"Import the AI project portfolio ({sum(1 for p in projects if any(f.startswith(f'projects/{p.id}/') for f in baseline))} projects)\n".encode())
    files = {"tollgate.yaml": TOLLGATE_YAML, "people.yaml": people.render(), **baseline}
    if not window:
        files.update(final)
        files.update(broken)
    for path in sorted(files):
        b = files[path].encode()
        w.write(b"M 100644 inline " + path.encode() + b"\n")
        data(b)
    head = 1
    pr = 100 + (len(events) - k)
    for j, (e, style) in enumerate(zip(window, styles)):
        pr += 1
        changes = dict(e.files)
        if j == len(window) - 1:
            changes.update(broken)
        author = e.author
        msg_title = f"{e.title}"
        if style == "squash":
            mark += 1
            w.write(b"commit refs/heads/main\nmark :%d\n" % mark)
            w.write(b"author " + ident(author, e.ts) + b"\n")
            w.write(b"committer " + ident(None, e.ts + 30) + b"\n")
            data(f"{msg_title} (#{pr})\n".encode())
            w.write(b"from :%d\n" % head)
            for path in sorted(changes):
                w.write(b"M 100644 inline " + path.encode() + b"\n")
                data(changes[path].encode())
            head = mark
        else:
            mark += 1
            branch_mark = mark
            w.write(b"commit refs/heads/pr-branch\nmark :%d\n" % mark)
            w.write(b"author " + ident(author, e.ts) + b"\n")
            w.write(b"committer " + ident(author, e.ts) + b"\n")
            data(f"{msg_title}\n".encode())
            w.write(b"from :%d\n" % head)
            for path in sorted(changes):
                w.write(b"M 100644 inline " + path.encode() + b"\n")
                data(changes[path].encode())
            mark += 1
            login = people.by_id[author]["github"]
            merger = people.maintainers[pr % len(people.maintainers)]
            w.write(b"commit refs/heads/main\nmark :%d\n" % mark)
            w.write(b"author " + ident(merger, e.ts + 1800) + b"\n")
            w.write(b"committer " + ident(None, e.ts + 1800) + b"\n")
            data(f"Merge pull request #{pr} from {login}/{e.branch}\n\n{msg_title}\n".encode())
            w.write(b"from :%d\nmerge :%d\n" % (head, branch_mark))
            for path in sorted(changes):
                w.write(b"M 100644 inline " + path.encode() + b"\n")
                data(changes[path].encode())
            head = mark
    w.write(b"done\n")
    w.close()
    if fi.wait() != 0:
        print("git fast-import failed", file=sys.stderr)
        return 1
    subprocess.run(["git", "-C", args.out, "update-ref", "-d", "refs/heads/pr-branch"], check=False,
                   stderr=subprocess.DEVNULL)
    subprocess.run(["git", "-C", args.out, "reset", "-q", "--hard", "main"], check=True)
    # fast-import writes objects in the order it receives them, each version a delta on the one
    # before: the newest trees sit at the end of chains 40 deep. git-fast-import(1) ("PACKFILE
    # OPTIMIZATION") strongly recommends `git repack -a -d` afterwards, `-f` when deltas are
    # suboptimal, and warns against benchmarking before it; a clone or `git gc` gives the same
    # layout (the tip's objects whole, older versions deltas on them).
    subprocess.run(["git", "-C", args.out, "repack", "-a", "-d", "-f", "-q"], check=True)
    count = subprocess.run(["git", "-C", args.out, "rev-list", "--count", "HEAD"], check=True,
                           capture_output=True, text=True).stdout.strip()
    headid = subprocess.run(["git", "-C", args.out, "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    print(f"{args.out}: {args.projects} projects, {count} commits, HEAD {headid}")
    return 0


def invalid_edits(projects: list[Project], n: int, seed: int) -> dict[str, str]:
    """Breaks one file in each of n projects: an unknown key (a typo), a bad date or a wrong type."""
    out: dict[str, str] = {}
    rng = random.Random(f"tollgate-bench:{seed}:invalid")
    for p in rng.sample(projects, min(n, len(projects))):
        files = p.render()
        base = f"projects/{p.id}/"
        kind = rng.randrange(3)
        if kind == 0:
            out[base + "project.yaml"] = files[base + "project.yaml"].replace("\nstage:", "\nstgae:", 1)
        elif kind == 1:
            out[base + "issues.yaml"] = files[base + "issues.yaml"].replace("    due: ", "    due: 2026-02-30 # ", 1)
        else:
            out[base + "kpis.yaml"] = files[base + "kpis.yaml"].replace("threshold: ", "threshold: high # ", 1)
    return out


if __name__ == "__main__":
    sys.exit(main())
