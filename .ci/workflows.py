"""Turns what actionlint cannot read by itself into workflows it can.

  workflows.py action action.yml OUT      the composite action's steps as one job of a reusable
                                          workflow whose inputs are the action's inputs, so that
                                          actionlint checks their expressions and (with shellcheck)
                                          their scripts
  workflows.py docs FILE.md... OUTDIR     every ```yaml block of the docs that is a whole workflow
                                          (it has `jobs:`), one file each

Output is JSON, which is YAML too.
"""

import json
import pathlib
import re
import sys

from ruamel.yaml import YAML


def action(path, out):
    doc = YAML(typ="safe").load(pathlib.Path(path).read_text())
    inputs = {name: {"type": "string", "required": False} for name in doc.get("inputs", {})}
    workflow = {
        "name": f"steps of {path}",
        "on": {"workflow_call": {"inputs": inputs}},
        "permissions": {},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": doc["runs"]["steps"]}},
    }
    pathlib.Path(out).write_text(json.dumps(workflow, indent=1))


def docs(paths, outdir):
    count = 0
    for path in paths:
        text = pathlib.Path(path).read_text()
        for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", text, re.S)):
            if re.search(r"^jobs:", block, re.M):
                name = f"{pathlib.Path(path).stem}-{i}.yml"
                pathlib.Path(outdir, name).write_text(block)
                count += 1
    print(count)


if __name__ == "__main__":
    if sys.argv[1] == "action":
        action(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "docs":
        docs(sys.argv[2:-1], sys.argv[-1])
    else:
        sys.exit(f"unknown mode {sys.argv[1]}")
