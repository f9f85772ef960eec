#!/usr/bin/env bash
# Static checks of everything GitHub runs: the release and CI workflows, the workflow
# `tollgate init` writes, the workflows shown in the docs, the action's metadata and steps, and
# the scripts the action runs. Needs actionlint, check-jsonschema and shellcheck on PATH
# (.ci/lint-requirements.txt). Run from the project root.
set -euo pipefail

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

workflows=(.github/workflows/*.yml scaffold/.github/workflows/tollgate.yml)
mkdir -p "$out/docs"
n=$(python3 .ci/workflows.py docs docs/github.md README.md "$out/docs")
python3 .ci/workflows.py action action.yml "$out/action-steps.yml"

echo "actionlint: ${#workflows[@]} workflows, $n from the docs, the action's steps"
actionlint "${workflows[@]}" "$out"/docs/*.yml "$out/action-steps.yml"
echo "SchemaStore github-workflow schema"
check-jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}" "$out"/docs/*.yml
echo "SchemaStore github-action schema"
check-jsonschema --builtin-schema vendor.github-actions action.yml
echo "shellcheck: scripts/*.sh .ci/*.sh"
shellcheck scripts/*.sh .ci/*.sh
