#!/usr/bin/env bash
# Runs the release binary on every case of the bad-input matrix and prints a
# table: exit code, output size, wall time and peak RSS (from /usr/bin/time).
# The assertions live in tests/bad_input.rs and tests/batch.rs; this script is
# for the numbers (big cases included: a 300 MB line, a 100,000-phrase list).
#
#   scripts/bad_input_matrix.sh            # needs ~700 MB free in $TMPDIR
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
ZH="$here/target/release/zhclean"
(cd "$here" && cargo build --release --quiet)
[ -x /usr/bin/time ] || { echo "bad_input_matrix.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

page='当前位置：首页 > 新闻中心 > 正文
浙江作為中國革命紅船起航地、改革開放先行地，始終以堅定不移做“兩個確立”忠誠擁護者。
京ICP备14010675号-1'

printf '| case | exit | output bytes | stderr lines | wall s | peak RSS MB | outcome |\n|---|---|---|---|---|---|---|\n'

# run NAME OUTCOME CMD...: times CMD (stdout to out.bin, stderr to err.txt)
run() {
    local name="$1" outcome="$2"
    shift 2
    local code=0
    /usr/bin/time -f '%e %M' -o time.txt "$@" > out.bin 2> err.txt || code=$?
    # (time prints a "Command exited with non-zero status" line first when the command fails)
    read -r secs kb < <(tail -n 1 time.txt)
    printf '| %s | %s | %s | %s | %s | %.1f | %s |\n' "$name" "$code" "$(stat -c %s out.bin)" "$(wc -l < err.txt)" "$secs" \
        "$(echo "$kb / 1024" | bc -l)" "$outcome"
}

: > empty.txt
run "empty input" "empty output" "$ZH" empty.txt
printf '\n \n\t\n\n' > blank.txt
run "only blank lines" "the 4 lines unchanged" "$ZH" blank.txt
printf '%s' "$page" > nonl.txt
printf '%s\n%s' "$page" '最后一行是正文，没有换行符。' > lastline.txt
run "no trailing newline" "last (kept) line written without one" "$ZH" lastline.txt
python3 -c "import sys; sys.stdout.write('中' * 100_000_000)" > huge.txt
run "one 300 MB line" "passed through unchanged (over --max-line)" "$ZH" huge.txt
rm huge.txt
python3 -c "print('|' * 1_000_000)" > pipes.txt
run "a line of 1,000,000 pipes" "kept unchanged (nothing in view says chrome)" "$ZH" pipes.txt
printf '正文\0有NUL字节，照样是一句话。\n' > nul.txt
run "NUL bytes in text" "kept, bytes unchanged" "$ZH" nul.txt
printf '%s' "$page" | tr '\n' '\r' > cr.txt
run "lone \\r endings" "split at \\r, endings kept" "$ZH" cr.txt
{ printf '%s\n' "$page"; printf '坏\xff\xfe字节在中间，这一行还是正文。\n'; } > badutf8.txt
run "invalid UTF-8 mid-file" "U+FFFD, one warning" "$ZH" badutf8.txt
{ printf '浙江作為中國革命紅船起航地，始終以堅定不移。\n' | iconv -f UTF-8 -t GBK; printf '%s\n' "$page"; } > half.txt
run "half GBK, half UTF-8" "each line decoded (GB18030 fallback)" "$ZH" half.txt
{ printf '\xff\xfe'; printf '%s\n' "$page" | iconv -f UTF-8 -t UTF-16LE; } > utf16.txt
run "UTF-16LE with BOM" "transcoded to UTF-8" "$ZH" utf16.txt
{ printf '蓝莓果酱大促销\n\n蓝莓果酱大促销\n\xff\xfe坏\n'; python3 -c "print('长' * 3400)"; } > messy-list.txt
{ printf '%s\n' "$page"; printf '蓝莓果酱大促销 蓝莓果酱大促销\n'; } > listed.txt
run "blocklist: bad UTF-8, blanks, dups, 10 KB entry" "loads; its phrase removes the listed line" "$ZH" -b messy-list.txt listed.txt
python3 -c "
import random
r = random.Random(1)
cjk = [chr(c) for c in range(0x4e00, 0x9fa5)]
for i in range(100_000):
    print(''.join(r.choice(cjk) for _ in range(r.randint(2, 8))))" > list-100k.txt
run "blocklist of 100,000 entries (empty input)" "build only" "$ZH" -b list-100k.txt empty.txt
python3 -c "
import json
lines = ['当前位置：首页 > 新闻中心 > 正文', '浙江作為中國革命紅船起航地，始終以堅定不移做“兩個確立”忠誠擁護者。'] * 330_000
print(json.dumps({'url': 'u', 'text': '\\n'.join(lines)}, ensure_ascii=False))" > big.jsonl
run "JSONL record with a 50 MB text field" "breadcrumbs removed, other fields kept" "$ZH" --jsonl big.jsonl
rm big.jsonl
# (permission bits do not stop root: a folder that cannot be made is one under a file)
run "output folder that cannot be made" "exit 1, named, inputs untouched" "$ZH" nonl.txt -o nonl.txt/sub
run "read error mid-batch (/proc/self/mem)" "exit 1, file named, others cleaned" "$ZH" /proc/self/mem nonl.txt -o out
python3 -c "import sys; sys.stdout.write((open('nonl.txt', encoding='utf-8').read() + '\n') * 400_000)" > big.txt
run "closed stdout (piped into head -1)" "exit 0, quiet" bash -c "set -o pipefail; '$ZH' big.txt | head -1"
