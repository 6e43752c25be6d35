"""OUT305 edge cases: the loaders, and recv() on unauthenticated connections."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings

H, M = "HIGH", "MEDIUM"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import cPickle\ncPickle.loads(b)\n", [(2, H)]),
        ("from joblib import numpy_pickle\nnumpy_pickle.load(f)\n", [(2, H)]),
        ("from sklearn.externals import joblib\njoblib.load(f)\n", [(2, H)]),
        ("import pickle\npickle._Unpickler(f).load()\n", [(2, H)]),
        # Bandit's own B301 list: not repeated here
        ("import pickle\npickle.loads(b)\n", []),
        ("import dill\ndill.loads(b)\n", []),
        # recv: only connections that were opened without an authkey
        (
            "from multiprocessing.connection import Client\n"
            "def f(a):\n    c = Client(a, None, None)\n    return c.recv()\n",
            [(4, M)],
        ),
        (
            "from multiprocessing.connection import Client\n"
            "def f(a, k):\n    c = Client(a, None, k)\n    return c.recv()\n",
            [],
        ),
        (
            "from multiprocessing.connection import Client\n"
            "def f(a, opts):\n    c = Client(a, **opts)\n    return c.recv()\n",
            [],
        ),
        (
            "from multiprocessing.connection import Client\n"
            "def f(a, args):\n    c = Client(*args)\n    return c.recv()\n",
            [],
        ),
        # a name rebound to something else is not known to be a connection
        (
            "from multiprocessing.connection import Client\n"
            "def f(a, other):\n    c = Client(a)\n    c = other\n    return c.recv()\n",
            [],
        ),
        # the connection bound in another function is not this one
        (
            "from multiprocessing.connection import Client\n"
            "def f(a):\n    c = Client(a)\n"
            "def g(c):\n    return c.recv()\n",
            [],
        ),
        (
            "from multiprocessing.connection import Listener\n"
            "def f(a):\n    l = Listener(a, authkey=None)\n    return l.accept().recv()\n",
            [(4, M)],
        ),
        (
            "from multiprocessing.connection import Listener\n"
            "def f(a, l):\n    return l.accept().recv()\n",
            [],
        ),
        (
            "from multiprocessing.connection import Listener\n"
            "def f(a):\n    l = Listener(a)\n    c = l.accept()\n    return c.recv(1)\n",
            [],
        ),
        (
            "from multiprocessing.connection import Client\n"
            "class A:\n    def f(self, a):\n        self.c = Client(a)\n"
            "        return self.c.recv()\n",
            [],
        ),
        ("x = 1\nx.recv()\n", []),
    ],
)
def test_pickle_cases(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert findings(tmp_path, "OUT305", source) == expected
