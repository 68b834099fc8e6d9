"""Shared pieces of zhclean's training and cross-validation tools.

The labeled pages (LABELING.md's format) are read from folders; each page's
feature rows come from the binary itself (`zhclean --dump-features`), so the
model is trained on exactly the numbers it will see at run time. Pages are
grouped by site (a URL's host, a fixture's folder) so that no site is on both
sides of a split.
"""
import csv
import hashlib
import os
import subprocess
import sys
from urllib.parse import urlparse

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, '..', 'shared', 'eval')
sys.path.insert(0, SHARED)
import score  # noqa: E402  (score.py: the contract's scorer, also used for its reader)

DEFAULT_SETS = [os.path.join(SHARED, 'dev'), os.path.join(SHARED, 'web'), os.path.join(ROOT, 'data', 'pages')]
BINARY = os.path.join(ROOT, 'target', 'release', 'zhclean')
FOLDS = 5
# dev was the rules' training set: its verdicts are fitted, so it counts less
SET_WEIGHT = {'dev': 0.3}
# spam lines are few (a few dozen) and have a target of their own: each counts as four
SPAM_WEIGHT = 4.0

PARAMS = dict(
    objective='binary', learning_rate=0.1, num_leaves=15, min_data_in_leaf=20, feature_fraction=0.8,
    bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0, verbose=-1, seed=7, deterministic=True,
    num_threads=1, force_row_wise=True,
)
ROUNDS = 150
# the share of keep lines the threshold is chosen to keep (LABELING.md rule 3: content first)
CONTENT_KEPT = 0.998


def site_key(source, name):
    """The group a page belongs to: its site, or its fixture folder."""
    source = (source or '').strip()
    if source.startswith('github:'):
        repo_path = source[len('github:'):].split('@')[0]
        return 'github:' + os.path.dirname(repo_path).lower()
    host = (urlparse(source).hostname or '').lower()
    for p in ('www.', 'm.', 'wap.', 'mobile.'):
        if host.startswith(p):
            host = host[len(p):]
    return host or 'written:' + name


def fold_of(site):
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % FOLDS


class Page:
    def __init__(self, folder, name, site):
        self.folder, self.name, self.site = folder, name, site
        self.set = os.path.basename(os.path.normpath(folder))
        self.fold = fold_of(site)
        _, lines, labels, _ = score.load_doc(folder, name)
        self.lines = lines
        self.labels = {num: lab for num, lab, _ in labels}

    @property
    def path(self):
        return os.path.join(self.folder, self.name + '.txt')


def pages(sets=None):
    """Every labeled page of the folders, with its site and fold."""
    out = []
    for folder in sets or DEFAULT_SETS:
        if not os.path.isdir(folder):
            continue
        sources = {}
        src = os.path.join(folder, 'SOURCES.tsv')
        if os.path.exists(src):
            for row in csv.DictReader(open(src, encoding='utf-8'), delimiter='\t'):
                sources[row['name']] = row.get('source', '')
        names = sorted(f[:-4] for f in os.listdir(folder) if f.endswith('.txt') and not f.endswith('.gold.txt'))
        for n in names:
            if os.path.exists(os.path.join(folder, n + '.labels.tsv')):
                out.append(Page(folder, n, site_key(sources.get(n, ''), n)))
    return out


class Data:
    """Feature rows of every non-blank line of the pages, as the binary measures them."""

    def __init__(self, all_pages, binary=BINARY):
        cmd = [binary, '--dump-features', '-q'] + [p.path for p in all_pages]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout.decode('utf-8')
        rows = out.split('\n')
        self.names = rows[0].split('\t')[3:]
        index = {p.path: i for i, p in enumerate(all_pages)}
        X, page, line = [], [], []
        for r in rows[1:]:
            if r:
                f = r.split('\t')
                X.append([float(v) for v in f[3:]])
                page.append(index[f[0]])
                line.append(int(f[1]))
        self.pages = all_pages
        self.X = np.array(X, dtype=np.float32)
        self.page = np.array(page)
        self.line = np.array(line)
        labels = [all_pages[i].labels.get(n) for i, n in zip(page, line)]
        # lines the scorer calls blank (white space the binary did not) are measured but not learned
        self.use = np.array([lab in ('keep', 'spam', 'chrome') for lab in labels])
        self.y = np.array([0 if lab == 'keep' else 1 for lab in labels])
        self.w = np.array([SET_WEIGHT.get(all_pages[i].set, 1.0) * (SPAM_WEIGHT if lab == 'spam' else 1.0)
                           for i, lab in zip(page, labels)])
        self.fold = np.array([all_pages[i].fold for i in page])
        self.text = [all_pages[i].lines[n - 1] for i, n in zip(page, line)]
        self.keys = [vocab_keys(t) for t in self.text]
        self.prose = self.X[:, self.names.index('prose')] > 0
        self.col = {n: k for k, n in enumerate(self.names)}

    def with_vocab(self, scores):
        """X with the vocabulary columns filled from per-row scores (as src/learned/features.rs does)."""
        X = self.X.copy()
        v = np.where(self.prose, 0.0, scores).astype(np.float32)
        c = self.col
        X[:, c['vocab']] = v
        n = len(v)
        p1 = np.zeros(n, np.float32)
        n1 = np.zeros(n, np.float32)
        before = np.zeros(n, np.float32)
        after = np.zeros(n, np.float32)
        start = 0
        while start < n:
            end = start
            while end < n and self.page[end] == self.page[start]:
                end += 1
            for i in range(start, end):
                if i > start:
                    p1[i] = v[i - 1]
                    b = v[max(start, i - WINDOW):i]
                    before[i] = b.sum(dtype=np.float32) / np.float32(len(b))
                if i + 1 < end:
                    n1[i] = v[i + 1]
                    a = v[i + 1:min(end, i + 1 + WINDOW)]
                    after[i] = a.sum(dtype=np.float32) / np.float32(len(a))
            start = end
        X[:, c['vocab_p1']] = p1
        X[:, c['vocab_n1']] = n1
        X[:, c['vocab_before']] = before
        X[:, c['vocab_after']] = after
        return X


WINDOW = 8  # src/learned/features.rs WINDOW
VOCAB_CHARS = 64  # src/learned/features.rs VOCAB_CHARS


def vocab_keys(line):
    """The character-pair keys of src/learned/features.rs `vocab_keys`."""
    seq = ['^']
    n = 0
    ended = True
    for c in line:
        if c.isspace():
            continue
        if n == VOCAB_CHARS:
            ended = False
            break
        if '0' <= c <= '9':
            c = '0'
        elif 'A' <= c <= 'Z':
            c = c.lower()
        seq.append(c)
        n += 1
    if ended:
        seq.append('$')
    return sorted({(ord(a) << 21) | ord(b) for a, b in zip(seq, seq[1:])})


def fit_vocab(keys, y, w, min_count=2, C=0.5):
    """A logistic regression on the character pairs of lines: (intercept, {key: weight})."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    counts = {}
    for ks in keys:
        for k in ks:
            counts[k] = counts.get(k, 0) + 1
    vocab = sorted(k for k, c in counts.items() if c >= min_count)
    col = {k: i for i, k in enumerate(vocab)}
    rows, cols = [], []
    for r, ks in enumerate(keys):
        for k in ks:
            if k in col:
                rows.append(r)
                cols.append(col[k])
    M = csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(keys), len(vocab)))
    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit(M, y, sample_weight=w)
    weights = {k: float(lr.coef_[0][i]) for k, i in col.items() if abs(lr.coef_[0][i]) >= 0.01}
    return float(lr.intercept_[0]), weights


def vocab_score(keys, vocab):
    base, weights = vocab
    s = np.float32(base)
    for k in keys:
        s += np.float32(weights.get(k, 0.0))
    return float(min(max(s, -20.0), 20.0))


def scores(data, rows, vocab):
    return np.array([vocab_score(data.keys[i], vocab) for i in rows], dtype=np.float32)


def crossfit_vocab(data, train_mask, groups):
    """Vocabulary scores for every row: rows of `train_mask` scored by models that did not
    see their group, the rest by a model trained on all of `train_mask`. Returns (scores, full model)."""
    out = np.zeros(len(data.y), np.float32)
    learn = train_mask & data.use
    for g in np.unique(groups[train_mask]):
        fit_rows = learn & (groups != g)
        vm = fit_vocab([data.keys[i] for i in np.where(fit_rows)[0]], data.y[fit_rows], data.w[fit_rows])
        tgt = np.where(train_mask & (groups == g))[0]
        out[tgt] = scores(data, tgt, vm)
    full = fit_vocab([data.keys[i] for i in np.where(learn)[0]], data.y[learn], data.w[learn])
    rest = np.where(~train_mask)[0]
    out[rest] = scores(data, rest, full)
    return out, full


def fit(X, y, w):
    import lightgbm as lgb
    return lgb.train(PARAMS, lgb.Dataset(X, y, weight=w, free_raw_data=False), num_boost_round=ROUNDS)


def predict(booster, X):
    return booster.predict(X)


def threshold_for(p, y, content_kept):
    """The lowest removal threshold that keeps at least `content_kept` of the keep lines."""
    keep = np.sort(p[y == 0])[::-1]
    allowed = int(np.floor(len(keep) * (1 - content_kept)))  # keep lines we may lose
    if allowed >= len(keep):
        return 0.5
    # remove a line when p >= t: t just above the (allowed+1)-th highest keep probability
    t = float(keep[allowed]) + 1e-6
    return min(max(t, 0.05), 0.999)


def train_model(data, train_mask, groups):
    """The vocabulary model and the trees, trained on the rows of `train_mask` (the trees on
    cross-fitted vocabulary scores). Returns (booster, vocab, X with every row's features)."""
    v, vocab = crossfit_vocab(data, train_mask, groups)
    X = data.with_vocab(v)
    rows = train_mask & data.use
    return fit(X[rows], data.y[rows], data.w[rows]), vocab, X


def oof(data, mask, groups):
    """Out-of-group probabilities for the rows of `mask`: each group's rows predicted by a model
    trained on the other groups of `mask` alone."""
    p = np.zeros(len(data.y))
    for g in np.unique(groups[mask]):
        test = mask & (groups == g)
        booster, _, X = train_model(data, mask & ~test, groups)
        p[test] = predict(booster, X[test])
    return p


def export(booster, names, threshold, path, vocab=None):
    """Writes the model in the text format src/learned/model.rs reads."""
    m = booster.dump_model()
    feats = m['feature_names']
    assert len(feats) == len(names)
    out = ['# trained by train/train.py; do not edit', 'zhclean-trees 1', f'features {len(names)}', 'base 0',
           f'threshold {threshold:.6g}']
    if vocab:
        base, weights = vocab
        out.append(f'vocab {base:.9g} {len(weights)}')
        out.extend(f'{k} {w:.9g}' for k, w in sorted(weights.items()))
    for t in m['tree_info']:
        nodes = []

        def walk(n):
            i = len(nodes)
            nodes.append(None)
            if 'leaf_value' in n:
                nodes[i] = f'-1 0 0 0 {n["leaf_value"]:.9g}'
                return i
            assert n['decision_type'] == '<=', n['decision_type']
            left = walk(n['left_child'])
            right = walk(n['right_child'])
            nodes[i] = f'{n["split_feature"]} {float(n["threshold"]):.9g} {left} {right} 0'
            return i

        walk(t['tree_structure'])
        out.append('tree')
        out.extend(nodes)
        out.append('end')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')
