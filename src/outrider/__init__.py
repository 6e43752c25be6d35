"""outrider: Bandit plugins and pre-commit hooks for Python code and supply-chain security."""

__version__ = "0.1.0"
