"""OUT303 edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import tf_keras\ntf_keras.models.load_model('m', safe_mode=False)\n", [2]),
        (
            "from keras.src.saving import serialization_lib as s\n"
            "s.enable_unsafe_deserialization()\n",
            [2],
        ),
        ("import keras\nkeras.layers.deserialize(cfg, safe_mode=False)\n", [2]),
        ("import keras\nkeras.models.load_model('m', safe_mode='no')\n", []),
        ("import keras\nkeras.models.load_model('m', **{'safe_mode': False})\n", []),
        ("import keras\nkeras.models.load_model(\n    'm',\n    safe_mode=False,\n)\n", [4]),
        # not keras: a project module whose name merely contains it
        ("import mykeras\nmykeras.load_model('m', safe_mode=False)\n", []),
        ("import keras\nmodel.load_model('m', safe_mode=False)\n", []),
    ],
)
def test_keras_cases(tmp_path: Path, source: str, expected: list[int]) -> None:
    assert [line for line, _ in findings(tmp_path, "OUT303", source)] == expected
