import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The sample corpus built once for the whole test session."""
    import kg

    out = tmp_path_factory.mktemp("out")
    return kg.build(None, out, html=False)
