#!/usr/bin/env bash
# Prints one md5 per set of outputs, so a refactoring can show that behaviour
# did not change: run it before and after and compare the lines.
#
#   scripts/checksums.sh [BINARY]     # default: target/release/zhclean (built first)
#
# Sets: stdout of every page of the dev set, the web set and the seeds; the
# same with --explain-all (stderr); the bench corpus (64 MiB, made in $TMPDIR
# once) with the 2000-phrase blocklist; the dev set through --jsonl, through
# -o, and with a site template learned from a generated multi-site corpus.
# Then checks that one stream cleaned on 2 and 3 threads gives the same bytes as on one.
# Set TIME=1 to also time the bench run (best of 3).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-/work/shared}"
if [ $# -ge 1 ]; then
  ZH="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else
  (cd "$here" && cargo build --release --quiet)
  ZH="$here/target/release/zhclean"
fi
tmp="${TMPDIR:-/tmp}"
corpus="$tmp/zhclean-bench-64.txt"
[ -s "$corpus" ] || python3 "$shared/bench/make_corpus.py" --mb 64 --out "$corpus" 2>/dev/null
sites="$tmp/zhclean-sites"
[ -d "$sites" ] || python3 "$here/scripts/make_site_corpus.py" "$sites" 40 "$shared/bench/make_corpus.py" >/dev/null 2>&1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pages() { find "$1" -maxdepth 1 -name '*.txt' ! -name '*.gold.txt' | LC_ALL=C sort; }

# data/pages by a relative path: the same --explain-all rows (which name the file) from any worktree
cd "$here"
for set in dev web seeds pages; do
  case $set in seeds) dir="$shared/seeds" ;; pages) dir="data/pages" ;; *) dir="$shared/eval/$set" ;; esac
  out=$(for f in $(pages "$dir"); do "$ZH" "$f" | md5sum; done | md5sum | cut -d' ' -f1)
  echo "$set $out"
  out=$(for f in $(pages "$dir"); do "$ZH" --explain-all "$f" 2>&1 >/dev/null | md5sum; done | md5sum | cut -d' ' -f1)
  echo "$set-explain-all $out"
done

echo "bench $("$ZH" -j 1 -b "$shared/bench/blocklist-2000.txt" < "$corpus" | md5sum | cut -d' ' -f1)"
# every decision on the corpus, with and without the learned step and the 2000 phrases
head -c 8000000 "$corpus" > "$work/c8.txt"
echo "bench8-explain-all $("$ZH" -j 1 --explain-all -b "$shared/bench/blocklist-2000.txt" < "$work/c8.txt" 2>&1 >/dev/null | md5sum | cut -d' ' -f1)"
echo "bench8-explain-all-defaults $("$ZH" -j 1 --explain-all < "$work/c8.txt" 2>&1 >/dev/null | md5sum | cut -d' ' -f1)"
echo "bench-rules-only $("$ZH" -j 1 --rules-only -b "$shared/bench/blocklist-2000.txt" < "$corpus" | md5sum | cut -d' ' -f1)"
# the learned decision's feature rows (what train/train.py reads)
out=$(for f in $(pages "$shared/eval/dev"); do "$ZH" --dump-features "$f" 2>/dev/null | md5sum; done | md5sum | cut -d' ' -f1)
echo "dev-features $out"

# The dev pages as JSON Lines records, and as a tree cleaned with -o.
python3 - "$shared/eval/dev" > "$work/dev.jsonl" <<'EOF'
import glob, json, sys
for p in sorted(glob.glob(sys.argv[1] + "/*.txt")):
    if not p.endswith(".gold.txt"):
        print(json.dumps({"id": p.rsplit("/", 1)[1], "text": open(p, "rb").read().decode("utf-8", "replace")}, ensure_ascii=False))
print("not json")
EOF
echo "jsonl $("$ZH" --jsonl --stats -j 2 < "$work/dev.jsonl" 2>"$work/jsonl.err" | md5sum | cut -d' ' -f1) $(sed "s/\"elapsed_seconds\":[0-9.e-]*//" "$work/jsonl.err" | md5sum | cut -d" " -f1)"
"$ZH" -q "$shared/eval/dev" -o "$work/out" -j 2
echo "tree $(cd "$work/out" && find . -type f | LC_ALL=C sort | xargs md5sum | md5sum | cut -d' ' -f1)"

# A learned site template, and the dev set cleaned with it.
"$ZH" learn -q --min-docs 3 "$sites" -o "$work/sites.tpl"
echo "learn $(md5sum < "$work/sites.tpl" | cut -d' ' -f1)"
out=$(for f in $(pages "$sites/alpha"); do "$ZH" --explain-all --template "$work/sites.tpl" --site alpha "$f" 2>&1 | md5sum; done | md5sum | cut -d' ' -f1)
echo "template $out"

# -j N on one stream: the same bytes as -j 1 (stdout and every decision), across many block
# boundaries where the binary lets the blocks be made small. Prints a line only when they differ
# (so the lines above still compare with a baseline's), and exits 1 then.
blocks=()
"$ZH" --block-bytes 4096 /dev/null >/dev/null 2>&1 && blocks=(--block-bytes 4096)
for set in dev web; do
  for f in $(pages "$shared/eval/$set"); do cat "$f"; done > "$work/$set.txt"
done
differ=0
same() {  # name, file, arguments: -j 2 and -j 3 against -j 1 (stdout, then stderr)
  local name=$1 file=$2; shift 2
  local one two
  one=$({ "$ZH" -j 1 "$@" < "$file" | md5sum; } 2>&1 | md5sum)
  for j in 2 3; do
    two=$({ "$ZH" -j $j "${blocks[@]}" "$@" < "$file" | md5sum; } 2>&1 | md5sum)
    if [ "$one" != "$two" ]; then echo "parallel-$name-j$j DIFFERS"; differ=1; fi
  done
}
same bench "$corpus" -b "$shared/bench/blocklist-2000.txt"
same bench-rules-only "$corpus" --rules-only -b "$shared/bench/blocklist-2000.txt"
same bench8-explain-all "$work/c8.txt" --explain-all -b "$shared/bench/blocklist-2000.txt"
same bench8-features "$work/c8.txt" --dump-features
for set in dev web; do same "$set-explain-all" "$work/$set.txt" --explain-all; done
[ "$differ" = 0 ] && echo "checksums.sh: -j 2 and -j 3 wrote the same as -j 1 (${blocks[*]:-one block size})" >&2

if [ "${TIME:-0}" = 1 ]; then
  best=
  for _ in 1 2 3; do
    s=$(date +%s.%N); "$ZH" -j 1 -b "$shared/bench/blocklist-2000.txt" < "$corpus" >/dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  echo "bench-seconds-best-of-3 $best"
fi
exit "$differ"
