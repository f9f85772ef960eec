#!/usr/bin/env bash
# Runs two tollgate binaries on the same example repository and compares what they print, byte
# for byte: a refactoring that must not change behaviour runs this with the binary built before
# and the one built after.
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY
#
# The repository is `tollgate init --git`'s example, followed by a few commits with fixed
# identities and dates (a new result, a criteria change after results, a recorded decision, a
# governance item agreed, an issue closed), so that `diff`, `log` and the history checks have
# something to say. Every command runs with a fixed `--now`, with NO_COLOR and without the
# GITHUB_* variables of the calling shell. Compared: `check` in every format (with and without
# history), `validate`, `diff` (text, JSON, Markdown; HEAD~N..HEAD and the working tree), `log`
# (text, JSON, Markdown, CSV, --verify in text and JSON), `show` (text, JSON, at a revision, an
# unknown project), `comment --dry-run` and `--summary-only` (job summary, step outputs,
# SARIF and JSON files), every file `report` writes, `policy test`, `policy show`, `explain`
# and `schema` -- each command's standard output, standard error and exit status.
#
# Exit status: 0 when everything is identical, 1 when anything differs (the differences are
# listed), 2 on a usage error.

set -euo pipefail

if [[ $# -ne 2 || ! -x "$1" || ! -x "$2" ]]; then
    echo "usage: $0 OLD_BINARY NEW_BINARY (both executable)" >&2
    exit 2
fi
OLD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
NEW=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
HERE=$(cd "$(dirname "$0")/.." && pwd)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A controlled environment: nothing of the calling shell's GitHub or git settings.
run_env=(env -i PATH="$PATH" HOME="$WORK/home" NO_COLOR=1 LANG=C.UTF-8
    GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null)
mkdir -p "$WORK/home"

git_at() {
    # git with a fixed identity and date: git_at DATE ARGS...
    local date=$1
    shift
    "${run_env[@]}" GIT_AUTHOR_NAME="Kenji Yamamoto" GIT_AUTHOR_EMAIL=kenji.yamamoto@example.com \
        GIT_COMMITTER_NAME="Kenji Yamamoto" GIT_COMMITTER_EMAIL=kenji.yamamoto@example.com \
        GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" git -C "$WORK/repo" "$@"
}

# The example, written once by the old binary: both binaries read the same bytes.
"${run_env[@]}" GIT_AUTHOR_DATE="2026-11-01T09:00:00Z" GIT_COMMITTER_DATE="2026-11-01T09:00:00Z" \
    "$OLD" init --git --author "Kenji Yamamoto <kenji.yamamoto@example.com>" "$WORK/repo" >/dev/null
P=projects/support-reply-drafts
C=projects/contract-review-assist

cat >>"$WORK/repo/$P/results.yaml" <<'YAML'

  - id: poc-accuracy-run-2
    kpi: answer-accuracy
    gate: poc
    successes: 171
    n: 200
    dataset:
      id: support-inquiry-test-set
      kind: test
    measured_at: 2026-11-20
    measured_by: suzuki-daisuke
    evidence: https://wiki.example.com/ai/support-reply-drafts/poc-eval-2026-11-20
YAML
git_at "2026-11-20T10:00:00Z" commit -qam "A second accuracy run"

# A criteria change after results, without a criteria_changes entry: a history finding.
sed -i 's/threshold: 70 /threshold: 65 /' "$WORK/repo/$P/kpis.yaml"
git_at "2026-11-21T10:00:00Z" commit -qam "Lower the accuracy threshold" 

# A decision recorded on the support project's PoC gate.
cat >"$WORK/repo/$P/decisions.yaml" <<'YAML'
decisions:
  - id: support-poc-continue
    gate: poc
    outcome: continue
    decided_by: yamamoto-kenji
    decided_at: 2026-11-22
    rationale: The PoC criteria are met; the MVP needs production-like data.
YAML
git_at "2026-11-22T10:00:00Z" commit -qam "Record the support PoC decision"

# A governance item is agreed and an issue closes; then a file breaks, so that the error paths
# are compared too.
sed -i 's/^    status: pending$/    status: agreed\n    agreed_at: 2026-11-23/' "$WORK/repo/$P/governance.yaml"
sed -i '0,/status: open/s//status: resolved/' "$WORK/repo/$P/issues.yaml"
git_at "2026-11-23T10:00:00Z" commit -qam "Governance and issues move"
sed -i '0,/agreed_at: [0-9-]*$/s//agreed_at: not a date/' "$WORK/repo/$C/governance.yaml"
git_at "2026-11-24T10:00:00Z" commit -qam "A broken date"

# An uncommitted edit, so that the working tree differs from HEAD.
sed -i 's/value: 11.8/value: 12.4/' "$WORK/repo/$P/results.yaml"

NOW=2026-11-28
commands=(
    "check --now $NOW"
    "check --now $NOW --format json"
    "check --now $NOW --format sarif"
    "check --now $NOW --format markdown"
    "check --now $NOW --format junit"
    "check --now $NOW --format github"
    "check --now $NOW --no-history"
    "check --now $NOW --no-history --format json"
    "check --now $NOW --project support-reply-drafts --format json"
    "check --now $NOW --history-base HEAD~2 --format json"
    "validate"
    "validate --format json"
    "diff --now $NOW HEAD~5 HEAD"
    "diff --now $NOW --format json HEAD~5 HEAD"
    "diff --now $NOW --format markdown HEAD~5 HEAD"
    "diff --now $NOW HEAD~2"
    "diff --now $NOW --format markdown"
    "log"
    "log --format json"
    "log --all-parents --format json"
    "log --project support-reply-drafts --gate poc"
    "log --format markdown --project support-reply-drafts"
    "log --format csv"
    "log --verify --now $NOW"
    "log --verify --now $NOW --format json"
    "log --verify --now $NOW --base HEAD~2"
    "show support-reply-drafts --now $NOW"
    "show support-reply-drafts --now $NOW --format json"
    "show contract-review-assist --now $NOW --rev HEAD~3"
    "show no-such-project --now $NOW"
    "comment --now $NOW --dry-run --repo octo-org/governance --pr 7"
    "policy show"
    "policy test $HERE/policies/tests"
    "explain criteria-not-preregistered"
    "schema kpis"
)

fail=0
compare() {
    # compare NAME: the outputs of both binaries under $WORK/old/NAME and $WORK/new/NAME
    if ! diff -r "$WORK/old/$1" "$WORK/new/$1" >"$WORK/diff.txt" 2>&1; then
        echo "DIFFERS: $1"
        head -n 40 "$WORK/diff.txt" | sed 's/^/    /'
        fail=1
    fi
}

i=0
for cmd in "${commands[@]}"; do
    i=$((i + 1))
    name=$(printf '%02d' "$i")
    for side in old new; do
        bin=$OLD
        [[ $side == new ]] && bin=$NEW
        out="$WORK/$side/$name"
        mkdir -p "$out"
        # shellcheck disable=SC2086 # the command line is split on purpose
        (cd "$WORK/repo" && "${run_env[@]}" "$bin" $cmd >"$out/stdout" 2>"$out/stderr") &&
            echo 0 >"$out/status" || echo $? >"$out/status"
    done
    compare "$name"
    echo "$name $(cat "$WORK/old/$name/status") $cmd" >>"$WORK/ran.txt"
done

# comment --summary-only: the job summary, the step outputs and the files it writes.
for side in old new; do
    bin=$OLD
    [[ $side == new ]] && bin=$NEW
    out="$WORK/$side/summary-only"
    mkdir -p "$out/files"
    (cd "$WORK/repo" && "${run_env[@]}" GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY="$out/files/summary.md" \
        GITHUB_OUTPUT="$out/files/outputs.txt" "$bin" comment --now "$NOW" --summary-only \
        --sarif "$out/files/findings.sarif" --json "$out/files/check.json" \
        >"$out/stdout" 2>"$out/stderr") && echo 0 >"$out/status" || echo $? >"$out/status"
    # The step outputs name the files by their (differing) paths: compare them relative.
    sed -i "s|$out|OUT|g" "$out/files/outputs.txt" "$out/stdout" "$out/stderr" 2>/dev/null || true
done
compare summary-only
echo "summary-only $(cat "$WORK/old/summary-only/status") comment --summary-only" >>"$WORK/ran.txt"

# report: every file it writes, of the working tree and of a revision.
for variant in "" "--rev HEAD~1"; do
    name=report${variant:+-rev}
    for side in old new; do
        bin=$OLD
        [[ $side == new ]] && bin=$NEW
        out="$WORK/$side/$name"
        site="$WORK/site-$name-$side"
        mkdir -p "$out"
        # shellcheck disable=SC2086 # the variant is split on purpose
        (cd "$WORK/repo" && "${run_env[@]}" "$bin" report --now "$NOW" $variant --out "$site" \
            >"$out/stdout" 2>"$out/stderr") && echo 0 >"$out/status" || echo $? >"$out/status"
        sed -i "s|$site|SITE|g" "$out/stdout" "$out/stderr"
        cp -r "$site" "$out/site"
    done
    compare "$name"
    echo "$name $(cat "$WORK/old/$name/status") report $variant" >>"$WORK/ran.txt"
done

echo "ran (name, exit status, command):"
sed 's/^/  /' "$WORK/ran.txt"
echo "compared $(find "$WORK/old" -type f | wc -l) files, $(find "$WORK/old" -type f -exec cat {} + | wc -c) bytes"
if [[ $fail -eq 0 ]]; then
    echo "identical"
fi
exit $fail
