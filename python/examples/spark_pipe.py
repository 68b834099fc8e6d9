"""Clean a dataset with the ``zhclean`` binary inside Apache Spark, through
``RDD.pipe``, for executors that have the binary but not the Python package.

Done right, this route gives each task one ``zhclean --jsonl`` process that
reads the task's rows as JSON Lines records, one page per record, so page
boundaries are kept (piping raw text instead would merge pages and cut them
at partition ends):

- ``-j 1``: Spark already runs one task per core; without it each task's
  zhclean would start a thread on every core.
- ``-q``: no warnings on the executors' stderr (errors are still written).
- Exit status: zhclean exits 1 when a record was bad (not a JSON object, or
  its field missing or not a string), which it passes through unchanged and
  names on stderr. ``DataFrame.toJSON`` leaves null fields out, so a row
  whose page is null is such a record. :func:`pipe_command` wraps zhclean in
  ``sh -c`` so that status 1 does not fail the task while every other
  failure (usage error 2, killed 130, a crash) still does with
  ``checkCode=True``. The caveat: status 1 also means that stdin could not
  be read or stdout written, which in a pipe means the Spark side of it has
  failed already.

Counts are not collected on this route (``--stats`` goes to each executor's
stderr); use the Python package (``spark_clean.py``) for them.

    spark-submit python/examples/spark_pipe.py pages.parquet clean.parquet --zhclean /usr/local/bin/zhclean
"""

from __future__ import annotations

import argparse
import shlex

from pyspark.sql import DataFrame, SparkSession


def pipe_command(zhclean: str = "zhclean", field: str = "text") -> str:
    """The command for ``RDD.pipe``: zhclean over JSON Lines on one thread,
    with exit status 1 (bad records, passed through) not failing the task."""
    inner = shlex.join([zhclean, "--jsonl", "--field", field, "-q", "-j", "1"])
    return shlex.join(["sh", "-c", f"{inner}; s=$?; [ $s -le 1 ] || exit $s"])


def clean_with_binary(df: DataFrame, zhclean: str = "zhclean", text_column: str = "text") -> DataFrame:
    """``df`` with ``text_column`` cleaned page by page by the binary.

    The binary must be on every executor. Records come back in order, with
    every field but the cleaned one unchanged."""
    records = df.toJSON()  # one JSON object per row, on one line
    cleaned = records.pipe(pipe_command(zhclean, text_column), checkCode=True)
    return df.sparkSession.read.schema(df.schema).json(cleaned)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--format", default="parquet", choices=["parquet", "json"], help="json: JSON Lines")
    ap.add_argument("--text-column", default="text")
    ap.add_argument("--zhclean", default="zhclean", help="the binary's path on the executors")
    args = ap.parse_args()
    spark = SparkSession.builder.appName("zhclean-pipe").getOrCreate()
    df = spark.read.format(args.format).load(args.src)
    clean_with_binary(df, args.zhclean, args.text_column).write.mode("overwrite").format(args.format).save(args.dst)
    spark.stop()


if __name__ == "__main__":
    main()
