#!/usr/bin/env bash
# The HTML report as a person sees it, in headless Chromium: the example repository of
# `tollgate init` with a few more commits (new results, a criteria change by the owner, a gate
# decision), reported with `tollgate report`, then opened and checked by tests/browser/cdp.py
# (charts with threshold lines and data, no request outside the report, no console errors,
# print layout) which also takes the two screenshots.
#
# Usage: tests/browser/run.sh [SCREENSHOT_DIR]   (default: a temporary folder)
#   docs/images/report-*.png are made with: tests/browser/run.sh docs/images
# Needs: git, python3, chromium (Debian's `chromium` package; CHROMIUM=path to use another).
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$chromium" ]; then
  echo "error: no chromium on PATH (apt-get install chromium, or set CHROMIUM)" >&2
  exit 2
fi
cargo build --locked --quiet
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target="$(pwd)/$target" ;; esac
bin="$target/debug/tollgate"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shots=${1:-$work/shots}
repo=$work/governance
mkdir -p "$repo"

# git and tollgate with nothing from this machine's configuration or CI environment.
clean() { env -i PATH="$PATH" HOME="$work" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "$@"; }
# commit "Name" email date message: everything in the work tree, by that person, at that time.
commit() {
  clean git -C "$repo" add -A
  clean GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3 +0900" \
    GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$3 +0900" \
    git -C "$repo" commit -q -m "$4"
}
# append FILE: standard input to the end of a project file.
append() { cat >> "$repo/projects/$1"; }
# replace FILE OLD NEW: the one occurrence of OLD.
replace() {
  python3 - "$repo/projects/$1" "$2" "$3" <<'EOF'
import sys
path, old, new = sys.argv[1:]
text = open(path).read()
assert text.count(old) == 1, (path, old)
open(path, "w").write(text.replace(old, new))
EOF
}

clean git -C "$repo" init -q -b main
clean "$bin" init "$repo" >/dev/null
commit "Kenji Yamamoto" kenji.yamamoto@example.com 2026-11-14T10:00:00 "Initial import (#1)"

append support-reply-drafts/results.yaml <<'EOF'

  - id: poc-accuracy-run-2
    kpi: answer-accuracy
    gate: poc
    successes: 166               # after adding the product FAQ to the retrieval index
    n: 200
    dataset:
      id: support-inquiry-test-set
      kind: test
    measured_at: 2026-11-13
    measured_by: suzuki-daisuke

  - id: poc-response-time-run-2
    kpi: response-time
    gate: poc
    value: 9.6
    dataset:
      id: support-inquiry-test-set
      kind: test
    measured_at: 2026-11-13
    measured_by: suzuki-daisuke
EOF
commit "Daisuke Suzuki" daisuke.suzuki@example.com 2026-11-16T10:00:00 "Second PoC evaluation run (#2)"

replace contract-review-assist/kpis.yaml "threshold: 3.5
        stop: 2.5" "threshold: 3.8
        stop: 2.5"
append contract-review-assist/kpis.yaml <<'EOF'

criteria_changes:
  - kpi: reviewer-trust
    gate: mvp
    changed_by: kato-ryo
    changed_at: 2026-11-18
    rationale: Legal asked for a higher bar before reviewers rely on the flags in production.
EOF
commit "Ryo Kato" ryo.kato@example.com 2026-11-18T10:00:00 "Raise the MVP bar for reviewer trust (#3)"

append contract-review-assist/results.yaml <<'EOF'

  - id: mvp-clause-accuracy-2
    kpi: clause-accuracy
    gate: mvp
    successes: 381
    n: 420
    dataset:
      id: contract-archive-2026-sample
      kind: production-like
    measured_at: 2026-11-19
    measured_by: suzuki-daisuke

  - id: mvp-human-correction-2
    kpi: human-correction-rate
    gate: mvp
    successes: 19
    n: 420
    dataset:
      id: contract-archive-2026-sample
      kind: production-like
    measured_at: 2026-11-19
    measured_by: suzuki-daisuke

  - id: mvp-reviewer-trust-2
    kpi: reviewer-trust
    gate: mvp
    value: 4.3
    n: 12
    dataset:
      id: mvp-reviewer-survey-2
      kind: production-like
    measured_at: 2026-11-19
    measured_by: kobayashi-emi
EOF
commit "Emi Kobayashi" emi.kobayashi@example.com 2026-11-20T10:00:00 "Second MVP evaluation on the 2026 sample (#4)"

replace support-reply-drafts/decisions.yaml "decisions: []" "decisions:
  - id: poc-gate
    gate: poc
    outcome: continue
    decided_by: yamamoto-kenji
    decided_at: 2026-11-21
    rationale: Accuracy 83% on 200 drafts clears 70%, drafts come in under 10 s and operators rate them 3.9 of 5."
replace support-reply-drafts/project.yaml "stage: poc" "stage: mvp"
commit "Kenji Yamamoto" kenji.yamamoto@example.com 2026-11-21T10:00:00 "PoC gate: continue to an MVP (#5)"

clean "$bin" report --root "$repo" --out "$work/report" --now 2026-12-01
python3 tests/browser/cdp.py "$work/report" --shots "$shots" --chromium "$chromium" \
  --project contract-review-assist \
  --expect contract-review-assist:clause-accuracy@poc \
  --expect contract-review-assist:clause-accuracy@mvp \
  --expect contract-review-assist:human-correction-rate@mvp \
  --expect contract-review-assist:reviewer-trust@poc \
  --expect contract-review-assist:reviewer-trust@mvp \
  --expect support-reply-drafts:answer-accuracy@poc \
  --expect support-reply-drafts:field-usability@poc \
  --expect support-reply-drafts:response-time@poc
