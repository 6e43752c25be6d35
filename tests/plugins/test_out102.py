"""OUT102: what counts as a MAC digest, and as a value named like a signature."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import bandit_manager_results, lines, messages

HEADER = "import base64, binascii, hashlib, hmac\n"


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("hmac.new(k, m, 'sha256').digest() == x", True),
        ("x != hmac.HMAC(k, m, 'sha256').hexdigest()", True),
        ("hmac.digest(k, m, 'sha256') == x", True),
        ("hmac.new(k, m, 'sha256').digest().hex() == x", True),
        ("binascii.hexlify(hmac.new(k, m, 'sha256').digest()) == x", True),
        ("base64.urlsafe_b64encode(hmac.digest(k, m, 'sha256')).decode('ascii') == x", True),
        ("h = hmac.new(k, m, 'sha256')\nh.update(more)\nh.hexdigest() == x", True),
        ("d = hmac.new(k, m, 'sha256').digest()\nd == x", True),
        ("d = hmac.new(k, m, 'sha256').digest()\nd = d.hex()\nd == x", False),
        ("d = hmac.new(k, m, 'sha256').digest() if k else None\nd == x", False),
        ("e = hmac.new(k, m, 'sha256').digest()\nd = e\nd == x", False),
        ("hmac.new(k, m, 'sha256').digest() == b'known'", False),
        ("hmac.new(k, m, 'sha256').digest() is x", False),
        ("hmac.new(k, m, 'sha256').digest() in xs", False),
        ("hmac.new(k, m, 'sha256').digest(x) == y", False),
        ("hmac.compare_digest(hmac.new(k, m, 'sha256').digest(), x)", False),
        # other digests: only against something named like a signature or a token
        ("hashlib.sha256(k + m).hexdigest() == signature", True),
        ("hashlib.sha256(k + m).hexdigest() == self.auth_token", True),
        ("hashlib.sha256(k + m).hexdigest() == headers['X-Signature-256']", True),
        ("hashlib.sha256(k + m).hexdigest() == headers.get('x-hub-signature')", True),
        ("hashlib.sha256(k + m).hexdigest() == expected_sig", True),
        ("hashlib.sha256(k + m).hexdigest() == signatures[0]", False),
        ("hashlib.sha256(k + m).hexdigest() == design", False),
        ("hashlib.sha256(k + m).hexdigest() == tokenizer", False),
        ("hashlib.sha256(data).hexdigest() == expected", False),
        ("hashlib.sha256(data).hexdigest() == headers.get(name)", False),
        ("signature == other_signature", False),
        ("hashlib.sha256(data).hexdigest() == expected_digest", False),
        ("assert hmac.new(k, m, 'sha256').digest() == x", False),
        ("assert f(hmac.new(k, m, 'sha256').digest() == x)", True),
    ],
)
def test_sides(tmp_path: Path, source: str, reported: bool) -> None:
    got = lines(tmp_path, HEADER + source + "\n", "OUT102")
    assert bool(got) == reported


def test_message_and_confidence(tmp_path: Path) -> None:
    source = """\
        import hashlib, hmac
        hmac.new(k, m, "sha256").digest() == x
        hashlib.sha1(m).digest() != token
    """
    got = messages(tmp_path, source, "OUT102")
    message = (
        "MAC digest compared with ==/!=: the comparison stops at the first differing "
        "character, so its timing lets an attacker guess a valid signature character by "
        "character. Use hmac.compare_digest()."
    )
    assert got == [(2, message), (3, message)]
    (tmp_path / "c.py").write_text(
        "import hashlib, hmac\n"
        "hmac.new(k, m, 'sha256').digest() == x\n"
        "hashlib.sha1(m).digest() != token\n"
    )
    confidence = {
        i.lineno: i.confidence  # type: ignore[attr-defined]
        for i in bandit_manager_results(tmp_path / "c.py", {"OUT102"})
    }
    assert confidence == {2: "HIGH", 3: "MEDIUM"}
