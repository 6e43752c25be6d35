"""OUT103: add ``filter="data"`` to ``TarFile.extract`` and ``shutil.unpack_archive``.

Unsafe, and only when every target version is Python 3.12 or later: see
:mod:`outrider.fixes.tar_data_filter`. A call with ``filter="fully_trusted"`` is left for
a person to change: someone chose it.
"""

from __future__ import annotations

from outrider.fixes.tar_data_filter import AddDataFilter


class AddDataFilterToExtract(AddDataFilter):
    CODE = "OUT103"
    DESCRIPTION = 'Pass filter="data" to TarFile.extract and shutil.unpack_archive'
    METHODS = frozenset({"extract"})
    FUNCTIONS = frozenset({"shutil.unpack_archive"})
