"""zhclean cleans scraped Chinese web pages.

It removes injected SEO spam and site chrome (breadcrumbs, meta lines, share
prompts, menus, footers) line by line and repairs converter damage in the
lines it keeps. The work is done in Rust (the ``zhclean`` crate); cleaning
releases the GIL, and :meth:`Cleaner.clean_many` cleans pages in parallel.

>>> from zhclean import Cleaner
>>> cleaner = Cleaner()
>>> cleaner.clean("京ICP备14010675号-1\\n县里召开森林防火工作会议，部署今冬明春防火工作。\\n")
'县里召开森林防火工作会议，部署今冬明春防火工作。\\n'
"""

from ._types import Counts, ExplainRow, Kind, StrPath
from ._zhclean import COUNT_FIELDS, EXPLAIN_FIELDS, KINDS, Cleaner, __version__

__all__ = ["Cleaner", "COUNT_FIELDS", "Counts", "EXPLAIN_FIELDS", "ExplainRow", "KINDS", "Kind", "StrPath", "__version__"]
