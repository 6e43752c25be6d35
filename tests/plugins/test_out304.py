"""OUT304 edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # any library's call: the keyword has one meaning everywhere
        ("from vllm import LLM\nLLM(model='m', trust_remote_code=True)\n", [2]),
        ("load(trust_remote_code=True)\n", [1]),
        ("load(trust_remote_code='yes')\n", [1]),
        ("load(trust_remote_code=None)\n", []),
        ("load(trust_remote_code=flag)\n", []),
        ("load(kw={'trust_remote_code': flag})\n", []),
        ("load(kw={**base, 'trust_remote_code': True})\n", [1]),
        ("load(kw=make(trust_remote_code=True))\n", [1]),
        ("load(**{'trust_remote_code': True})\n", []),
        # torch.hub: True only; "check" asks the user first
        ("import torch\ntorch.hub.help('a/b', 'm', trust_repo=True)\n", [2]),
        ("import torch\ntorch.hub.load('a/b', 'm', trust_repo=1)\n", []),
        ("import torch\ntorch.hub.load('a/b', 'm', trust_repo='check')\n", []),
        ("import torch\ntorch.hub.load('a/b', 'm')\n", []),
        (
            "import torch\ntorch.hub.load(\n    'a/b',\n    'm',\n    trust_repo=True,\n)\n",
            [5],
        ),
    ],
)
def test_trust_cases(tmp_path: Path, source: str, expected: list[int]) -> None:
    assert [line for line, _ in findings(tmp_path, "OUT304", source)] == expected
