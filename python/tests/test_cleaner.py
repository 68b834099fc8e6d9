"""The Python binding against what the library and the command line do.

Where a test needs to know what is removed it uses lines no decision step
keeps (a stuffed spam list, a phrase of the user's own list, a template
line) or compares with the `zhclean` binary on the same options, so it does
not depend on which chrome lines the default decision removes.
"""

import pickle
import subprocess
import threading
import time

import pytest

import zhclean
from zhclean import COUNT_FIELDS, EXPLAIN_FIELDS, KINDS, Cleaner

CONTENT_1 = "县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇压实责任。"
CONTENT_2 = "会议指出，今冬明春是森林防火的关键时期，各地要加强巡查，严防死守。"
SPAM = "精品国产一级在线观看,国产成人综合久久精品亚洲,免费一级欧美大片在线观看"
DAMAGED = "社區(qū)治理是一項長期工作，需要久久為功。"
REPAIRED = "社區治理是一項長期工作，需要久久為功。"
OWN_PHRASE = "紫色独角兽俱乐部入口"
SITE_LINE = "阿尔法园艺网欢迎您"

PAGE = "\n".join([CONTENT_1, OWN_PHRASE, CONTENT_2, SITE_LINE, DAMAGED, SPAM]) + "\n"


def run_bin(binary: str, args: list[str], text: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *args], input=text.encode(), capture_output=True, check=True)


def test_module_exports():
    assert zhclean.__version__ == "0.1.0"
    assert KINDS == ("breadcrumb", "meta", "share", "editor", "nav", "footer", "template")
    assert EXPLAIN_FIELDS == ("line", "label", "kind", "rule", "text")
    assert COUNT_FIELDS[0] == "pages" and len(set(COUNT_FIELDS)) == len(COUNT_FIELDS) == 14
    assert {f"removed_{k}" for k in KINDS} <= set(COUNT_FIELDS)


def test_clean_removes_spam_repairs_and_keeps_content():
    out = Cleaner().clean(PAGE)
    lines = out.splitlines()
    assert SPAM not in out
    assert REPAIRED in lines and DAMAGED not in out
    # content lines come out byte for byte, in order
    assert lines.index(CONTENT_1) < lines.index(CONTENT_2)
    assert out.endswith("\n")


def test_clean_keeps_each_line_ending():
    page = f"{CONTENT_1}\r\n{SPAM}\r\n{CONTENT_2}\r{CONTENT_1}"
    assert Cleaner().clean(page) == f"{CONTENT_1}\r\n{CONTENT_2}\r{CONTENT_1}"


def test_empty_and_clean_text_unchanged():
    c = Cleaner()
    assert c.clean("") == ""
    text = f"{CONTENT_1}\n\n{CONTENT_2}\n"
    assert c.clean(text) == text
    assert c.clean(c.clean(PAGE)) == c.clean(PAGE)


def test_repair_false_keeps_damage():
    out = Cleaner(repair=False).clean(PAGE)
    assert DAMAGED in out.splitlines() and SPAM not in out


def test_blocklist_of_the_users_own(tmp_path):
    assert OWN_PHRASE in Cleaner().clean(PAGE)
    lst = tmp_path / "mine.txt"
    lst.write_text(f"# my list\n{OWN_PHRASE}\n", encoding="utf-8")
    for blocklists in ([str(lst)], [lst], (lst,)):
        # the rules remove a line that is all one listed phrase; the learned step may keep a lone one
        c = Cleaner(blocklists=blocklists, rules_only=True)
        assert OWN_PHRASE not in c.clean(PAGE)
        rows = [r for r in c.explain(PAGE) if r[4] == OWN_PHRASE]
        assert rows == [(2, "spam", None, f"list:spam:{OWN_PHRASE}", OWN_PHRASE)]


def test_missing_or_bad_files_raise(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        Cleaner(blocklists=[tmp_path / "nope.txt"])
    with pytest.raises(FileNotFoundError, match="nope.tpl"):
        Cleaner(template=tmp_path / "nope.tpl")
    bad = tmp_path / "bad.tpl"
    bad.write_text("not a template\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a zhclean template"):
        Cleaner(template=bad)
    with pytest.raises(TypeError):
        Cleaner(blocklists=str(bad))  # one str is not a list of lists


def write_template(path):
    path.write_text(
        # alpha's line is in all its pages, in only half of all pages: not global
        "zhclean-template 1\nparams min-docs=2 min-share=0.6 max-len=60\n"
        f"@ 10 alpha\n10\t{SITE_LINE}\n@ 10 beta\n10\t贝塔园艺网欢迎您\n",
        encoding="utf-8",
    )
    return path


def test_template_removes_the_sites_own_lines(tmp_path):
    tpl = write_template(tmp_path / "site.tpl")
    assert SITE_LINE in Cleaner().clean(PAGE).splitlines()
    alpha = Cleaner(template=tpl, site="alpha")
    assert SITE_LINE not in alpha.clean(PAGE)
    assert [r[2:4] for r in alpha.explain(PAGE) if r[4] == SITE_LINE] == [("template", "learned")]
    # the line is alpha's only: beta's pages, and pages of no known site, keep it
    assert SITE_LINE in Cleaner(template=tpl, site="beta").clean(PAGE).splitlines()
    assert SITE_LINE in Cleaner(template=tpl).clean(PAGE).splitlines()
    with pytest.raises(ValueError, match="template"):
        Cleaner(site="alpha")


def test_keep_accepts_a_string_or_names_and_rejects_unknown_kinds():
    a = Cleaner(keep="meta, editor")
    b = Cleaner(keep=["meta", "editor"])
    assert repr(a) == repr(b) and "keep=['meta', 'editor']" in repr(a)
    assert "keep=[]" in repr(Cleaner(keep=None))
    with pytest.raises(ValueError, match="menu"):
        Cleaner(keep="meta,menu")
    with pytest.raises(TypeError):
        Cleaner(keep=[1])


def test_keeping_every_kind_removes_no_chrome(pages):
    c = Cleaner(keep=KINDS)
    for name, page in pages.items():
        labels = {row[1] for row in c.explain(page)}
        assert labels <= {"spam", "repair"}, name


def test_explain_rows_against_the_command_line(pages, zhclean_bin):
    """Rows match `zhclean --explain` (and --explain-all) on every labeled page."""
    c = Cleaner()
    for flag, all_rows in (("--explain", False), ("--explain-all", True)):
        for name, page in pages.items():
            proc = run_bin(zhclean_bin, ["-q", flag], page)
            want = []
            for row in proc.stderr.decode().splitlines():
                path, line, label, kind, rule, text = row.split("\t", 5)
                assert path == "-"
                want.append((int(line), label, None if kind == "-" else kind, rule, unescape(text)))
            got = [(n, label, kind, rule, text) for n, label, kind, rule, text in c.explain(page, all=all_rows)]
            assert got == want, f"{name} {flag}"


def unescape(field: str) -> str:
    """The inverse of the `--explain` TSV escaping (`\\`, `\t`, `\n`, `\r`)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 1 < len(field):
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}.get(field[i + 1], "\\" + field[i + 1]))
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def test_explain_marks_repairs_and_skips_blank_lines():
    rows = Cleaner().explain(PAGE + "\n\n")
    assert (5, "repair", None, "pinyin-gloss", DAMAGED) in rows
    assert (6, "spam", None, "spam:stuffed-list", SPAM) in rows
    all_rows = Cleaner().explain("\n" + CONTENT_1 + "\n", all=True)
    assert all_rows == [(2, "keep", None, "content", CONTENT_1)]


@pytest.mark.parametrize(
    "kwargs,args",
    [({}, []), ({"keep": "meta,nav"}, ["--keep", "meta,nav"]), ({"repair": False}, ["--no-repair"]), ({"rules_only": True}, ["--rules-only"])],
)
def test_clean_matches_the_command_line(pages, zhclean_bin, kwargs, args):
    """Byte for byte what the binary writes for the same page and options."""
    c = Cleaner(**kwargs)
    for name, page in pages.items():
        assert c.clean(page).encode() == run_bin(zhclean_bin, ["-q", *args], page).stdout, name


def test_clean_many_is_clean_of_each_page(pages):
    texts = list(pages.values())
    one = Cleaner(threads=1)
    want = [one.clean(t) for t in texts]
    for c in (Cleaner(), Cleaner(threads=1), Cleaner(threads=3)):
        assert c.clean_many(texts) == want
        assert c.clean_many(t for t in texts) == want  # any iterable
    assert Cleaner().clean_many([]) == []


def test_clean_many_passes_none_and_rejects_other_items():
    c = Cleaner()
    assert c.clean_many([PAGE, None, ""]) == [c.clean(PAGE), None, ""]
    with pytest.raises(TypeError, match="item 1 is int"):
        c.clean_many([PAGE, 3])
    with pytest.raises(TypeError, match="not one str"):
        c.clean_many(PAGE)
    with pytest.raises(ValueError, match="threads"):
        Cleaner(threads=0)


def test_counts_of_a_page():
    text, counts = Cleaner().clean_with_counts(PAGE)
    assert list(counts) == list(COUNT_FIELDS)
    assert text == Cleaner().clean(PAGE)
    assert counts["pages"] == 1
    assert counts["lines"] == 6
    assert counts["lines_kept"] == len(text.splitlines())
    removed = sum(v for k, v in counts.items() if k.startswith("removed_"))
    assert removed == counts["lines"] - counts["lines_kept"]
    assert counts["removed_spam"] >= 1 and counts["lines_repaired"] == 1
    assert counts["bytes_in"] == len(PAGE.encode()) and counts["bytes_out"] == len(text.encode())


def test_counts_add_up_over_calls_and_reset(pages):
    c = Cleaner()
    assert set(c.counts.values()) == {0}
    texts = list(pages.values())
    per_page = [Cleaner().clean_with_counts(t)[1] for t in texts]
    c.clean_many(texts + [None])
    c.clean(texts[0])
    totals = c.take_counts()
    for field in COUNT_FIELDS:
        assert totals[field] == sum(p[field] for p in per_page) + per_page[0][field], field
    assert totals["pages"] == len(texts) + 1
    assert set(c.counts.values()) == {0}
    c.explain(PAGE)
    assert set(c.counts.values()) == {0}, "explain does not count"


def test_max_line_passes_long_lines_through():
    long_spam = SPAM * 40
    page = f"{CONTENT_1}\n{long_spam}\n"
    assert Cleaner(rules_only=True).clean(page) == f"{CONTENT_1}\n"
    assert Cleaner(rules_only=True, max_line=1000).clean(page) == page
    with pytest.raises(ValueError):
        Cleaner(max_line=0)


def test_pickles_as_its_arguments(tmp_path):
    lst = tmp_path / "mine.txt"
    lst.write_text(OWN_PHRASE + "\n", encoding="utf-8")
    tpl = write_template(tmp_path / "site.tpl")
    c = Cleaner(
        keep="nav", blocklists=[lst], template=tpl, site="alpha", repair=False, max_line=4096, threads=2, rules_only=True
    )
    c.clean(PAGE)
    d = pickle.loads(pickle.dumps(c))
    assert repr(d) == repr(c)
    assert d.clean(PAGE) == c.clean(PAGE)
    assert d.counts["pages"] == 1 and c.counts["pages"] == 2  # counts are not pickled
    assert OWN_PHRASE not in d.clean(PAGE) and SITE_LINE not in d.clean(PAGE)


def test_one_cleaner_shared_by_threads(pages):
    c = Cleaner(threads=1)
    texts = list(pages.values())
    want = [c.clean(t) for t in texts]
    results = {}

    def work(i):
        results[i] = [c.clean(t) for t in texts]

    workers = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert all(results[i] == want for i in range(4))
    assert c.counts["pages"] == 5 * len(texts)


def test_clean_many_releases_the_gil(pages):
    """While clean_many runs on another thread, this thread keeps running.

    With the GIL held, this thread would stall for the whole call; released,
    its longest pause is far shorter than the call.
    """
    c = Cleaner(threads=1)  # leave a core to this thread
    texts = list(pages.values())
    start = time.perf_counter()
    c.clean_many(texts)
    once = time.perf_counter() - start
    texts = texts * max(1, int(0.6 / max(once, 1e-6)))  # about 0.6 s of work
    done = threading.Event()
    span = {}

    def work():
        t0 = time.perf_counter()
        c.clean_many(texts)
        span["call"] = time.perf_counter() - t0
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    longest, last = 0.0, time.perf_counter()
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    worker.join()
    assert span["call"] > 0.2
    assert longest < span["call"] / 3, (longest, span["call"])
