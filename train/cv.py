#!/usr/bin/env python3
"""Site-grouped cross-validation of zhclean's learned decision.

    python3 train/cv.py                      # dev + web + data/pages, 5 folds
    python3 train/cv.py --sets DIR [DIR...]  # other labeled folders

Splits the labeled pages into 5 folds by site (no site on both sides). For
each fold, a model is trained on the other four (its threshold chosen by an
inner cross-validation on those four alone), written to a file, and the
fold's pages are scored by score.py with `zhclean --model FILE`, exactly as a
user's run would be. The same pages are also scored with the rules alone
(`--rules-only`) and with the compiled-in model. Prints score.py's figures per
fold and pooled. Needs the release binary (`cargo build --release`) and
train/requirements.txt.
"""
import argparse
import os
import shlex
import sys
import tempfile

import numpy as np

import zhtrain

FIGURES = ('content_kept', 'spam_removed', 'chrome_removed', 'precision', 'repair_exact')


def score_pages(cmd, pages):
    tot = {}
    for p in pages:
        r = zhtrain.score.score_doc(shlex.split(cmd), p.folder, p.name, 60)
        if 'error' in r:
            sys.exit(f'{p.name}: {r["error"]}')
        for k, v in r.items():
            if isinstance(v, int):
                tot[k] = tot.get(k, 0) + v
    return tot


def figures(t):
    r = zhtrain.score.ratio
    return {
        'content_kept': r(t.get('keep_kept', 0), t.get('keep', 0)),
        'spam_removed': r(t.get('spam_removed', 0), t.get('spam', 0)),
        'chrome_removed': r(t.get('chrome_removed', 0), t.get('chrome', 0)),
        'precision': r(t.get('removed_right', 0), t.get('removed', 0)),
        'repair_exact': r(t.get('repair_exact', 0), t.get('repair_total', 0)),
    }


def add(a, b):
    for k, v in b.items():
        a[k] = a.get(k, 0) + v


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sets', nargs='*', help='labeled folders (default: dev, web, data/pages)')
    ap.add_argument('--content-kept', type=float, default=zhtrain.CONTENT_KEPT,
                    help='content level the threshold is chosen for (default %(default)s)')
    ap.add_argument('--binary', default=zhtrain.BINARY)
    ap.add_argument('--no-builtin', action='store_true', help='skip scoring the compiled-in model')
    args = ap.parse_args()
    pages = zhtrain.pages(args.sets)
    data = zhtrain.Data(pages, args.binary)
    y = data.y[data.use]
    print(f'{len(pages)} pages, {len(set(p.site for p in pages))} sites, {len(y)} lines '
          f'({int(y.sum())} spam or chrome), {len(data.names)} features, {zhtrain.FOLDS} folds by site')
    systems = [('rules', f'{args.binary} --rules-only'), ('learned', None)]
    if not args.no_builtin:
        systems.append(('builtin', args.binary))
    pooled = {s: {} for s, _ in systems}
    tmp = tempfile.mkdtemp(prefix='zhclean-cv-')
    print(f'{"fold":<5} {"pages":>5} {"system":<8} ' + ' '.join(f'{f:>14}' for f in FIGURES))
    for k in range(zhtrain.FOLDS):
        train = data.fold != k
        # the threshold comes from the training folds alone (an inner split by fold)
        inner = zhtrain.oof(data, train, data.fold)
        inner = np.where(data.prose, 0.0, inner)
        m = train & data.use
        t = zhtrain.threshold_for(inner[m], data.y[m], args.content_kept)
        booster, vocab, _ = zhtrain.train_model(data, train, data.fold)
        path = os.path.join(tmp, f'fold{k}.model')
        zhtrain.export(booster, data.names, t, path, vocab)
        fold_pages = [p for p in pages if p.fold == k]
        for s, cmd in systems:
            cmd = cmd or f'{args.binary} --model {path}'
            tot = score_pages(cmd, fold_pages)
            add(pooled[s], tot)
            f = figures(tot)
            print(f'{k:<5} {len(fold_pages):>5} {s:<8} ' + ' '.join(f'{f[x]:>14.4f}' for x in FIGURES))
    print('pooled (every page scored by a model that never saw its site; builtin saw them all):')
    for s, _ in systems:
        f = figures(pooled[s])
        print(f'{"all":<5} {len(pages):>5} {s:<8} ' + ' '.join(f'{f[x]:>14.4f}' for x in FIGURES))


if __name__ == '__main__':
    main()
