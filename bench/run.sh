#!/usr/bin/env bash
# Side-by-side benchmarks of tollgate against the tools users would pick instead (issue 6).
# Writes docs/benchmarks.md. See bench/README.md for what it measures and the knobs below.
#
#   bench/run.sh                      # P = 100, 1000, 5000; history C = 2000, 10000 on P = 1000
#   BENCH_SLOW=1 bench/run.sh         # also check-jsonschema at the largest P (minutes; 1 run)
#
# Environment:
#   BENCH_SIZES="100 1000 5000"   portfolio sizes (projects)
#   BENCH_HISTORY="2000 10000"    history lengths (commits) on a BENCH_HISTORY_P-project portfolio
#   BENCH_HISTORY_P=1000
#   BENCH_SEED=1                  generator seed
#   BENCH_RUNS=10                 hyperfine runs for fast commands (tollgate, cat, git log);
#                                 three times as many for the working-tree PR-scoped check
#   BENCH_ROUNDS=5                alternating rounds of the one-project diff and the PR-scoped
#                                 check at the smallest and largest P (2 x BENCH_RUNS runs each),
#                                 and of `tollgate log` and `git log -p` (BENCH_RUNS in all)
#   BENCH_SLOW_RUNS=3             runs for ajv-cli and check-jsonschema
#   BENCH_SLOW=0                  1: check-jsonschema at the largest P too (--runs 1, no warm-up)
#   BENCH_NOW=2026-11-30          --now for `tollgate check` (the generated dates end 2026-10-30)
#   BENCH_WORK=target/bench       where portfolios, tools and raw results go (reused when present)
#   BENCH_OUT=docs/benchmarks.md
#   BENCH_LOG_ARGS="log"          arguments of the `tollgate log` measurement (run in the repo)
#   BENCH_DIFF_ARGS="diff HEAD~1 HEAD"   arguments of the `tollgate diff` measurement
#   BENCH_NO_INSTALL=1            do not apt-get / pip / npm install anything
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZES=${BENCH_SIZES:-"100 1000 5000"}
HISTORY=${BENCH_HISTORY:-"2000 10000"}
HISTORY_P=${BENCH_HISTORY_P:-1000}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-10}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}
SLOW=${BENCH_SLOW:-0}
NOW=${BENCH_NOW:-2026-11-30}
WORK=$(mkdir -p "${BENCH_WORK:-$ROOT/target/bench}" && cd "${BENCH_WORK:-$ROOT/target/bench}" && pwd)
OUT=${BENCH_OUT:-$ROOT/docs/benchmarks.md}
LOG_ARGS=${BENCH_LOG_ARGS:-log}
DIFF_ARGS=${BENCH_DIFF_ARGS:-"diff HEAD~1 HEAD"}
SMALL_C=50   # commits of the P-size portfolios: enough history for a one-project diff

RES=$WORK/results
rm -rf "$RES"
mkdir -p "$RES/json"
: >"$RES/measurements.jsonl"
: >"$RES/memory.jsonl"
: >"$RES/portfolios.jsonl"
: >"$RES/notes.txt"
note() { echo "$*" >>"$RES/notes.txt"; echo "note: $*" >&2; }
say() { echo "== $*" >&2; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- build -----------------------------------------------------------------------------------
say "cargo build --release --locked"
cargo build --release --locked
TG=$ROOT/target/release/tollgate
export TG

# ---- tools -----------------------------------------------------------------------------------
apt_updated=0
apt_install() {
    [ "${BENCH_NO_INSTALL:-0}" = 1 ] && return 1
    command -v apt-get >/dev/null || return 1
    if [ $apt_updated = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
command -v hyperfine >/dev/null || apt_install hyperfine || { echo "hyperfine is required" >&2; exit 2; }
[ -x /usr/bin/time ] || apt_install time || true
HAVE_TIME=0; [ -x /usr/bin/time ] && HAVE_TIME=1

# check-jsonschema in its own virtualenv (also provides ruamel.yaml for yaml2json.py)
VENV=$WORK/venv
CJS=""
if [ -x "$VENV/bin/check-jsonschema" ]; then
    CJS=$VENV/bin/check-jsonschema
elif [ "${BENCH_NO_INSTALL:-0}" != 1 ]; then
    say "pip install check-jsonschema (virtualenv $VENV)"
    if python3 -m venv "$VENV" >/dev/null 2>&1 && "$VENV/bin/pip" install -q check-jsonschema >/dev/null 2>&1; then
        CJS=$VENV/bin/check-jsonschema
    fi
fi
[ -n "$CJS" ] || note "check-jsonschema could not be installed (pip install check-jsonschema failed); its measurements are skipped."
PY=python3; [ -x "$VENV/bin/python" ] && PY=$VENV/bin/python

# ajv-cli with ajv-formats in a private npm prefix
NPM=$WORK/npm
AJV=""
if [ -x "$NPM/node_modules/.bin/ajv" ]; then
    AJV=$NPM/node_modules/.bin/ajv
elif [ "${BENCH_NO_INSTALL:-0}" != 1 ] && command -v npm >/dev/null; then
    say "npm install ajv-cli ajv-formats (prefix $NPM)"
    mkdir -p "$NPM"
    if npm install --prefix "$NPM" --no-audit --no-fund --silent ajv-cli@5 ajv-formats >/dev/null 2>&1; then
        AJV=$NPM/node_modules/.bin/ajv
    fi
fi
[ -n "$AJV" ] || note "ajv-cli could not be installed (npm install ajv-cli ajv-formats failed or npm is missing); its measurements are skipped."

# ---- which tollgate subcommands exist --------------------------------------------------------
HELP=$("$TG" help 2>&1 || true)
has_sub() { printf '%s\n' "$HELP" | grep -Eq "^  $1( |$)"; }
HAS_LOG=0; has_sub log && HAS_LOG=1
HAS_DIFF=0; has_sub diff && HAS_DIFF=1
[ $HAS_LOG = 1 ] || note "\`tollgate log\` is not in this binary (\`tollgate help\` does not list it): the log measurements are skipped."
[ $HAS_DIFF = 1 ] || note "\`tollgate diff\` is not in this binary (\`tollgate help\` does not list it): the diff measurements are skipped."

# ---- schemas ----------------------------------------------------------------------------------
KINDS="config people project kpis results governance decisions issues"
mkdir -p "$WORK/schemas"
for k in $KINDS; do "$TG" schema "$k" >"$WORK/schemas/$k.schema.json"; done
# the files of each kind, relative to a portfolio root
files_of() {
    case $1 in
        config) echo "tollgate.yaml" ;;
        people) echo "people.yaml" ;;
        *) echo "projects/*/$1.yaml" ;;
    esac
}

# ---- portfolios ----------------------------------------------------------------------------------
GEN_HASH=$(sha256sum bench/gen_portfolio.py | cut -c1-16)
gen() { # gen P C DIR
    local p=$1 c=$2 dir=$3 stamp="$1 $2 $SEED $GEN_HASH"
    if [ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$stamp" ] && [ -d "$dir/.git" ]; then
        say "reusing $dir"
    else
        say "generating P=$p C=$c -> $dir"
        rm -f "$dir.stamp"
        python3 bench/gen_portfolio.py --projects "$p" --commits "$c" --seed "$SEED" --out "$dir" --force >&2
        echo "$stamp" >"$dir.stamp"
    fi
}
describe() { # describe DIR KIND P C
    local dir=$1 vexit=0 cexit=0
    "$TG" validate --root "$dir" >/dev/null 2>&1 || vexit=$?
    "$TG" check --root "$dir" --now "$NOW" --format json >"$RES/check-$3-$4.json" 2>/dev/null || cexit=$?
    python3 bench/pfstats.py "$dir" "$2" "$3" "$4" "$vexit" "$cexit" "$RES/check-$3-$4.json" >>"$RES/portfolios.jsonl"
    if [ "$vexit" != 0 ] || [ "$cexit" -ge 2 ]; then
        echo "error: generated portfolio $dir does not validate (validate exit $vexit, check exit $cexit)" >&2
        exit 1
    fi
}

# ---- measuring ------------------------------------------------------------------------------------
ORDER=0
measure() { # measure ID GROUP LABEL DIR "HYPERFINE OPTIONS" COMMAND
    local id=$1 group=$2 label=$3 dir=$4 opts=$5 cmd=$6
    ORDER=$((ORDER + 1))
    say "$id: $cmd"
    # shellcheck disable=SC2086
    if (cd "$dir" && hyperfine $opts --style basic --export-json "$RES/json/$id.json" "$cmd" >&2); then
        python3 - "$id" "$group" "$label" "$cmd" "json/$id.json" "$opts" "$ORDER" >>"$RES/measurements.jsonl" <<'EOF'
import json, sys
i, g, l, c, j, o, n = sys.argv[1:8]
print(json.dumps({"id": i, "group": g, "label": l, "command": c, "json": j, "hf_opts": o, "order": int(n)}))
EOF
    else
        note "$label ($group) failed under hyperfine and is left out."
    fi
}
# measure_pair OPTS ID_A GROUP_A DIR_A LABEL_A CMD_A ID_B GROUP_B DIR_B LABEL_B CMD_B: two
# measurements whose goal is their ratio, in ROUNDS rounds that alternate between them (A, B, A,
# B, ...), each round `hyperfine OPTS`; the rounds' times are pooled into one measurement per
# side. A slow stretch of a shared machine then weighs on both sides alike instead of on
# whichever side it happened to fall in.
measure_pair() {
    local opts=$1 r side
    shift
    local -a a=("$1" "$2" "$3" "$4" "$5") b=("$6" "$7" "$8" "$9" "${10}")
    say "${a[0]} / ${b[0]}: ${a[4]} | ${b[4]} ($ROUNDS alternating rounds)"
    for r in $(seq 1 "$ROUNDS"); do
        for side in a b; do
            local -n s=$side
            # shellcheck disable=SC2086
            (cd "${s[2]}" && hyperfine $opts --style basic --export-json "$RES/json/${s[0]}.round$r.json" "${s[4]}" >&2) ||
                { note "${s[3]} (${s[1]}) failed under hyperfine and is left out."; return 0; }
        done
    done
    for side in a b; do
        local -n s=$side
        ORDER=$((ORDER + 1))
        python3 - "$RES/json" "${s[0]}" "$ROUNDS" <<'EOF'
import json, sys
base, i, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
merged = None
for r in range(1, rounds + 1):
    with open(f"{base}/{i}.round{r}.json") as f:
        res = json.load(f)["results"][0]
    if merged is None:
        merged = dict(res, times=[], exit_codes=[])
    merged["times"] += res["times"]
    merged["exit_codes"] += res.get("exit_codes") or []
with open(f"{base}/{i}.json", "w") as f:
    json.dump({"results": [merged]}, f)
EOF
        python3 - "${s[0]}" "${s[1]}" "${s[3]}" "${s[4]}" "json/${s[0]}.json" "$opts" "$ORDER" "$ROUNDS" >>"$RES/measurements.jsonl" <<'EOF'
import json, sys
i, g, l, c, j, o, n, r = sys.argv[1:9]
print(json.dumps({"id": i, "group": g, "label": l, "command": c, "json": j, "hf_opts": o, "order": int(n),
                  "rounds": int(r)}))
EOF
    done
}
FAST="--warmup 1 --runs $RUNS"
# Commands of a few milliseconds (a one-project diff, a pull-request-scoped check): a page fault
# or a context switch is a large part of one run, so they get three times the runs and warm-ups.
QUICK="--warmup 3 --runs $((RUNS * 3))"
SLOWOPTS="--warmup 1 --runs $SLOW_RUNS"
# The pairs whose ratio is a goal: ROUNDS rounds of twice the fast runs per side (100 per side).
ROUNDS=${BENCH_ROUNDS:-5}
QUICK_ROUND="--warmup 3 --runs $((RUNS * 2))"
# `log` and `git log -p`, a few hundred milliseconds each: BENCH_RUNS per side over the rounds.
LOG_ROUND="--warmup 1 --runs $(((RUNS + ROUNDS - 1) / ROUNDS))"

# --strict=false: the schemas carry `enumDescriptions` for editors, an annotation JSON Schema
# allows and ajv's strict mode refuses as an unknown keyword. Strict mode vets schemas only; what
# ajv accepts or rejects in the data is the same.
ajv_cmd() { # the 8 ajv-cli invocations (one per schema) over the JSON mirror
    local k sep=""
    for k in $KINDS; do
        printf '%s%s' "$sep" "$AJV validate --spec=draft2020 --strict=false -c ajv-formats -s $WORK/schemas/$k.schema.json -d '$(files_of "$k" | sed 's/\.yaml$/.json/')' >/dev/null 2>&1"
        sep=" && "
    done
}
cjs_cmd() { # the 8 check-jsonschema invocations over the YAML files
    local k sep=""
    for k in $KINDS; do
        printf '%s%s' "$sep" "$CJS --schemafile $WORK/schemas/$k.schema.json $(files_of "$k") >/dev/null"
        sep=" && "
    done
}

LARGEST=0; SMALLEST=0
for p in $SIZES; do
    [ "$p" -gt "$LARGEST" ] && LARGEST=$p
    { [ "$SMALLEST" = 0 ] || [ "$p" -lt "$SMALLEST" ]; } && SMALLEST=$p
done

for p in $SIZES; do
    PF=$WORK/pf-$p
    gen "$p" "$SMALL_C" "$PF"
    describe "$PF" size "$p" "$SMALL_C"
    G="P=$p"
    measure "check-$p" "$G" "tollgate check" "$PF" "$FAST -i" "$TG check --root . --now $NOW"
    # The pull-request scope judging the working tree: every tracked file is stat'ed to find
    # what changed beside the commits. Reported, not a goal (the action judges the commit).
    measure "checkprwt-$p" "$G" "tollgate check, pull-request scope, working tree (no --rev)" "$PF" "$QUICK -i" \
        "$TG check --root . --now $NOW --base HEAD~1"
    measure "validate-$p" "$G" "tollgate validate" "$PF" "$FAST" "$TG validate --root ."
    measure "cat-$p" "$G" "cat of all files" "$PF" "$FAST" \
        "find . -path ./.git -prune -o -name '*.yaml' -print0 | xargs -0 cat >/dev/null"
    if [ -n "$AJV" ]; then
        if [ ! -f "$PF.json.stamp" ] || [ "$(cat "$PF.json.stamp")" != "$(cat "$PF.stamp")" ]; then
            rm -rf "$PF.json"
            python3 bench/yaml2json.py "$PF" "$PF.json" >&2 2>/dev/null ||
                "$PY" bench/yaml2json.py "$PF" "$PF.json" >&2 ||
                { rm -rf "$PF.json"; note "yaml2json.py failed for P=$p (no YAML library?); ajv-cli skipped there."; }
            cp "$PF.stamp" "$PF.json.stamp"
        fi
        if [ -d "$PF.json" ]; then
            # the mirror must validate, else the timings would be of error paths
            if (cd "$PF.json" && bash -c "$(ajv_cmd)"); then
                measure "ajv-$p" "$G" "ajv-cli (schemas only, JSON mirror)" "$PF.json" "$SLOWOPTS" "$(ajv_cmd)"
            else
                note "ajv-cli reported invalid files at P=$p; its measurement is skipped."
            fi
        fi
    fi
    if [ -n "$CJS" ]; then
        if [ "$p" = "$LARGEST" ] && [ "$SLOW" != 1 ]; then
            note "check-jsonschema at P=$p skipped (takes minutes; run with BENCH_SLOW=1 to include it)."
        elif [ "$p" = "$LARGEST" ]; then
            measure "cjs-$p" "$G" "check-jsonschema (schemas only)" "$PF" "--warmup 0 --runs 1" "$(cjs_cmd)"
        else
            if (cd "$PF" && bash -c "$(cjs_cmd)" >/dev/null 2>&1); then
                measure "cjs-$p" "$G" "check-jsonschema (schemas only)" "$PF" "$SLOWOPTS" "$(cjs_cmd)"
            else
                note "check-jsonschema reported invalid files at P=$p; its measurement is skipped."
            fi
        fi
    fi
    if [ $HAVE_TIME = 1 ]; then
        /usr/bin/time -v -o "$RES/time-$p.txt" "$TG" check --root "$PF" --now "$NOW" >/dev/null 2>&1 || true
        python3 - "$p" "$RES/time-$p.txt" "$TG check --root \$PF --now $NOW" >>"$RES/memory.jsonl" <<'EOF'
import json, re, sys
p, path, cmd = sys.argv[1:4]
text = open(path).read()
kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
print(json.dumps({"p": int(p), "kb": kb, "wall": wall, "command": cmd}))
EOF
    else
        note "/usr/bin/time is missing (apt-get install time failed): peak memory not measured."
    fi
done

for c in $HISTORY; do
    PF=$WORK/hist-$HISTORY_P-$c
    gen "$HISTORY_P" "$c" "$PF"
    describe "$PF" history "$HISTORY_P" "$c"
    G="P=$HISTORY_P, $c commits"
    # Their ratio is a goal: alternating rounds, as for the pairs below (BENCH_RUNS per side).
    if [ $HAS_LOG = 1 ]; then
        measure_pair "$LOG_ROUND" \
            "gitlog-$c" "$G" "$PF" "git log -p" "git log -p >/dev/null" \
            "log-$c" "$G" "$PF" "tollgate log" "$TG $LOG_ARGS"
    else
        measure "gitlog-$c" "$G" "git log -p" "$PF" "$FAST" "git log -p >/dev/null"
    fi
done

# The pull-request-scoped check as the action runs it (the commit judged, `--rev HEAD`), and the
# one-project diff, each at the smallest and the largest P one right after the other: their goals
# are the ratios, and measured inside each size's block the smaller one came right after the
# Python and Node validators and ran up to half again as long as it does on a quiet machine.
CHECKPR="$TG check --root . --now $NOW --base HEAD~1 --rev HEAD"
CHECKPR_LABEL="tollgate check, pull-request scope (one project changed; --rev HEAD)"
measure_pair "$QUICK_ROUND -i" \
    "checkpr-$SMALLEST" "P=$SMALLEST" "$WORK/pf-$SMALLEST" "$CHECKPR_LABEL" "$CHECKPR" \
    "checkpr-$LARGEST" "P=$LARGEST" "$WORK/pf-$LARGEST" "$CHECKPR_LABEL" "$CHECKPR"
if [ $HAS_DIFF = 1 ]; then
    measure_pair "$QUICK_ROUND -i" \
        "diff-$SMALLEST" "P=$SMALLEST" "$WORK/pf-$SMALLEST" "tollgate diff (one-project change)" "$TG $DIFF_ARGS" \
        "diff-$LARGEST" "P=$LARGEST" "$WORK/pf-$LARGEST" "tollgate diff (one-project change)" "$TG $DIFF_ARGS"
fi

# ---- where the time goes (perf, when installed) -----------------------------------------------------
profile() { # profile NAME DIR COMMAND...: the top symbols of one run, for goals not met
    local name=$1 dir=$2; shift 2
    (cd "$dir" && perf record -q -o "$RES/perf-$name.data" "$@" >/dev/null 2>&1) || true
    if [ -f "$RES/perf-$name.data" ]; then
        {
            echo "$ $*" | sed "s|$TG|tollgate|; s|$WORK|\$WORK|g"
            perf report -i "$RES/perf-$name.data" --no-children --sort dso,sym --percent-limit 1 --stdio 2>/dev/null |
                grep '%' | cut -c1-120 | sed -n '1,25p' # reads all: head would close the pipe early (SIGPIPE under pipefail)
        } >"$RES/profile-$name.txt"
        rm -f "$RES/perf-$name.data"
    fi
}
if command -v perf >/dev/null; then
    profile "check-$LARGEST" "$WORK/pf-$LARGEST" "$TG" check --root . --now "$NOW"
    profile "checkpr-$LARGEST" "$WORK/pf-$LARGEST" "$TG" check --root . --now "$NOW" --base HEAD~1 --rev HEAD
    profile "checkprwt-$LARGEST" "$WORK/pf-$LARGEST" "$TG" check --root . --now "$NOW" --base HEAD~1
    # shellcheck disable=SC2086 # DIFF_ARGS is a list of arguments
    [ $HAS_DIFF = 1 ] && profile "diff-$LARGEST" "$WORK/pf-$LARGEST" "$TG" $DIFF_ARGS
    for c in $HISTORY; do
        [ $HAS_LOG = 1 ] && profile "log-$c" "$WORK/hist-$HISTORY_P-$c" "$TG" $LOG_ARGS
        break
    done
else
    note "perf is not installed: no profiles."
fi

# ---- machine and versions, then the report ----------------------------------------------------------
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$RES" "$LOAD_START" "$LOAD_END" "$TG" "$WORK" <<'EOF'
import json, os, subprocess, sys, datetime
res, ls, le, tg, work = sys.argv[1:6]
cpu = "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
mem = "?"
for line in open("/proc/meminfo"):
    if line.startswith("MemTotal"):
        mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
def out(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
json.dump({
    "cpu": cpu, "mem": mem, "nproc": out("nproc"), "kernel": out("uname", "-sr"),
    "loadavg_start": ls, "loadavg_end": le, "tg": tg, "work": work,
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "commit": out("git", "rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if out("git", "status", "--porcelain", "--untracked-files=no") else ""),
}, open(os.path.join(res, "machine.json"), "w"), indent=1)
EOF
ver() { "$@" 2>&1 | head -1; }
{
    echo "{"
    printf '"tollgate": "%s",\n' "$(ver "$TG" --version)"
    printf '"rustc": "%s",\n' "$(ver rustc --version)"
    printf '"hyperfine": "%s",\n' "$(ver hyperfine --version)"
    printf '"git": "%s",\n' "$(ver git --version)"
    printf '"python3": "%s",\n' "$(ver python3 --version)"
    printf '"cat": "%s",\n' "$(ver cat --version)"
    [ $HAVE_TIME = 1 ] && printf '"GNU time": "%s",\n' "$(dpkg-query -W -f='${Version}' time 2>/dev/null || echo '?')"
    [ -n "$CJS" ] && printf '"check-jsonschema": "%s",\n' "$(ver "$CJS" --version)"
    if [ -n "$AJV" ]; then
        printf '"ajv-cli": "%s",\n' "$(node -p "require('$NPM/node_modules/ajv-cli/package.json').version")"
        printf '"ajv": "%s",\n' "$(node -p "require('$NPM/node_modules/ajv/package.json').version")"
        printf '"ajv-formats": "%s",\n' "$(node -p "require('$NPM/node_modules/ajv-formats/package.json').version")"
        printf '"node": "%s",\n' "$(ver node --version)"
    fi
    printf '"generator": "bench/gen_portfolio.py sha256 %s, seed %s"\n' "$GEN_HASH" "$SEED"
    echo "}"
} >"$RES/versions.json"

python3 bench/report.py "$RES" "$OUT"
say "done: $OUT (raw results in $RES)"
