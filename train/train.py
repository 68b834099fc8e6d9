#!/usr/bin/env python3
"""Trains zhclean's learned decision on every labeled page and writes it
into the source tree (src/engine/learned/model.txt), where the build compiles it in.

    python3 train/train.py            # dev + web + data/pages
    python3 train/train.py --check    # only say whether the file would change

The threshold is chosen on out-of-fold probabilities (5 folds by site) for
the content level of train/zhtrain.py's CONTENT_KEPT. Needs the release
binary (`cargo build --release`; its feature rows are what the model learns
from) and train/requirements.txt. Deterministic: the same data and binary
give the same file.
"""
import argparse
import os
import sys

import numpy as np

import zhtrain

OUT = os.path.join(zhtrain.ROOT, 'src', 'engine', 'learned', 'model.txt')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sets', nargs='*', help='labeled folders (default: dev, web, data/pages)')
    ap.add_argument('--out', default=OUT)
    ap.add_argument('--check', action='store_true')
    args = ap.parse_args()
    pages = zhtrain.pages(args.sets)
    data = zhtrain.Data(pages)
    everything = np.ones(len(data.y), bool)
    p = zhtrain.oof(data, everything, data.fold)
    u = data.use & ~data.prose
    t = zhtrain.threshold_for(p[data.use], data.y[data.use], zhtrain.CONTENT_KEPT)
    booster, vocab, _ = zhtrain.train_model(data, everything, data.fold)
    out = args.out + '.new' if args.check else args.out
    zhtrain.export(booster, data.names, t, out, vocab)
    removed = (p >= t) & ~data.prose
    y = data.y[data.use]
    removed = removed[data.use]
    print(f'{len(pages)} pages, {len(y)} lines ({int(u.sum())} not prose); threshold {t:.4f}; out-of-fold: '
          f'content kept {1 - removed[y == 0].mean():.4f}, spam/chrome removed {removed[y == 1].mean():.4f}')
    if args.check:
        same = open(out).read() == open(args.out).read()
        os.remove(out)
        print('model.txt is up to date' if same else 'model.txt would change')
        return 0 if same else 1
    print(f'wrote {out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
