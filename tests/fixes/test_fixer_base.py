"""The fixer base: names rebound to something else with the same name never match."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_run import fix


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\nnp = Loader()\nnp.load('a', allow_pickle=True)\n",
        "import numpy\ndef f(numpy):\n    numpy.load('a', allow_pickle=True)\n",
    ],
)
def test_a_local_binding_with_the_imports_name_does_not_match(project: Path, source: str) -> None:
    fixed, _ = fix(project, source, "OUT301")
    assert fixed == source


def test_the_import_itself_still_matches(project: Path) -> None:
    fixed, _ = fix(project, "import numpy as np\nnp.load('a', allow_pickle=True)\n", "OUT301")
    assert fixed == "import numpy as np\nnp.load('a')\n"
