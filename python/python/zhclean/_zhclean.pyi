"""Type stubs of the native module ``zhclean._zhclean`` (re-exported by ``zhclean``)."""

from collections.abc import Iterable
from typing import Final, final, overload

from ._types import Counts, ExplainRow, Kind, StrPath

__all__ = ["COUNT_FIELDS", "Cleaner", "EXPLAIN_FIELDS", "KINDS", "__version__"]

__version__: Final[str]

KINDS: Final[tuple[Kind, ...]]
"""Every chrome kind, in ``--explain``'s order."""

COUNT_FIELDS: Final[tuple[str, ...]]
"""The keys of a counts dict, in order."""

EXPLAIN_FIELDS: Final[tuple[str, str, str, str, str]]
"""The fields of an explain row: ``("line", "label", "kind", "rule", "text")``."""

@final
class Cleaner:
    """Cleans scraped Chinese web pages: removes injected SEO spam and site
    chrome line by line and repairs converter damage in kept lines.

    Build one and reuse it (building reads and compiles the lists). A cleaner
    is thread-safe, every method releases the GIL while it cleans, and it
    pickles as its arguments.
    """

    def __new__(
        cls,
        keep: str | Iterable[Kind | str] | None = None,
        blocklists: Iterable[StrPath] | None = None,
        template: StrPath | None = None,
        site: str | None = None,
        repair: bool = True,
        default_blocklists: bool = True,
        max_line: int | None = None,
        threads: int | None = None,
        rules_only: bool = False,
    ) -> Cleaner:
        """
        :param keep: chrome kinds to keep instead of removing, as
            ``"meta,editor"`` or ``["meta", "editor"]`` (see :data:`KINDS`).
        :param blocklists: phrase lists to add (as ``zhclean -b FILE``).
        :param template: a site template written by ``zhclean learn``.
        :param site: the pages' site, for ``template`` (default: the lines
            the template holds for all sites).
        :param repair: repair converter damage (pinyin glosses, doubled
            commas) in kept lines.
        :param default_blocklists: start from the built-in lists.
        :param max_line: lines longer than this many bytes are kept
            unchanged (default 1 MiB).
        :param threads: threads for :meth:`clean_many`: ``None`` for all
            cores, ``1`` to clean on the calling thread only (as in a Spark
            task, which is one of many already).
        :param rules_only: decide with the rules alone, as ``--rules-only``
            (not the learned decision step).
        :raises ValueError: an unknown kind, a bad template, ``threads=0``.
        :raises OSError: a list or template that cannot be read.
        """

    def clean(self, text: str) -> str:
        """Cleans one page and returns the text kept (each kept line with its
        own line ending)."""

    def clean_with_counts(self, text: str) -> tuple[str, Counts]:
        """Cleans one page; returns the text kept and the page's counts."""

    @overload
    def clean_many(self, texts: Iterable[str]) -> list[str]: ...
    @overload
    def clean_many(self, texts: Iterable[str | None]) -> list[str | None]:
        """Cleans many pages in parallel, each on its own (as :meth:`clean`
        would), in order; ``None`` stays ``None``.

        :raises TypeError: an item that is neither ``str`` nor ``None``, or a
            single ``str`` given instead of an iterable of pages.
        """

    def explain(self, text: str, all: bool = False) -> list[ExplainRow]:
        """One row per removed or repaired line, as ``zhclean --explain``;
        with ``all``, a row for every kept line too (label ``keep``), as
        ``--explain-all``. Blank lines have no row. Not added to
        :attr:`counts`."""

    @property
    def counts(self) -> Counts:
        """Counts added up over every page given to :meth:`clean`,
        :meth:`clean_with_counts` and :meth:`clean_many` since the cleaner
        was built or :meth:`take_counts` was last called."""

    def take_counts(self) -> Counts:
        """Returns :attr:`counts` and sets them back to zero."""
