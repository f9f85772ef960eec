#!/usr/bin/env bash
# Hostile volume (issue 12): the example repository with N unknown keys appended to one project
# file (N = 100,000 by default), validated and checked with a release build. Prints, per command,
# the wall-clock time of each of RUNS runs (with hyperfine when it is installed, else
# /usr/bin/time), the exit status and the size of what was printed. Not run in CI.
#
#   bash bench/many_keys.sh            # N=100000, RUNS=5
#   N=20000 RUNS=3 bash bench/many_keys.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
RUNS=${RUNS:-5}

if [ -n "${TOLLGATE:-}" ]; then
    TG=$TOLLGATE
else
    cargo build --locked --release --quiet
    TG=$PWD/target/release/tollgate
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$TG" init "$TMP/repo" >/dev/null
FILE=$TMP/repo/projects/support-reply-drafts/project.yaml
python3 - "$FILE" "$N" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "a") as f:
    for i in range(n):
        f.write(f"unknown_key_{i}: {i}\n")
EOF
echo "file: $(wc -c <"$FILE") bytes, $N unknown keys; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() {
    local name=$1
    shift
    local out=$TMP/out
    set +e
    "$TG" "$@" >"$out" 2>&1
    local status=$?
    set -e
    echo "== $name: exit $status, $(wc -c <"$out") bytes of output"
    if command -v hyperfine >/dev/null; then
        hyperfine --runs "$RUNS" --ignore-failure --style basic "$TG $*" 2>&1 | sed -n '2,3p'
    else
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -f "   %e s wall, %U s user, %S s sys, %M KB peak" "$TG" "$@" >/dev/null 2>"$TMP/time" || true
            tail -1 "$TMP/time"
        done
    fi
}

measure "validate (text)" validate --root "$TMP/repo"
measure "validate --format json" validate --format json --root "$TMP/repo"
measure "check (text)" check --no-history --now 2026-11-28 --root "$TMP/repo"
measure "check --format markdown" check --no-history --now 2026-11-28 --format markdown --root "$TMP/repo"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
