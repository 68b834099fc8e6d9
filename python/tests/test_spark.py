"""The Spark examples in local mode: python/examples/spark_clean.py (the
Python package in mapInPandas) and spark_pipe.py (the binary through
RDD.pipe). Skipped without pyspark, pandas and pyarrow, or without Java."""

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("no Java for Spark", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

from zhclean import COUNT_FIELDS, Cleaner  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
import spark_clean  # noqa: E402
import spark_pipe  # noqa: E402

NULL_ID = 10_000
EMPTY_ID = 10_001


@pytest.fixture(scope="module")
def spark():
    # the Python workers must import the zhclean this interpreter has
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("zhclean-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def dataset(pages):
    """The labeled pages as rows (id, url, text), plus a null page and an empty one."""
    rows = [{"id": i, "url": f"https://example.org/{name}", "text": text} for i, (name, text) in enumerate(pages.items())]
    rows.append({"id": NULL_ID, "url": "https://example.org/null", "text": None})
    rows.append({"id": EMPTY_ID, "url": "https://example.org/empty", "text": ""})
    return rows


def expected(rows):
    """What cleaning each page on its own gives, and the totals."""
    c = Cleaner(threads=1)
    want = {r["id"]: (None if r["text"] is None else c.clean(r["text"])) for r in rows}
    totals = {f: 0 for f in COUNT_FIELDS}
    for r in rows:
        if r["text"] is not None:
            for f, v in Cleaner().clean_with_counts(r["text"])[1].items():
                totals[f] += v
    return want, totals


def test_mapinpandas_cleans_a_parquet_dataset_page_by_page(spark, dataset, tmp_path):
    src, dst = tmp_path / "pages.parquet", tmp_path / "clean.parquet"
    pd.DataFrame(dataset).to_parquet(src)
    totals = spark_clean.run(spark, str(src), str(dst), "parquet")

    out = pd.read_parquet(dst)
    assert sorted(out.columns) == ["id", "text", "url"]
    assert len(out) == len(dataset)
    want, want_totals = expected(dataset)
    urls = {r["id"]: r["url"] for r in dataset}
    for row in out.itertuples():
        text = row.text if isinstance(row.text, str) else None
        assert text == want[row.id], row.id
        assert row.url == urls[row.id]
    assert totals == want_totals
    assert totals["pages"] == len(dataset) - 1  # the null page is not one
    assert 0 < totals["lines_kept"] < totals["lines"]
    print("\nspark_clean totals:", json.dumps(totals))


def test_mapinpandas_on_json_lines_whatever_the_partitioning(spark, dataset, tmp_path):
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dataset), encoding="utf-8")
    df = spark.read.json(str(src))
    want, want_totals = expected(dataset)
    for parts in (1, 7):
        cleaned = spark_clean.clean_dataframe(df.repartition(parts)).cache()
        got = {r["id"]: r["text"] for r in cleaned.select("id", "text").collect()}
        assert got == want, parts
        assert spark_clean.totals(cleaned) == want_totals
        cleaned.unpersist()


def test_cleaner_options_reach_the_executors(spark, tmp_path):
    phrase = "紫色独角兽俱乐部入口"
    lst = tmp_path / "mine.txt"
    lst.write_text(phrase + "\n", encoding="utf-8")
    page = f"县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇压实责任。\n{phrase}\n"
    df = spark.createDataFrame([(1, page)], "id long, text string")
    plain = spark_clean.clean_dataframe(df, rules_only=True).first()
    mine = spark_clean.clean_dataframe(df, blocklists=[str(lst)], rules_only=True).first()
    assert plain is not None and mine is not None
    assert phrase in plain["text"] and phrase not in mine["text"]
    assert (plain["zhclean_removed_spam"], mine["zhclean_removed_spam"]) == (0, 1)


def test_the_binary_through_rdd_pipe(spark, dataset, zhclean_bin):
    # from rows, not pandas: pyspark 4.0 turns pandas 3's missing str (NaN) into "NaN"
    df = spark.createDataFrame([(r["id"], r["url"], r["text"]) for r in dataset], "id long, url string, text string")
    df = df.repartition(3)
    cleaned = spark_pipe.clean_with_binary(df, zhclean_bin)
    rows = cleaned.collect()
    want, _ = expected(dataset)
    assert {r["id"]: r["text"] for r in rows} == want
    assert {r["id"]: r["url"] for r in rows} == {r["id"]: r["url"] for r in dataset}


def test_without_the_wrapper_a_null_page_fails_the_task(spark, zhclean_bin):
    """Why pipe_command wraps zhclean: the null page is a bad record (exit 1)."""
    df = spark.createDataFrame([(1, None), (2, "正文第一段，讲的是社区治理的事情。\n")], "id long, text string")
    plain = f"{zhclean_bin} --jsonl -q -j 1"
    with pytest.raises(Exception, match="error code 1"):
        df.toJSON().pipe(plain, checkCode=True).collect()
    assert len(df.toJSON().pipe(spark_pipe.pipe_command(zhclean_bin), checkCode=True).collect()) == 2
