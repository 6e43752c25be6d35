"""The fixers' API tables equal the plugins' own, and importing a fixer first is harmless."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from bandit_helpers import bandit_manager_results  # noqa: F401  (loads Bandit first)

from outrider.fixes import _names


def test_tables_equal_the_plugins() -> None:
    from outrider.plugins import out302_yaml_unsafe_load as yaml_rule
    from outrider.plugins import out502_http_client_verify_off as http_rule

    assert frozenset(yaml_rule.UNSAFE_LOADERS) == _names.UNSAFE_LOADERS
    assert frozenset(yaml_rule.UNSAFE_FUNCTIONS) == _names.UNSAFE_FUNCTIONS
    assert yaml_rule.LOAD_ALL == _names.LOAD_ALL
    assert http_rule.METHODS == _names.HTTP_METHODS


def test_importing_the_fixers_before_bandit_keeps_every_plugin() -> None:
    code = textwrap.dedent(
        """
        import outrider.fixes.b506_yaml_load
        import outrider.fixes.out302_yaml_unsafe_load
        import outrider.fixes.out502_http_client_verify_off
        import outrider.fixes.out503_process_wide_tls_off
        from bandit.core import extension_loader as e
        print(" ".join(sorted(i for i in e.MANAGER.plugins_by_id if i.startswith("OUT"))))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert {"OUT302", "OUT502", "OUT503"} <= set(out)
