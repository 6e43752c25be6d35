"""OUT510: clients made and logged in within one function, with or without TLS."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages


@pytest.mark.parametrize(
    ("body", "reported"),
    [
        ("s = smtplib.SMTP(h)\ns.login(u, p)", [4]),
        ("s = smtplib.SMTP()\ns.connect(h)\ns.login(u, p)", [5]),
        ("s = smtplib.SMTP(h)\ns.login(u, p)\ns.starttls()", []),
        ("s = smtplib.SMTP(h)\nhelper(conn=s)\ns.login(u, p)", []),
        ("s = smtplib.SMTP(h)\ns.login(u, p)\nlog(s)", [4]),
        ("s = smtplib.SMTP('::1')\ns.login(u, p)", []),
        ("s = smtplib.SMTP(h) if tls else smtplib.SMTP_SSL(h)\ns.login(u, p)", []),
        ("s = smtplib.SMTP(h)\ns = smtplib.SMTP_SSL(h)\ns.login(u, p)", []),
        ("s = smtplib.SMTP(h)\ns.login_cram_md5(u, p)", []),
        ("i = imaplib.IMAP4(host=h)\ni.login(u, p)", [4]),
        ("i = imaplib.IMAP4(h)\ni.login_cram_md5(u, p)", []),
        ("q = poplib.POP3(h)\nq.apop(u, p)", []),
        ("f = ftplib.FTP_TLS(h)\nf.storlines('STOR x', fp)", [4]),
        ("f = ftplib.FTP_TLS(h)\nf.login()\nf.prot_c()\nf.nlst()", [6]),
        ("f = ftplib.FTP(h)\nf.login(u, p)", []),
    ],
)
def test_in_one_function(tmp_path: Path, body: str, reported: list[int]) -> None:
    indented = "\n".join("    " + line for line in body.splitlines())
    source = f"import ftplib, imaplib, poplib, smtplib\ndef f():\n{indented}\n"
    assert lines(tmp_path, source, "OUT510") == reported


def test_attributes_are_followed_within_one_method(tmp_path: Path) -> None:
    source = """\
        import smtplib


        class Mailer:
            def open(self):
                self.smtp = smtplib.SMTP(self.host)

            def login(self, p):
                self.smtp.login(self.user, p)

            def both(self, p):
                self.other = smtplib.SMTP(self.host)
                self.other.starttls()
                self.other.login(self.user, p)
    """
    assert lines(tmp_path, source, "OUT510") == []


def test_messages(tmp_path: Path) -> None:
    source = """\
        import ftplib, poplib
        def f():
            q = poplib.POP3(h)
            q.pass_(p)
            t = ftplib.FTP_TLS(h)
            t.retrlines("LIST")
    """
    assert messages(tmp_path, source, "OUT510") == [
        (
            4,
            "POP3.pass_() on a connection without stls(): the password cross the network "
            "in clear text. Call stls() first, or use the _SSL class.",
        ),
        (
            6,
            "FTP_TLS.retrlines() on a connection without prot_p(): the transferred data "
            "cross the network in clear text. Call prot_p() first.",
        ),
    ]
