#!/usr/bin/env bash
# Smoke test of the benchmark tooling, for CI: a tiny portfolio (P=10, C=20), no hyperfine, no
# external tools, no timing. Checks that the generator is deterministic, that the generated
# repository validates and checks without input errors, and (when the binary has them) that
# `tollgate log` and `tollgate diff` run on it. Uses $TOLLGATE when set, else the debug binary
# (`cargo build --locked`, already built by `cargo test` in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [ -n "${TOLLGATE:-}" ]; then
    TG=$TOLLGATE
else
    cargo build --locked --quiet
    TG=$ROOT/target/debug/tollgate
fi
NOW=2026-11-30
LOG_ARGS=${BENCH_LOG_ARGS:-log}
DIFF_ARGS=${BENCH_DIFF_ARGS:-"diff HEAD~1 HEAD"}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "bench smoke: FAIL: $*" >&2; exit 1; }

python3 bench/gen_portfolio.py --projects 10 --commits 20 --seed 7 --out "$TMP/a" >/dev/null
python3 bench/gen_portfolio.py --projects 10 --commits 20 --seed 7 --out "$TMP/b" >/dev/null
HA=$(git -C "$TMP/a" rev-parse HEAD)
HB=$(git -C "$TMP/b" rev-parse HEAD)
[ "$HA" = "$HB" ] || fail "same arguments gave different repositories ($HA vs $HB)"
N=$(git -C "$TMP/a" rev-list --count HEAD)
[ "$N" = 20 ] || fail "expected 20 commits, got $N"
[ -z "$(git -C "$TMP/a" status --porcelain)" ] || fail "working tree differs from HEAD"
P=$(find "$TMP/a/projects" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$P" = 10 ] || fail "expected 10 project folders, got $P"
F=$(find "$TMP/a/projects" -name '*.yaml' | wc -l)
[ "$F" = 60 ] || fail "expected 60 project files, got $F"

"$TG" validate --root "$TMP/a" >"$TMP/validate.txt" || fail "tollgate validate exit $? on the generated repository: $(tail -5 "$TMP/validate.txt")"
rc=0
"$TG" check --root "$TMP/a" --now "$NOW" --format json >"$TMP/check.json" || rc=$?
[ $rc -le 1 ] || fail "tollgate check exit $rc (input error) on the generated repository"
python3 - "$TMP/check.json" <<'EOF' || fail "check output is not what the generator intends"
import json, sys
doc = json.load(open(sys.argv[1]))
projects = doc["projects"]
assert len(projects) == 10, len(projects)
assert all(p["evaluated"] for p in projects), "a project was not evaluated"
bad = [f for f in doc["findings"] if f["rule"] is None and f["severity"] == "error"]
assert not bad, bad[:3]
EOF

# a broken portfolio must be reported as invalid (the generator's --invalid switch)
python3 bench/gen_portfolio.py --projects 10 --commits 5 --seed 7 --invalid 2 --out "$TMP/c" >/dev/null
rc=0
"$TG" validate --root "$TMP/c" >/dev/null || rc=$?
[ $rc = 1 ] || fail "validate of a portfolio with 2 broken files exited $rc, expected 1"

HELP=$("$TG" help 2>&1 || true)
if printf '%s\n' "$HELP" | grep -Eq '^  log( |$)'; then
    rc=0
    # shellcheck disable=SC2086
    (cd "$TMP/a" && "$TG" $LOG_ARGS >/dev/null) || rc=$?
    [ $rc -le 1 ] || fail "tollgate $LOG_ARGS exit $rc"
    echo "bench smoke: tollgate log ran"
fi
if printf '%s\n' "$HELP" | grep -Eq '^  diff( |$)'; then
    rc=0
    # shellcheck disable=SC2086
    (cd "$TMP/a" && "$TG" $DIFF_ARGS >/dev/null) || rc=$?
    [ $rc -le 1 ] || fail "tollgate $DIFF_ARGS exit $rc"
    echo "bench smoke: tollgate diff ran"
fi
echo "bench smoke: ok (HEAD $HA, $N commits, $P projects)"
