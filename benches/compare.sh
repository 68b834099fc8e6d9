#!/usr/bin/env bash
# Compares zhclean with the tools one would otherwise filter a corpus with:
# `rg -j1 -vFf LIST`, `grep -vFf LIST` (C and UTF-8 locales) and `cat`.
#
#   benches/compare.sh                 # 256 MiB corpus, 5 rounds
#   MB=64 RUNS=7 benches/compare.sh    # smaller corpus, more rounds
#
# Environment: MB (corpus size in MiB, default 256), RUNS (rounds, default 5,
# at least 5 for the README), WORK (scratch folder, default target/compare),
# SCALE=0 to skip the blocklist-size scaling run, PROFILE_BASE=BIN to add the
# instruction profile of a baseline binary and of this tree (benches/profile.sh), NO_INSTALL=1 to install
# nothing (apt-get for hyperfine/ripgrep/time, `cargo install ripgrep` for
# ripgrep 15).
#
# Every tool writes into a pipe (hyperfine --output=pipe): GNU grep notices an
# output of /dev/null and stops at the first selected line. The tools run in
# rounds, one run of each per round (alternating), and the table shows medians.
# Peak RSS comes from /usr/bin/time. Wall-clock numbers on a shared machine
# are noisy: the load average is printed with them.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
MB="${MB:-256}"
RUNS="${RUNS:-5}"
WORK="${WORK:-$here/target/compare}"
SCALE="${SCALE:-1}"
SHARED="${SHARED:-$here/../shared}"
LIST="$SHARED/bench/blocklist-2000.txt"
MAKE_CORPUS="$SHARED/bench/make_corpus.py"
mkdir -p "$WORK"

die() { echo "compare.sh: $*" >&2; exit 1; }
[ -f "$MAKE_CORPUS" ] || die "$MAKE_CORPUS not found (set SHARED=path/to/shared)"
[ -f "$LIST" ] || die "$LIST not found"

# --- tools -------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v rg >/dev/null || [ -x "$HOME/.cargo/bin/rg" ] || need_apt+=(ripgrep)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    [ "${NO_INSTALL:-0}" = 1 ] && die "missing: ${need_apt[*]}"
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
rg_version() { "$1" --version | awk 'NR == 1 {print $2}'; }
# ripgrep 15 compiles 2000 patterns in ~10 ms, Debian's 13 in ~30 ms: use 15 when it can be had.
RG="$(command -v rg || true)"
if [ -x "$HOME/.cargo/bin/rg" ]; then RG="$HOME/.cargo/bin/rg"; fi
if [ -z "$RG" ] || [ "$(rg_version "$RG" | cut -d. -f1)" -lt 14 ]; then
    if [ "${NO_INSTALL:-0}" != 1 ] && command -v cargo >/dev/null; then
        cargo install ripgrep --quiet >/dev/null 2>&1 && RG="$HOME/.cargo/bin/rg" || true
    fi
fi
[ -n "$RG" ] || die "no ripgrep"
RGV="$(rg_version "$RG")"
RG13=""
if [ -x /usr/bin/rg ] && [ "/usr/bin/rg" != "$RG" ]; then RG13=/usr/bin/rg; fi

ZH="$here/target/release/zhclean"
cargo build --release --quiet
JOBS=()
if "$ZH" --help 2>/dev/null | grep -qE -- '(^|[ ,])-j[ ,]|--jobs'; then JOBS=(-j 1); fi
UTF8_LOCALE="C.UTF-8"
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || UTF8_LOCALE="$(locale -a 2>/dev/null | grep -i 'utf-\?8' | head -1)"

# --- corpus ------------------------------------------------------------------
CORPUS="$WORK/corpus-${MB}mb.txt"
if [ ! -s "$CORPUS" ]; then
    echo "building $CORPUS ..." >&2
    python3 "$MAKE_CORPUS" --mb "$MB" --out "$CORPUS" 2>/dev/null
fi
BYTES=$(stat -L -c %s "$CORPUS")
EMPTY="$WORK/empty.txt"
: >"$EMPTY"

# --- helpers -----------------------------------------------------------------
# rounds NAME::COMMAND ...: RUNS rounds of one run each, alternating; prints name<TAB>seconds lines
rounds() {
    local args=() json
    for nc in "$@"; do args+=(-n "${nc%%::*}" "${nc#*::}"); done
    # through the shell (its start-up is measured and subtracted by hyperfine): pipe filters read `< FILE`
    hyperfine -i --runs 1 --warmup 0 --output=pipe --style none "${args[@]}" >/dev/null 2>&1 # warm the page cache
    for r in $(seq "$RUNS"); do
        json="$WORK/round-$r.json"
        hyperfine -i --runs 1 --warmup 0 --output=pipe --style none --export-json "$json" "${args[@]}" >/dev/null 2>&1
        python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(r["command"], r["times"][0], sep="\t")' "$json"
    done
}

# peak_rss COMMAND...: peak resident set size in KiB, writing into a pipe
peak_rss() {
    /usr/bin/time -f %M -o "$WORK/rss" sh -c "exec $1" | cat >/dev/null
    cat "$WORK/rss"
}

median_table() { # stdin: name<TAB>seconds; args: bytes, reference name, rss file
    python3 -c "$(cat <<'EOF'
import sys, statistics
bytes_, ref, rssfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
times = {}
for line in sys.stdin:
    n, t = line.rstrip("\n").split("\t")
    times.setdefault(n, []).append(float(t))
rss = dict(l.rstrip("\n").split("\t") for l in open(rssfile)) if rssfile != "-" else {}
med = {n: statistics.median(v) for n, v in times.items()}
print(f"| tool | median s | MiB/s | time / {ref} | peak RSS MiB |")
print("|---|---:|---:|---:|---:|")
for n, m in med.items():
    r = rss.get(n)
    print(f"| `{n}` | {m:.3f} | {bytes_ / m / 2**20:.0f} | {m / med[ref]:.2f} | {int(r) / 1024:.1f} |" if r else
          f"| `{n}` | {m:.3f} | {bytes_ / m / 2**20:.0f} | {m / med[ref]:.2f} | |")
print(f"\nruns per tool: {min(len(v) for v in times.values())} (median shown)")
EOF
)" "$@"
}

echo "## zhclean vs rg, grep and cat"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: make_corpus.py --mb $MB ($BYTES bytes); list: blocklist-2000.txt; ripgrep $RGV${RG13:+ (and $(rg_version $RG13))}; $(grep --version | awk 'NR == 1'); hyperfine $(hyperfine --version | awk '{print $2}')"
echo

RG_NAME="rg $RGV -j1 -vFf blocklist-2000.txt"
cmds=(
    "zhclean -j 1 -b blocklist-2000.txt < corpus::$ZH -j 1 -b $LIST < $CORPUS"
    "zhclean -j 2 -b blocklist-2000.txt < corpus::$ZH -j 2 -b $LIST < $CORPUS"
    "zhclean -j 1 -b blocklist-2000.txt corpus::$ZH -j 1 -b $LIST $CORPUS"
    "zhclean -j 2 -b blocklist-2000.txt corpus::$ZH -j 2 -b $LIST $CORPUS"
    "zhclean -j 1 --rules-only -b blocklist-2000.txt < corpus::$ZH -j 1 --rules-only -b $LIST < $CORPUS"
    "$RG_NAME::$RG -j1 -vFf $LIST $CORPUS"
    "rg $RGV -j1 -vFf blocklist-2000.txt < corpus::$RG -j1 -vFf $LIST < $CORPUS"
)
[ -n "$RG13" ] && cmds+=("rg $(rg_version $RG13) -j1 -vFf blocklist-2000.txt::$RG13 -j1 -vFf $LIST $CORPUS")
cmds+=(
    "LC_ALL=C grep -vFf blocklist-2000.txt::env LC_ALL=C grep -vFf $LIST $CORPUS"
    "LC_ALL=$UTF8_LOCALE grep -vFf blocklist-2000.txt::env LC_ALL=$UTF8_LOCALE grep -vFf $LIST $CORPUS"
    "cat::cat $CORPUS"
)
: >"$WORK/rss.tsv"
for nc in "${cmds[@]}"; do
    printf '%s\t%s\n' "${nc%%::*}" "$(peak_rss "${nc#*::}")" >>"$WORK/rss.tsv"
done
rounds "${cmds[@]}" | median_table "$BYTES" "$RG_NAME" "$WORK/rss.tsv"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "## start-up on an empty file"
echo
hyperfine -N -i --warmup 10 --runs 50 --output=pipe --style none --export-json "$WORK/startup.json" \
    -n "zhclean (built-in lists)" "$ZH ${JOBS[*]} $EMPTY" \
    -n "zhclean --rules-only" "$ZH ${JOBS[*]} --rules-only $EMPTY" \
    -n "zhclean -b blocklist-2000.txt" "$ZH ${JOBS[*]} -b $LIST $EMPTY" \
    -n "rg $RGV -vFf blocklist-2000.txt" "$RG -j1 -vFf $LIST $EMPTY" >/dev/null 2>&1
python3 - "$WORK/startup.json" <<'EOF'
import json, sys, statistics
print("| command | median ms | min ms |")
print("|---|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| `{r['command']}` | {statistics.median(r['times']) * 1000:.1f} | {min(r['times']) * 1000:.1f} |")
EOF

if [ "$SCALE" = 1 ]; then
    echo
    echo "## throughput by blocklist size (MiB/s, medians of $RUNS alternating runs)"
    echo
    : >"$WORK/scale.tsv"
    for n in 10 100 2000 20000; do
        list="$WORK/blocklist-$n.txt"
        python3 "$MAKE_CORPUS" --write-blocklist "$list" --blocklist-size "$n" 2>/dev/null
        rounds "zhclean::$ZH ${JOBS[*]} -b $list $CORPUS" "rg::$RG -j1 -vFf $list $CORPUS" |
            sed "s/^/$n\t/" >>"$WORK/scale.tsv"
    done
    python3 - "$BYTES" "$WORK/scale.tsv" "$RGV" <<'EOF'
import sys, statistics
bytes_, path, rgv = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t = {}
for line in open(path):
    n, tool, s = line.rstrip("\n").split("\t")
    t.setdefault((int(n), tool), []).append(float(s))
print(f"| entries | zhclean MiB/s | rg {rgv} MiB/s | zhclean time / rg |")
print("|---:|---:|---:|---:|")
for n in sorted({k[0] for k in t}):
    z, r = statistics.median(t[(n, "zhclean")]), statistics.median(t[(n, "rg")])
    print(f"| {n} | {bytes_ / z / 2**20:.0f} | {bytes_ / r / 2**20:.0f} | {z / r:.2f} |")
EOF
fi

# The instruction profile of a baseline build (PROFILE_BASE=path/to/zhclean) and of this tree's
# profiling build, side by side (benches/profile.sh).
if [ -n "${PROFILE_BASE:-}" ]; then
    echo
    echo "## instruction profile"
    echo
    cargo build --profile profiling --quiet
    CORPUS="$CORPUS" WORK="$WORK" SHARED="$SHARED" "$here/benches/profile.sh" "$PROFILE_BASE" "$here/target/profiling/zhclean"
fi
