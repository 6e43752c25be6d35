"""Why an export is refused."""

from __future__ import annotations

from outrider.model import ConfigError


class UpstreamError(ConfigError):
    """The export cannot be made as asked (exit status 2); the message says why."""
