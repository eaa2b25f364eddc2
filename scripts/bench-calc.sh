#!/usr/bin/env bash
# Measures `comp calc` at scale, side by side with merely reading the deals file with the csv crate.
#
#     scripts/bench-calc.sh                       # 1,000 payees, 1,000,000 deals, 3 runs each
#     DEALS=10000000 RUNS=5 scripts/bench-calc.sh # other sizes: PAYEES, DEALS, SEED, RUNS, DIR
#
# 1. builds release (`cargo build --release --examples --bins`);
# 2. writes a synthetic workspace with `comp demo` into $DIR, unless a
#    workspace of the same size and seed is already there;
# 3. runs every command once untimed (page cache and binaries warm), then RUNS rounds of all the
#    commands in turn (interleaved, so drift hits them alike), each under `/usr/bin/time -v`;
# 4. prints, per command, the median wall time, the range, the peak resident set size (the median
#    of the runs' "Maximum resident set size") and the ratio of the median to the csv baseline.
#
# Wall time is taken with a nanosecond clock (`date +%s%N`) around `/usr/bin/time -v`, whose own
# "Elapsed (wall clock)" has only 10 ms resolution; that figure is kept in the logs for comparison.
#
# Needs GNU time at /usr/bin/time (bash's `time` keyword reports no memory). On Debian or Ubuntu:
#     apt-get install -y time
#
# Output is sent to /dev/null through standard output (`> /dev/null`), never with `-o /dev/null`:
# `-o` writes a temporary file next to the target and renames it over the target, which as root
# would replace the /dev/null device with a regular file. One row times `-o FILE` (temporary file,
# fsync, rename) into the workspace folder instead.
set -euo pipefail

cd "$(dirname "$0")/.."

PAYEES=${PAYEES:-1000}
DEALS=${DEALS:-1000000}
SEED=${SEED:-7}
RUNS=${RUNS:-3}
DIR=${DIR:-${TMPDIR:-/tmp}/comp-bench-${PAYEES}p-${DEALS}d-s${SEED}}

if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time (GNU time) is missing; install it with: apt-get install -y time" >&2
    exit 1
fi

echo "== build"
cargo build --release --examples --bins --quiet
BIN=target/release

STAMP="$DIR/.bench-generated"
# prng: the demo's PRNG; a workspace drawn by an earlier generator (splitmix64) is written again
WANT="payees=$PAYEES deals=$DEALS seed=$SEED prng=chacha8"
# mrr.csv: a workspace written before the demo had a customer-success side is written again
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -f "$DIR/data/deals.csv" ] && [ -f "$DIR/data/mrr.csv" ]; then
    echo "== workspace: $DIR (already generated: $WANT)"
else
    echo "== workspace: generating $DIR ($WANT)"
    rm -rf "$DIR"
    "$BIN/comp" demo --payees "$PAYEES" --deals "$DEALS" --seed "$SEED" --out "$DIR"
    echo "$WANT" >"$STAMP"
fi
WS="$DIR/comp.toml"
DEALS_CSV="$DIR/data/deals.csv"
mkdir -p "$DIR/out"

LABELS=(
    "csv_read deals.csv (csv crate baseline)"
    "calc --period 2024-03 --format csv"
    "calc --period 2024 --format csv"
    "calc --period 2024-03 --format table"
    "calc --period 2024-03 --format csv -o FILE"
)
CMDS=(
    "$BIN/examples/csv_read $DEALS_CSV"
    "$BIN/comp --workspace $WS calc --period 2024-03 --format csv"
    "$BIN/comp --workspace $WS calc --period 2024 --format csv"
    "$BIN/comp --workspace $WS calc --period 2024-03 --format table"
    "$BIN/comp --workspace $WS calc --period 2024-03 --format csv -o $DIR/out/statements.csv"
)

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/comp-bench-logs.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT

# run INDEX ROUND: one timed run; appends "seconds rss_kib" to $LOGS/INDEX.results
run() {
    local i=$1 r=$2 log="$LOGS/$1.$2.time" t0 t1
    t0=$(date +%s%N)
    # word splitting of the command line is intended: paths hold no spaces (checked below)
    # shellcheck disable=SC2086
    if ! /usr/bin/time -v -o "$log" ${CMDS[$i]} >/dev/null 2>"$LOGS/$i.$r.err"; then
        echo "error: '${CMDS[$i]}' failed:" >&2
        cat "$LOGS/$i.$r.err" "$log" >&2
        exit 1
    fi
    t1=$(date +%s%N)
    local rss
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    echo "$(((t1 - t0) / 1000)) $rss" >>"$LOGS/$i.results"
}

case "$DIR$BIN" in *" "*)
    echo "error: DIR must not contain spaces" >&2
    exit 1
    ;;
esac

echo "== warm-up (untimed)"
for i in "${!CMDS[@]}"; do
    # shellcheck disable=SC2086
    ${CMDS[$i]} >/dev/null 2>&1
done

echo "== timing: $RUNS rounds of ${#CMDS[@]} commands"
for r in $(seq 1 "$RUNS"); do
    for i in "${!CMDS[@]}"; do
        run "$i" "$r"
    done
done

# median of the microseconds and of the RSS (KiB) of one command: "median_us min_us max_us rss_kib"
stats() {
    local f="$LOGS/$1.results"
    local us rss
    us=$(cut -d' ' -f1 "$f" | sort -n | tr '\n' ' ')
    rss=$(cut -d' ' -f2 "$f" | sort -n | tr '\n' ' ')
    awk -v us="$us" -v rss="$rss" 'BEGIN {
        n = split(us, u, " "); split(rss, m, " ");
        mid = int((n + 1) / 2);
        med_u = (n % 2) ? u[mid] : (u[mid] + u[mid + 1]) / 2;
        med_m = (n % 2) ? m[mid] : (m[mid] + m[mid + 1]) / 2;
        print med_u, u[1], u[n], med_m }'
}

bytes=$(stat -c %s "$DEALS_CSV")
rows=$(($(wc -l <"$DEALS_CSV") - 1))
echo
echo "deals.csv: $DEALS_CSV"
awk -v b="$bytes" -v r="$rows" 'BEGIN { printf "           %d bytes (%.1f MiB), %d rows, %d payees\n", b, b / 1048576, r, '"$PAYEES"' }'
echo "machine:   $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(rustc --version)"
echo "commit:    $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo
read -r base _ <<<"$(stats 0)"
printf '%-44s %9s %17s %13s %9s\n' "command ($RUNS runs)" "median s" "min-max s" "peak RSS MiB" "x csv"
printf '%-44s %9s %17s %13s %9s\n' "--------------------------------------------" "---------" "-----------------" "-------------" "---------"
for i in "${!CMDS[@]}"; do
    read -r med lo hi rss <<<"$(stats "$i")"
    awk -v l="${LABELS[$i]}" -v med="$med" -v lo="$lo" -v hi="$hi" -v rss="$rss" -v base="$base" 'BEGIN {
        printf "%-44s %9.3f %8.3f-%-8.3f %13.1f %8.2fx\n", l, med / 1e6, lo / 1e6, hi / 1e6, rss / 1024, med / base }'
done
echo
echo "median s: wall clock; peak RSS: /usr/bin/time -v \"Maximum resident set size\"; x csv: median / baseline median"
