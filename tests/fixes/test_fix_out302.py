"""OUT302 fixer: yaml.safe_load / safe_load_all, ruamel typ="safe" (unsafe fix)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_helpers import fix, still_reported

from outrider.rules import fix_kinds


def test_registered_as_unsafe() -> None:
    assert fix_kinds()["OUT302"] == "unsafe"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("import yaml\nx = yaml.full_load(f)\n", "import yaml\nx = yaml.safe_load(f)\n"),
        ("import yaml\nx = yaml.unsafe_load(f)\n", "import yaml\nx = yaml.safe_load(f)\n"),
        (
            "import yaml as y\nfor d in y.unsafe_load_all(f):\n    pass\n",
            "import yaml as y\nfor d in y.safe_load_all(f):\n    pass\n",
        ),
        ("import yaml\nx = yaml.full_load_all(f)\n", "import yaml\nx = yaml.safe_load_all(f)\n"),
        ("import yaml\nx = yaml.load_all(f)\n", "import yaml\nx = yaml.safe_load_all(f)\n"),
        (
            "import yaml\nx = yaml.load_all(f, Loader=yaml.FullLoader)\n",
            "import yaml\nx = yaml.safe_load_all(f)\n",
        ),
        (
            "import yaml\nfrom yaml import CLoader\nx = yaml.load_all(\n    f,\n    CLoader,\n)\n",
            "import yaml\nfrom yaml import CLoader\nx = yaml.safe_load_all(\n    f)\n",
        ),
        (
            "from ruamel.yaml import YAML\ny = YAML(typ='unsafe', pure=True)\n",
            "from ruamel.yaml import YAML\ny = YAML(typ='safe', pure=True)\n",
        ),
        (
            'import ruamel.yaml\ny = ruamel.yaml.YAML(typ="unsafe")\n',
            'import ruamel.yaml\ny = ruamel.yaml.YAML(typ="safe")\n',
        ),
    ],
)
def test_fix(project: Path, before: str, after: str) -> None:
    assert fix(project, "OUT302", before) == after
    assert not still_reported(project, "OUT302")


@pytest.mark.parametrize(
    "source",
    [
        # imported by name: left for a person (the safe name would need a new import)
        "from yaml import full_load\nx = full_load(f)\n",
        # not imported / shadowed / another library's function of the same name
        "def full_load(f):\n    return f\nx = full_load(f)\n",
        "import yaml\nclass yaml:\n    full_load = staticmethod(print)\nx = yaml.full_load(f)\n",
        "import mylib as yaml\nx = yaml.full_load(f)\n",
        # a loader passed elsewhere or instantiated: no mechanical equivalent
        "import frontmatter, yaml\nx = frontmatter.load(f, Loader=yaml.FullLoader)\n",
        "import yaml\nx = yaml.UnsafeLoader(f).get_single_data()\n",
        # ruamel's typ in a list
        "from ruamel.yaml import YAML\ny = YAML(typ=['unsafe'])\n",
        # suppressed inline: never rewritten
        "import yaml\nx = yaml.full_load(f)  # outrider: ignore[OUT302]\n",
        "import yaml\nx = yaml.full_load(f)  # nosec OUT302\n",
        # extra arguments that safe_load does not take
        "import yaml\nx = yaml.unsafe_load(f, extra)\n",
    ],
)
def test_no_change(project: Path, source: str) -> None:
    assert fix(project, "OUT302", source) == source


def test_safe_run_leaves_it(project: Path) -> None:
    source = "import yaml\nx = yaml.full_load(f)\n"
    assert fix(project, "OUT302", source, unsafe=False) == source
