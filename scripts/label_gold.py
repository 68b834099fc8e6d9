#!/usr/bin/env python3
"""Check hand-labeled pages and write their gold files.

Usage: label_gold.py [--write] DIR [NAME ...]

For each NAME.txt in DIR (or the NAMEs given), checks NAME.labels.tsv against
../shared/eval/LABELING.md's format (one row per input line, numbered from 1,
label keep/spam/chrome/blank, a chrome kind for chrome and `-` otherwise,
blank exactly for empty or white-space lines) and writes NAME.gold.txt: the
keep lines, repaired with score.py's own repair() (only with --write;
otherwise it compares with the gold file there). Exits 1 on any problem.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'shared', 'eval'))
import score  # noqa: E402  (the scorer's own decode, split_lines and repair)

KINDS = {'breadcrumb', 'meta', 'share', 'editor', 'nav', 'footer', 'template'}


def check(data, name, write):
    base = os.path.join(data, name)
    enc = open(base + '.enc').read().strip() if os.path.exists(base + '.enc') else None
    lines = score.split_lines(score.decode(open(base + '.txt', 'rb').read(), enc))
    rows = [r.rstrip('\n') for r in open(base + '.labels.tsv', encoding='utf-8') if r.strip()]
    problems = []
    if len(rows) != len(lines):
        problems.append(f'{len(rows)} label rows for {len(lines)} lines')
    gold = []
    for k, (row, line) in enumerate(zip(rows, lines), 1):
        parts = row.split('\t')
        if len(parts) != 3:
            problems.append(f'row {k}: not 3 tab-separated fields: {row!r}')
            continue
        num, lab, kind = parts
        if num != str(k):
            problems.append(f'row {k}: numbered {num}')
        blank = not line.strip()
        if blank != (lab == 'blank'):
            problems.append(f'line {k}: label {lab} for {"a blank" if blank else "a non-blank"} line')
        if lab == 'chrome':
            if kind not in KINDS:
                problems.append(f'line {k}: chrome kind {kind!r}')
        elif lab in ('keep', 'spam', 'blank'):
            if kind != '-':
                problems.append(f'line {k}: kind {kind!r} for {lab}')
        else:
            problems.append(f'line {k}: label {lab!r}')
        if lab == 'keep':
            gold.append(score.repair(line))
    if problems:
        for p in problems:
            print(f'{name}: {p}')
        return False
    text = ''.join(g + '\n' for g in gold)
    if write:
        with open(base + '.gold.txt', 'w', encoding='utf-8') as f:
            f.write(text)
    elif [g for g in score.split_lines(open(base + '.gold.txt', encoding='utf-8').read()) if g.strip()] != \
            [g for g in gold if g.strip()]:
        print(f'{name}: gold file differs from the repaired keep lines (run with --write)')
        return False
    return True


def main(argv):
    write = '--write' in argv
    argv = [a for a in argv if a != '--write']
    if not argv:
        sys.exit(__doc__)
    data = argv[0]
    names = argv[1:] or sorted(f[:-4] for f in os.listdir(data) if f.endswith('.txt') and not f.endswith('.gold.txt'))
    ok = all([check(data, n, write) for n in names])
    print(f'{len(names)} pages checked, {"all good" if ok else "problems above"}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
