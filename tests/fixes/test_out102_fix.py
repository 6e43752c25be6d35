"""OUT102 fixer: == and != on MAC digests become hmac.compare_digest."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fix_run import check_codes, fix

FIXED = [
    (
        "import hmac\nok = hmac.new(k, m, 'sha256').digest() == sig\n",
        "import hmac\nok = hmac.compare_digest(hmac.new(k, m, 'sha256').digest(), sig)\n",
    ),
    (
        "import hmac\nif sig != hmac.digest(k, m, 'sha256'):\n    raise Denied\n",
        "import hmac\nif not hmac.compare_digest(sig, hmac.digest(k, m, 'sha256')):\n    raise Denied\n",
    ),
    # hmac imported under another name, or only its functions: the module is imported
    (
        "from hmac import new\nok = new(k, m, 'sha256').hexdigest() == sig\n",
        "from hmac import new\nimport hmac\n\nok = hmac.compare_digest(new(k, m, 'sha256').hexdigest(), sig)\n",
    ),
    (
        "import hashlib\nok = hashlib.sha256(k + m).hexdigest() == token\n",
        "import hashlib\nimport hmac\n\nok = hmac.compare_digest(hashlib.sha256(k + m).hexdigest(), token)\n",
    ),
    # parenthesised, over several lines, with a comment
    (
        """\
        import hmac
        ok = (
            hmac.new(k, m, "sha256").hexdigest()  # the expected one
            == sig
        )
        """,
        """\
        import hmac
        ok = (
            hmac.compare_digest(hmac.new(k, m, "sha256").hexdigest(),  # the expected one
            sig)
        )
        """,
    ),
    # only the digest comparison of a line with several
    (
        "import hmac\nok = a == b and hmac.new(k, m, 'sha256').digest() != sig\n",
        "import hmac\nok = a == b and not hmac.compare_digest(hmac.new(k, m, 'sha256').digest(), sig)\n",
    ),
    (
        "import hmac\ndef f(sig):\n    d = hmac.new(k, m, 'sha256').digest()\n    return d == sig\n",
        "import hmac\ndef f(sig):\n    d = hmac.new(k, m, 'sha256').digest()\n    return hmac.compare_digest(d, sig)\n",
    ),
]


@pytest.mark.parametrize(("before", "after"), FIXED)
def test_fix(project: Path, before: str, after: str) -> None:
    fixed, _ = fix(project, before, "OUT102")
    assert fixed == textwrap.dedent(after)
    compile(fixed, "m.py", "exec")
    assert check_codes(project, "OUT102") == []
    again, _ = fix(project, fixed, "OUT102")
    assert again == fixed


@pytest.mark.parametrize(
    "source",
    [
        # not imported: some other digest compared with an ordinary name
        "ok = thing.digest() == other\n",
        # hmac names something else where the comparison is
        "import hmac\ndef f(hmac):\n    return hmac.new(k).digest() == sig\n",
        "import hmac\nhmac = hmac.new(k)\nok = hmac.digest() == sig\n",
        # a look-alike library
        "from mylib import hmac\nok = hmac.new(k).digest() == other\n",
        # suppressed
        "import hmac\nok = hmac.new(k, m, 'sha256').digest() == sig  # outrider: ignore[OUT102]\n",
        # line breaks on both sides of the operator
        "import hmac\nok = (\n    hmac.new(k, m, 'sha256').digest()\n    ==\n    sig\n)\n",
    ],
    ids=["not-imported", "parameter", "rebound", "other-library", "suppressed", "two-breaks"],
)
def test_no_change(project: Path, source: str) -> None:
    fixed, _ = fix(project, source, "OUT102")
    assert fixed == source


def test_a_note_says_why(project: Path) -> None:
    source = "import hmac\ndef f(hmac):\n    return hmac.new(k).digest() == sig\n"
    _, run = fix(project, source, "OUT102")
    assert "m.py: OUT102: not fixed: the name hmac is bound to something else here" in (
        run.err.splitlines()
    )
