#!/usr/bin/env bash
# Instruction profile (callgrind counts instructions, not seconds: the same
# figures on a loaded or a quiet machine) of one or more zhclean binaries on
# the same slice of the bench corpus, side by side, with ripgrep's total as
# the reference.
#
#   benches/profile.sh BIN [BIN ...]          # e.g. a baseline build and the current one
#   MB=8 TOP=14 benches/profile.sh BIN ...
#
# Environment: MB (slice of the corpus, default 8), TOP (functions listed,
# default 14), ARGS (zhclean's arguments, default `-j 1 -b blocklist-2000.txt`),
# CORPUS (default: target/compare/corpus-256mb.txt if built by compare.sh,
# else made with make_corpus.py), SHARED, WORK as for compare.sh.
# For function names, build with line tables: `cargo build --profile profiling`.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
MB="${MB:-8}"
TOP="${TOP:-14}"
WORK="${WORK:-$here/target/compare}"
SHARED="${SHARED:-$here/../shared}"
LIST="$SHARED/bench/blocklist-2000.txt"
ARGS="${ARGS:--j 1 -b $LIST}"
mkdir -p "$WORK"
[ $# -ge 1 ] || { echo "usage: benches/profile.sh BIN [BIN ...]" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "profile.sh: valgrind not found" >&2; exit 1; }

CORPUS="${CORPUS:-$WORK/corpus-256mb.txt}"
if [ ! -s "$CORPUS" ]; then
    CORPUS="$WORK/corpus-${MB}mb.txt"
    [ -s "$CORPUS" ] || python3 "$SHARED/bench/make_corpus.py" --mb "$MB" --out "$CORPUS" 2>/dev/null
fi
SLICE="$WORK/slice-${MB}mb.txt"
head -c $((MB * 1000 * 1000)) "$CORPUS" >"$SLICE"
BYTES=$(stat -L -c %s "$SLICE")

outs=()
i=0
for bin in "$@"; do
    out="$WORK/callgrind-$i.out"
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" $ARGS <"$SLICE" >/dev/null 2>"$WORK/callgrind-$i.err"
    outs+=("$bin=$out")
    i=$((i + 1))
done
RG="$(command -v rg || true)"
[ -x "$HOME/.cargo/bin/rg" ] && RG="$HOME/.cargo/bin/rg"
if [ -n "$RG" ]; then
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind-rg.out" "$RG" -j1 -vFf "$LIST" <"$SLICE" >/dev/null 2>&1
    outs+=("rg $("$RG" --version | awk 'NR == 1 {print $2}') -j1 -vFf=$WORK/callgrind-rg.out")
fi

python3 - "$BYTES" "$TOP" "${outs[@]}" <<'EOF'
import re, subprocess, sys
from collections import defaultdict
bytes_, top, runs = int(sys.argv[1]), int(sys.argv[2]), [a.split("=", 1) for a in sys.argv[3:]]

def profile(path):
    """Self instructions per function (inlined code counted in the function it was inlined into)."""
    text = subprocess.run(["callgrind_annotate", "--auto=no", "--threshold=100", path],
                          capture_output=True, text=True, check=True).stdout
    total, funcs = 0, defaultdict(int)
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*)", line)
        if not m:
            continue
        n, where = int(m.group(1).replace(",", "")), m.group(2)
        if where.startswith("PROGRAM TOTALS"):
            total = n
            continue
        name = where.split(":", 1)[1] if ":" in where else where
        name = re.sub(r" \(\d[\d,]*x\)| \[.*\]$", "", name)
        for _ in range(3):  # generic arguments, innermost first; `<T as Trait>::f` reads `T::f`
            name = re.sub(r"<([^<>]*) as [^<>]*>::", r"\1::", name)
            name = re.sub(r"<[^<>]*>", "", name)
        funcs[name] += n
    return total, funcs

print(f"slice: {bytes_} bytes; instructions counted by callgrind\n")
print("| binary | instructions | per byte |")
print("|---|---:|---:|")
profiles = []
for name, path in runs:
    total, funcs = profile(path)
    profiles.append((name, total, funcs))
    print(f"| `{name}` | {total:,} | {total / bytes_:.1f} |")
for name, total, funcs in profiles:
    if name.startswith("rg "):
        continue
    print(f"\n`{name}`: top {top} functions (self, inlined callees included)\n")
    print("| function | share |")
    print("|---|---:|")
    for f, n in sorted(funcs.items(), key=lambda kv: -kv[1])[:top]:
        print(f"| `{f}` | {100 * n / total:.1f}% |")
EOF
