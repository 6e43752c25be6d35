"""OUT302 edge cases: confidence per loader, where the finding points, what stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings

H, M = "HIGH", "MEDIUM"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import yaml\nyaml.unsafe_load(s)\n", [(2, H)]),
        ("import yaml\nyaml.full_load(s)\n", [(2, M)]),
        ("import yaml\nyaml.load_all(s, yaml.CFullLoader)\n", [(2, M)]),
        ("import yaml\nyaml.load_all(s, Loader=yaml.CUnsafeLoader)\n", [(2, H)]),
        ("import yaml.loader\nyaml.load_all(s, Loader=yaml.loader.Loader)\n", [(2, H)]),
        ("import ruamel.yaml\nruamel.yaml.load_all(s)\n", [(2, H)]),
        ("import ruamel.yaml\nruamel.yaml.load_all(s, ruamel.yaml.RoundTripLoader)\n", []),
        ("from ruamel.yaml import YAML\nYAML(typ=('unsafe',))\n", [(2, H)]),
        ("from ruamel.yaml import YAML\nYAML(typ=kind)\n", []),
        # the Loader keyword points the finding at the argument's own line
        ("import yaml\nload(\n    s,\n    Loader=yaml.UnsafeLoader,\n)\n", [(4, H)]),
        ("import yaml\nyaml.load_all(*args)\n", []),
        ("import yaml\nyaml.load_all(s, *rest)\n", []),
        ("import yaml\nyaml.load_all()\n", [(2, H)]),
        ("import yaml\nclass L(yaml.FullLoader):\n    pass\n", []),
        ("import yaml\nyaml.add_multi_constructor('!', f, Loader=yaml.UnsafeLoader)\n", []),
        ("import yaml\nyaml.compose_all(s, Loader=yaml.Loader)\n", []),
        # a name that is not yaml's
        ("def full_load(s):\n    return s\nfull_load(s)\n", []),
        ("(lambda: 0)()\nx.y().z(Loader=1)\n", []),
    ],
)
def test_yaml_cases(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert findings(tmp_path, "OUT302", source) == expected


def test_messages_name_the_safe_function(tmp_path: Path) -> None:
    from bandit_helpers import bandit_manager_results

    (tmp_path / "m.py").write_text("import yaml\nyaml.full_load_all(s)\nyaml.unsafe_load(s)\n")
    texts = [i.text for i in bandit_manager_results(tmp_path / "m.py", {"OUT302"})]  # type: ignore[attr-defined]
    assert any("Use yaml.safe_load_all." in t for t in texts)
    assert any(t.endswith("Use yaml.safe_load.") for t in texts)
