"""API names the fixers match, kept apart from the plugin modules on purpose.

A plugin module imports Bandit, and Bandit's extension loader imports every plugin module
when it is first imported: a fixer that imported a plugin module before Bandit was loaded
would leave that plugin half-initialised, and Bandit would drop it. The tables here equal
the plugins' own (tests/fixes/test_fix_names.py checks that they stay equal).
"""

from __future__ import annotations

_PYYAML = ("yaml", "yaml.loader", "yaml.cyaml", "yaml.__init__")
_RUAMEL = ("ruamel.yaml", "ruamel.yaml.loader", "ruamel.yaml.cyaml", "ruamel.yaml.main")


def _names(modules: tuple[str, ...], names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f"{m}.{n}" for m in modules for n in names)


#: OUT302: loaders that build arbitrary objects (PyYAML's and ruamel.yaml's).
UNSAFE_LOADERS = _names(
    _PYYAML + _RUAMEL, ("Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader")
) | _names(_PYYAML, ("FullLoader", "CFullLoader"))
PYYAML_UNSAFE_LOADERS = frozenset(n for n in UNSAFE_LOADERS if not n.startswith("ruamel."))
#: OUT302: PyYAML functions that load with such a loader by design.
UNSAFE_FUNCTIONS = _names(_PYYAML, ("unsafe_load", "unsafe_load_all", "full_load", "full_load_all"))
#: OUT302: ``load_all`` spellings of both libraries, and PyYAML's alone.
LOAD_ALL = _names(_PYYAML + _RUAMEL, ("load_all",))
PYYAML_LOAD_ALL = _names(_PYYAML, ("load_all",))
RUAMEL_YAML = frozenset({"ruamel.yaml.YAML", "ruamel.yaml.main.YAML"})

#: OUT502: methods of requests sessions, httpx clients and requests' adapters taking verify.
HTTP_METHODS = frozenset(
    {"get", "options", "head", "post", "put", "patch", "delete"}
    | {"request", "send", "stream", "merge_environment_settings", "cert_verify"}
)
