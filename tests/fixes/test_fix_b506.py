"""B506 fixer (Bandit's yaml_load): yaml.load with an object-building loader -> safe_load."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_helpers import fix, still_reported

from outrider.rules import fix_kinds


def test_registered_as_unsafe() -> None:
    assert fix_kinds()["B506"] == "unsafe"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("import yaml\nx = yaml.load(f)\n", "import yaml\nx = yaml.safe_load(f)\n"),
        (
            "import yaml\nx = yaml.load(f, Loader=yaml.FullLoader)\n",
            "import yaml\nx = yaml.safe_load(f)\n",
        ),
        (
            "import yaml\nx = yaml.load(f, yaml.Loader)\n",
            "import yaml\nx = yaml.safe_load(f)\n",
        ),
        (
            "import yaml as y\nfrom yaml import CUnsafeLoader\nx = y.load(stream=f, Loader=CUnsafeLoader)\n",
            "import yaml as y\nfrom yaml import CUnsafeLoader\nx = y.safe_load(stream=f)\n",
        ),
        (
            "import yaml\nx = yaml.load(open('c.yml').read(), Loader=yaml.CLoader)\n",
            "import yaml\nx = yaml.safe_load(open('c.yml').read())\n",
        ),
    ],
)
def test_fix(project: Path, before: str, after: str) -> None:
    assert fix(project, "B506", before) == after
    assert not still_reported(project, "B506")


@pytest.mark.parametrize(
    "source",
    [
        # a loader of the project's own may carry the constructors the program needs
        "import yaml\nx = yaml.load(f, Loader=MyLoader)\n",
        "import yaml\nx = yaml.load(f, Loader=loader_class)\n",
        # imported by name, shadowed, another library
        "import yaml\nfrom yaml import load\nx = load(f)\n",
        "import yaml\nclass yaml:\n    load = staticmethod(print)\nx = yaml.load(f)\n",
        "import yaml\nimport ruamel.yaml\nx = ruamel.yaml.load(f)\n",
        # suppressed
        "import yaml\nx = yaml.load(f)  # nosec B506\n",
        "import yaml\nx = yaml.load(f, *rest)\n",
    ],
)
def test_no_change(project: Path, source: str) -> None:
    assert fix(project, "B506", source) == source
