"""outrider's Bandit plugins, one rule per module (see docs/development.md).

Bandit imports every plugin module while its own package is still being imported. Importing
one of these modules first would start Bandit's import from inside the module, and Bandit
would then find the module half-initialised and drop the plugin without a word. Importing
Bandit here, before any plugin module runs, makes the order right whichever comes first.
"""

import bandit.core.extension_loader  # noqa: F401
