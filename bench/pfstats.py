#!/usr/bin/env python3
"""One JSON line describing a generated portfolio, for bench/report.py.

    python3 bench/pfstats.py PF_DIR KIND PROJECTS COMMITS VALIDATE_EXIT CHECK_EXIT CHECK_JSON

KIND is `size` (a whole-portfolio measurement) or `history` (a log measurement).
CHECK_JSON is the output of `tollgate check --format json` on the portfolio (may be missing).
"""

import json
import os
import subprocess
import sys


def main():
    pf, kind, projects, commits, vexit, cexit, check_json = sys.argv[1:8]
    files = 0
    total = 0
    main4 = []
    for dirpath, dirnames, filenames in os.walk(pf):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            if name.endswith(".yaml"):
                size = os.path.getsize(os.path.join(dirpath, name))
                files += 1
                total += size
                if name in ("project.yaml", "kpis.yaml", "results.yaml", "governance.yaml"):
                    main4.append(size)
    head = subprocess.run(["git", "-C", pf, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    out = {
        "kind": kind,
        "projects": int(projects),
        "commits": int(commits),
        "files": files,
        "bytes": total,
        "main4_mean": sum(main4) / len(main4) if main4 else 0,
        "head": head,
        "validate_exit": int(vexit),
        "check_exit": int(cexit),
    }
    try:
        with open(check_json, encoding="utf-8") as f:
            doc = json.load(f)
        stages = {}
        for p in doc.get("projects", []):
            stages[p.get("stage")] = stages.get(p.get("stage"), 0) + 1
        out["stages"] = stages
        out["ready"] = sum(1 for p in doc.get("projects", []) if p.get("ready"))
    except (OSError, ValueError):
        pass
    print(json.dumps(out))


if __name__ == "__main__":
    main()
