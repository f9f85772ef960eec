#!/usr/bin/env python3
"""Generates a large governance repository history for timing `tollgate log` and the history
checks: N commits (default 10,000) over P projects copied from the example, written with
`git fast-import` (seconds, not minutes).

Usage: scripts/gen_history.py DIR [COMMITS] [PROJECTS]

Most commits append a result to some project's results.yaml; every 25th records a decision;
every 500th moves a project one stage on; every 7th touches only a README (no tracked file)."""

import os
import random
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent / "scaffold"
target = Path(sys.argv[1])
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
projects = int(sys.argv[3]) if len(sys.argv) > 3 else 20
rng = random.Random(42)

template = root / "projects" / "support-reply-drafts"
files = {}
for rel in ["people.yaml", "tollgate.yaml"]:
    files[rel] = (root / rel).read_text()
ids = [f"project-{i:02}" for i in range(projects)]
for pid in ids:
    for f in template.iterdir():
        text = f.read_text()
        if f.name == "project.yaml":
            text = text.replace("id: support-reply-drafts", f"id: {pid}")
        files[f"projects/{pid}/{f.name}"] = text
stage = {pid: "poc" for pid in ids}
decisions = {pid: 0 for pid in ids}

out = []
def blob(path, text):
    data = text.encode()
    out.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

t0 = 1_700_000_000
for n in range(commits):
    when = t0 + n * 600
    pid = rng.choice(ids)
    changed = {}
    msg = f"Commit {n}"
    if n == 0:
        changed = dict(files)
        msg = "Initial import (#1)"
    elif n % 7 == 0:
        changed["README.md"] = f"revision {n}\n"
    elif n % 500 == 0 and stage[pid] != "production":
        stage[pid] = {"poc": "mvp", "mvp": "production"}[stage[pid]]
        p = f"projects/{pid}/project.yaml"
        files[p] = "\n".join(
            f"stage: {stage[pid]}" if l.startswith("stage:") else l for l in files[p].split("\n"))
        changed[p] = files[p]
        msg = f"Move {pid} to {stage[pid]} (#{n})"
    elif n % 25 == 0:
        decisions[pid] += 1
        p = f"projects/{pid}/decisions.yaml"
        body = files[p].replace("decisions: []\n", "decisions:\n")
        body += (f"  - id: d-{decisions[pid]}\n    gate: poc\n    outcome: continue\n"
                 f"    decided_by: yamamoto-kenji\n    decided_at: 2026-11-20\n"
                 f"    rationale: Decision {decisions[pid]} at commit {n}.\n")
        files[p] = body
        changed[p] = body
        msg = f"Merge pull request #{n} from acme/decide-{pid}"
    else:
        p = f"projects/{pid}/results.yaml"
        files[p] = files[p].replace("value: 11.8", f"value: {rng.randint(5, 29)}.5", 1) \
            if "value: 11.8" in files[p] else files[p].replace(
                "value: 3.9 ", f"value: {rng.randint(30, 49) / 10} ", 1)
        if files[p] == changed.get(p):
            pass
        files[p] += f"# run {n}\n"
        changed[p] = files[p]
    author = "Kenji Yamamoto <kenji.yamamoto@example.com>"
    msgb = msg.encode()
    head = (f"commit refs/heads/main\nmark :{n + 1}\nauthor {author} {when} +0900\n"
            f"committer {author} {when} +0900\ndata {len(msgb)}\n").encode() + msgb + b"\n"
    if n > 0:
        head += f"from :{n}\n".encode()
    out.append(head)
    for path, text in sorted(changed.items()):
        blob(path, text)
    out.append(b"\n")

target.mkdir(parents=True, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
subprocess.run(["git", "fast-import", "--quiet"], cwd=target, input=b"".join(out), check=True)
subprocess.run(["git", "checkout", "-q", "main"], cwd=target, check=True)
print(f"{commits} commits, {projects} projects in {target}")
