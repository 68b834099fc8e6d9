"""Clean a dataset of scraped pages with zhclean inside Apache Spark.

Each row holds one page in a string column; each page is cleaned on its own,
so page boundaries are kept whatever the partitioning. The cleaning runs in
the Python workers through ``mapInPandas`` and the ``zhclean`` Python package
(``pip install ./python``, on every executor), and the per-page counts are
added up on the driver.

    spark-submit python/examples/spark_clean.py pages.parquet clean.parquet
    spark-submit python/examples/spark_clean.py pages.jsonl clean/ --format json --text-column body

Needs pyspark, pandas and pyarrow (``pip install "./python[spark]"``) and
Java 17 or later. It prints the totals as one JSON object.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StructField, StructType

import zhclean

#: The per-page count columns that :func:`clean_dataframe` adds.
COUNT_COLUMNS = [f"zhclean_{f}" for f in zhclean.COUNT_FIELDS if f != "pages"]


def clean_dataframe(df: DataFrame, text_column: str = "text", **cleaner_args: Any) -> DataFrame:
    """``df`` with ``text_column`` cleaned page by page, and each page's counts
    in the :data:`COUNT_COLUMNS` (zero for a null page, which stays null).

    ``cleaner_args`` are :class:`zhclean.Cleaner`'s (``keep``, ``blocklists``,
    ``template``...); list and template files must exist on the executors.
    """
    schema = StructType(df.schema.fields + [StructField(c, LongType(), False) for c in COUNT_COLUMNS])

    def clean_batches(batches: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        # One cleaner per task, built where it runs. threads=1: Spark already
        # runs one task per core, more threads would only compete.
        cleaner = zhclean.Cleaner(threads=1, **cleaner_args)
        for pdf in batches:
            cleaned: list[str | None] = []
            counts: list[list[int]] = []
            for page in pdf[text_column]:
                # a missing page is None or NaN, depending on pandas' string dtype
                if isinstance(page, str):
                    text, c = cleaner.clean_with_counts(page)
                    cleaned.append(text)
                    counts.append([c[f.removeprefix("zhclean_")] for f in COUNT_COLUMNS])
                else:
                    cleaned.append(None)
                    counts.append([0] * len(COUNT_COLUMNS))
            pdf = pdf.assign(**{text_column: pd.Series(cleaned, index=pdf.index, dtype=object)})
            yield pd.concat([pdf, pd.DataFrame(counts, index=pdf.index, columns=COUNT_COLUMNS, dtype="int64")], axis=1)

    return df.mapInPandas(clean_batches, schema)


def totals(cleaned: DataFrame, text_column: str = "text") -> dict[str, int]:
    """The counts of a :func:`clean_dataframe` result added up, keyed as
    :data:`zhclean.COUNT_FIELDS`."""
    row = cleaned.agg(
        F.count(text_column).alias("pages"), *[F.sum(c).alias(c.removeprefix("zhclean_")) for c in COUNT_COLUMNS]
    ).first()
    assert row is not None  # an aggregate always has one row
    return {f: int(row[f] or 0) for f in zhclean.COUNT_FIELDS}


def run(
    spark: SparkSession, src: str, dst: str, fmt: str = "parquet", text_column: str = "text", **cleaner_args: Any
) -> dict[str, int]:
    """Reads ``src`` (``parquet``, or ``json`` for JSON Lines), writes the
    cleaned dataset to ``dst`` in the same format, and returns the totals."""
    df = spark.read.format(fmt).load(src)
    cleaned = clean_dataframe(df, text_column, **cleaner_args).cache()
    try:
        cleaned.drop(*COUNT_COLUMNS).write.mode("overwrite").format(fmt).save(dst)
        return totals(cleaned, text_column)  # from the cache: each page is cleaned once
    finally:
        cleaned.unpersist()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--format", default="parquet", choices=["parquet", "json"], help="json: JSON Lines")
    ap.add_argument("--text-column", default="text")
    ap.add_argument("--keep", help="chrome kinds to keep, as zhclean --keep")
    ap.add_argument("-b", "--blocklist", action="append", default=[], help="a phrase list (on every executor)")
    args = ap.parse_args()
    spark = SparkSession.builder.appName("zhclean").getOrCreate()
    result = run(spark, args.src, args.dst, args.format, args.text_column, keep=args.keep, blocklists=args.blocklist)
    print(json.dumps(result))
    spark.stop()


if __name__ == "__main__":
    main()
