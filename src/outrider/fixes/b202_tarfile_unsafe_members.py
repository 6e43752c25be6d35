"""B202 (Bandit's ``tarfile_unsafe_members``): add ``filter="data"`` to
``TarFile.extractall()`` called without ``members``.

Unsafe, and only when every target version is Python 3.12 or later: see
:mod:`outrider.fixes.tar_data_filter`. Bandit reports any ``extractall`` in a module that
imports ``tarfile``, so the fixer also proves that the object is a ``TarFile``
(``ZipFile.extractall`` has no ``filter``). Calls that pass ``members`` are left alone:
the members were chosen by some code a person should look at.
"""

from __future__ import annotations

import libcst as cst

from outrider.fixes.tar_data_filter import AddDataFilter


class AddDataFilterToExtractall(AddDataFilter):
    CODE = "B202"
    DESCRIPTION = 'Pass filter="data" to TarFile.extractall without members'
    METHODS = frozenset({"extractall"})

    def is_target(self, call: cst.Call) -> bool:
        positional = [a for a in call.args if a.keyword is None]
        if len(positional) > 1 or any(a.star for a in positional):
            return False
        if any(a.keyword is not None and a.keyword.value == "members" for a in call.args):
            return False
        return super().is_target(call)
