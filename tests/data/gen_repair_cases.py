#!/usr/bin/env python3
"""Writes tests/data/repair_cases.tsv: random lines and their repair by the
reference definition, score.py's repair() (imported from ../shared/eval).

Run from the project root: python3 tests/data/gen_repair_cases.py
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '../../../shared/eval'))
from score import repair  # noqa: E402

ALPHABET = list('社區治理們中文a,，。、；：！？,;:!?()qūyùǚmen ”') + ['(qū)', '(men)', '(chuàng)', ',,', '，，', '(Qū)']


def main():
    rnd = random.Random(20261124)
    rows = []
    for _ in range(3000):
        n = rnd.randint(1, 14)
        s = ''.join(rnd.choice(ALPHABET) for _ in range(n))
        if '\t' in s or '\n' in s:
            continue
        rows.append((s, repair(s)))
    out = os.path.join(os.path.dirname(__file__), 'repair_cases.tsv')
    with open(out, 'w', encoding='utf-8') as f:
        for a, b in rows:
            f.write(f'{a}\t{b}\n')
    print(f'{len(rows)} cases -> {out}')


if __name__ == '__main__':
    main()
