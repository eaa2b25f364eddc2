#!/usr/bin/env bash
# Coverage-guided fuzzing of comp's readers and checkers with AFL++, on the stable toolchain.
#
#     scripts/fuzz.sh TARGET MINUTES     # one target (see `scripts/fuzz.sh list`)
#     scripts/fuzz.sh all MINUTES        # every target in turn, MINUTES each (JOBS=2: two at once)
#     scripts/fuzz.sh seeds              # only gather the seed corpora
#     scripts/fuzz.sh report             # the figures of the last runs, one line per target
#     scripts/fuzz.sh replay TARGET FILE...  # run inputs (a crash) through the uninstrumented build
#
# Needs cargo-afl, once per machine: `cargo install cargo-afl` (it builds AFL++ as it installs;
# `cargo afl config --build` rebuilds it after a toolchain update).
#
# 1. builds `comp-fuzz` with AFL's instrumentation into target/afl (not target/release: the normal
#    builds stay as they are);
# 2. gathers seeds into target/fuzz/seeds/TARGET: the committed fuzz/corpus/TARGET, the files of
#    the fuzz fixture (a sample of examples/acme, see fuzz/src/fixture.rs), the plans, workspaces,
#    data files, expectations and scenarios of examples/, templates/ and tests/, and a ledger
#    written by `comp close` on the fixture; plus a dictionary of the keys, values and headers they
#    use;
# 3. runs afl-fuzz for MINUTES under `nice -n 19` (the machine is shared), resuming an earlier run
#    of the same target; findings land in target/fuzz/out/TARGET/default/{crashes,hangs};
# 4. prints executions, coverage (AFL's map density and edges found) and findings per target.
#
# A crash becomes a regression test in the crate that owns the code, named after the bug; replay it
# with `scripts/fuzz.sh replay TARGET target/fuzz/out/TARGET/default/crashes/id:*` to see the panic.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ=$ROOT/target/fuzz
BIN=$ROOT/target/afl/release/comp-fuzz
TARGETS=(plan workspace deals intl roster quotas customers mrr surveys onboarding fx ledger expect scenario period)

build() {
    if ! cargo afl --version >/dev/null 2>&1; then
        echo "cargo-afl is missing: cargo install cargo-afl" >&2
        exit 1
    fi
    CARGO_TARGET_DIR=$ROOT/target/afl nice -n 19 cargo afl build --release --locked -p comp-fuzz --features afl
}

# The data files of the fixture that a CSV target replaces, by target.
csv_file() {
    case $1 in
        deals) echo deals.csv ;;
        intl) echo intl.csv ;;
        *) echo "$1.csv" ;;
    esac
}

# Copies files into a seed folder under names that keep where they came from.
add() {
    local dir=$1
    shift
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "${f#"$ROOT"/}" | tr '/' '_')"
    done
}

# A dictionary for AFL: the TOML keys and quoted values, or the CSV headers and cells, of the seeds
# (ASCII only: AFL takes no other bytes in a dictionary line).
dictionary() {
    local seeds=$1 kind=$2
    # `head` ends the pipes early: that is no failure here
    set +o pipefail
    {
        if [ "$kind" = toml ]; then
            cat "$seeds"/* | grep -ohE '^[[:space:]]*\[*[A-Za-z_][A-Za-z0-9_.]*\]*[[:space:]]*=?' | tr -d ' []='
            cat "$seeds"/* | grep -ohE '"[^"\\]{1,24}"' | tr -d '"'
            printf '%s\n' '[[' ']]' '"""' "'''" '= {' '%' 'e-2' '_000' 'inf' 'nan' '1979-05-27' '2024-Q1' '2024-H2'
        else
            cat "$seeds"/* | head -c 200000 | tr ',;\r' '\n\n\n' | sort | uniq -c | sort -rn | head -150 | awk '{$1=""; print substr($0,2)}'
            printf '%s\n' '"' '""' ';' ',' ' 234,5' '1 234' '(1,5)' '31/12/2024' '2024-02-29' '1e9'
        fi
    } | LC_ALL=C grep -v '[^ -~]' | awk 'length > 0 && length <= 40' | sort -u |
        sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/"/'
    set -o pipefail
}

seeds() {
    local fixture=$FUZZ/fixture
    rm -rf "$fixture" "$FUZZ/seeds"
    mkdir -p "$fixture" "$FUZZ/seeds" "$FUZZ/dict"
    cargo run --quiet --locked -p comp-fuzz -- fixture "$fixture"
    # a ledger as comp close writes it: two closes on a copy of the fixture
    local closing=$FUZZ/closing
    rm -rf "$closing" && cp -r "$fixture" "$closing"
    cargo build --quiet --locked --bin comp
    for month in 2024-03 2024-06; do
        "$ROOT/target/debug/comp" --workspace "$closing/comp.toml" close --period $month --closed-on 2024-07-05 >/dev/null 2>&1 || true
    done
    local t dir
    for t in "${TARGETS[@]}"; do
        dir=$FUZZ/seeds/$t
        mkdir -p "$dir"
        [ -d "fuzz/corpus/$t" ] && add "$dir" "$ROOT"/fuzz/corpus/"$t"/*
        case $t in
            plan) add "$dir" "$fixture"/plans/*.toml "$ROOT"/tests/golden/*/plans/*.toml ;;
            workspace) add "$dir" "$fixture/comp.toml" "$ROOT"/tests/golden/*/comp.toml "$ROOT"/examples/*/comp.toml ;;
            ledger) add "$dir" "$closing/ledger.csv" ;;
            expect) add "$dir" "$ROOT"/examples/*/expect/*.toml "$ROOT"/templates/*/expect/*.toml ;;
            scenario) add "$dir" "$ROOT"/examples/*/*/scenario*.toml "$ROOT"/tests/whatif/*.toml ;;
            period) ;;
            *)
                local name
                name=$(csv_file "$t")
                add "$dir" "$fixture/data/$name"
                # the same file cut to a few rows, and files of the same kind from the golden tests
                head -n 6 "$fixture/data/$name" >"$dir/fixture_head_$name"
                [ "$t" = deals ] || add "$dir" "$ROOT"/tests/golden/*/data/"$name"
                ;;
        esac
        case $t in
            plan | workspace | expect | scenario) dictionary "$dir" toml >"$FUZZ/dict/$t.dict" ;;
            period) printf '"%s"\n' 2024 -Q -H 01-01 04-01 10-01 >"$FUZZ/dict/$t.dict" ;;
            *) dictionary "$dir" csv >"$FUZZ/dict/$t.dict" ;;
        esac
        echo "seeds $t: $(find "$dir" -type f | wc -l) files, dictionary $(wc -l <"$FUZZ/dict/$t.dict") entries"
    done
}

run() {
    local t=$1 minutes=$2
    local out=$FUZZ/out/$t
    mkdir -p "$out/tmp"
    echo "fuzzing $t for $minutes minute(s): $out"
    # one rayon thread: the fuzzer is one process on one core; TMPDIR holds the target's fixture
    RAYON_NUM_THREADS=1 TMPDIR=$out/tmp \
        AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
        AFL_AUTORESUME=1 AFL_NO_UI=1 AFL_SUPPRESS_ERROR_MESSAGES=1 \
        nice -n 19 cargo afl fuzz -i "$FUZZ/seeds/$t" -o "$out" -x "$FUZZ/dict/$t.dict" \
        -V $((minutes * 60)) -t 5000 -m none -- "$BIN" "$t" >"$out/afl.log" 2>&1 &
    local pid=$!
    # AFL counts executions, not CPU: on a shared machine a minute of fuzzing is less than a
    # minute of CPU, so the CPU time of the whole process tree is sampled as it runs
    local -A cpu=()
    local p
    while kill -0 "$pid" 2>/dev/null; do
        for p in $(descendants "$pid"); do
            # a process that just ended keeps its last sample
            local now
            now=$(ps -o times= -p "$p" 2>/dev/null | tr -d ' ' || true)
            [ -z "$now" ] || cpu[$p]=$now
        done
        sleep 5
    done
    wait "$pid" || {
        echo "afl-fuzz stopped with an error on $t: see $out/afl.log" >&2
        tail -n 20 "$out/afl.log" >&2
    }
    local total=0
    for p in "${!cpu[@]}"; do total=$((total + cpu[$p])); done
    echo $(($(cat "$out/cpu_seconds" 2>/dev/null || echo 0) + total)) >"$out/cpu_seconds"
    rm -rf "$out/tmp"
    report_one "$t"
}

# A process and all its descendants.
descendants() {
    echo "$1"
    local c
    for c in $(pgrep -P "$1" || true); do descendants "$c"; done
}

# One line of figures from AFL's fuzzer_stats.
report_one() {
    local stats=$FUZZ/out/$1/default/fuzzer_stats
    if [ ! -f "$stats" ]; then
        printf '%-11s no run\n' "$1"
        return
    fi
    field() { sed -n "s/^$1 *: *//p" "$stats"; }
    printf '%-11s execs %10s  %8s/s  wall %5ss  cpu %5ss  map %6s  edges %5s/%-6s corpus %5s  crashes %s  hangs %s\n' \
        "$1" "$(field execs_done)" "$(field execs_per_sec)" "$(field run_time)" "$(cat "$FUZZ/out/$1/cpu_seconds" 2>/dev/null || echo ?)" "$(field bitmap_cvg)" \
        "$(field edges_found)" "$(field total_edges)" "$(field corpus_count)" "$(field saved_crashes)" "$(field saved_hangs)"
}

case ${1:-} in
    list) printf '%s\n' "${TARGETS[@]}" ;;
    seeds) seeds ;;
    report) for t in "${TARGETS[@]}"; do report_one "$t"; done ;;
    replay)
        shift
        t=${1:?replay TARGET FILE...}
        shift
        COMP_FUZZ_ERRORS=1 cargo run --quiet --locked -p comp-fuzz -- "$t" "$@"
        ;;
    all)
        minutes=${2:?all MINUTES}
        build
        seeds
        jobs=${JOBS:-1}
        for t in "${TARGETS[@]}"; do
            while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
            run "$t" "$minutes" &
        done
        wait
        echo
        for t in "${TARGETS[@]}"; do report_one "$t"; done
        ;;
    "" | -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
        ;;
    *)
        t=$1
        minutes=${2:?TARGET MINUTES}
        if [[ " ${TARGETS[*]} " != *" $t "* ]]; then
            echo "unknown target $t; targets: ${TARGETS[*]}" >&2
            exit 2
        fi
        build
        [ -d "$FUZZ/seeds/$t" ] || seeds
        run "$t" "$minutes"
        ;;
esac
