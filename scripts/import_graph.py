#!/usr/bin/env python3
"""The import graph of src/: which module uses which, from the `crate::`,
`super::` and `self::` paths (the binary's `src/cli` is in it as `cli`; its
uses of the library, through `zhclean::`, are not).

Prints the cycles between files and between top-level modules (there should
be none) and any use of a top-level module that comes later in the pipeline
(LAYERS, earliest first). Exits 1 if there is either.

    scripts/import_graph.py [--edges]
"""
import os
import re
import sys

# The pipeline, earliest first: a module may use only those before it.
LAYERS = ["error", "verdict", "text", "input", "blocklist", "rules", "site", "engine", "explain", "cleaner", "batch", "lib"]

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    return tuple(rel) if rel != ["lib"] else ("lib",)


files = {}
for root, _, names in os.walk(SRC):
    for n in names:
        if n.endswith(".rs"):
            p = os.path.join(root, n)
            m = module_of(p)
            if m[0] == "main":
                continue
            files[m] = open(p, encoding="utf-8").read()
modules = set(files)


def resolve(parts):
    """The longest module prefix of a path."""
    for k in range(len(parts), 0, -1):
        if tuple(parts[:k]) in modules:
            return tuple(parts[:k])
    return None


edges = {m: set() for m in modules}
for m, text in files.items():
    # code only: drop comments, and the tests (a unit test may use anything)
    text = re.sub(r"#\[cfg\(test\)\]\s*(pub(\(crate\))?\s+)?mod tests \{.*", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    for path in re.findall(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)", text):
        parts = path.split("::")
        base = list(m)
        if parts[0] == "crate":
            base, parts = [], parts[1:]
        elif parts[0] == "self":
            parts = parts[1:]
        while parts and parts[0] == "super":
            base, parts = base[:-1], parts[1:]
        # braces: `use crate::a::{b, c}` counts as a use of `crate::a`
        r = resolve(base + parts)
        if r and r != m:
            edges[m].add(r)
    # `child::...` (in a `use` or a call) of a module declared in this one
    base = () if m == ("lib",) else m  # the crate root's children are the top-level modules
    for child in {c[len(base)] for c in modules if len(c) == len(base) + 1 and c[: len(base)] == base}:
        if re.search(r"(?<![\w:])" + child + r"::", text) and base + (child,) != m:
            edges[m].add(base + (child,))


def cycles(graph):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


name = "::".join
file_cycles = cycles(edges)
top = {}
for m, ts in edges.items():
    for t in ts:
        if t[0] != m[0]:
            top.setdefault(m[0], set()).add(t[0])
top_cycles = cycles(top)
upward = [(a, b) for a, bs in top.items() for b in bs if a in LAYERS and b in LAYERS and LAYERS.index(b) > LAYERS.index(a)]

if "--edges" in sys.argv:
    for m in sorted(edges):
        print(f"{name(m)} -> {', '.join(sorted(name(t) for t in edges[m]))}")
print(f"{len(modules)} modules, {sum(len(v) for v in edges.values())} uses")
print(f"cycles between files: {len(file_cycles)}")
for c in file_cycles:
    print("  " + " <-> ".join(sorted(name(x) for x in c)))
print(f"cycles between top-level modules: {len(top_cycles)}")
for c in top_cycles:
    print("  " + " <-> ".join(sorted(c)))
print(f"uses of a later stage: {len(upward)}")
for a, b in sorted(upward):
    print(f"  {a} uses {b}")
sys.exit(1 if file_cycles or top_cycles or upward else 0)
