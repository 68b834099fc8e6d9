"""The types of the values ``zhclean.Cleaner`` takes and returns (for type
checkers and readers; at run time they are plain dicts, tuples and strs)."""

import os
from typing import Dict, Literal, Optional, Tuple, Union

Kind = Literal["breadcrumb", "meta", "share", "editor", "nav", "footer", "template"]
"""A chrome kind, as ``--keep`` and ``--explain`` name it."""

StrPath = Union[str, "os.PathLike[str]"]
"""A file name: a ``str`` or a path object."""


Counts = Dict[str, int]
"""Counts over the pages cleaned (one page's, or totals), keyed by
``zhclean.COUNT_FIELDS``: ``pages``, ``lines``, ``lines_kept``,
``lines_repaired``, ``removed_spam``, ``removed_KIND`` for each chrome kind,
``bytes_in`` (UTF-8 bytes of the pages given) and ``bytes_out`` (of the text
kept)."""


ExplainRow = Tuple[int, Literal["spam", "chrome", "repair", "keep"], Optional[Kind], str, str]
"""``(line, label, kind, rule, text)``: the line's number from 1, what was done
with it, its chrome kind (``None`` for spam, repairs and content), the rule
that decided (``breadcrumb:arrows``, ``list:spam:PHRASE``, ``pinyin-gloss``,
...), and the input line without its ending."""
