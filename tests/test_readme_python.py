"""README's Python section (issue 11, item 2), run as written on a fresh install of kg with the
notebook extra (a new virtualenv, ``pip install '<checkout>[notebook]'``, no checkout on the
path), in an empty folder; the rows it gets must hold typed values."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = (".venv", ".git", "output", "build", "bench", "tests", "__pycache__", "*.egg-info",
              ".pytest_cache", ".hypothesis", ".ruff_cache")

CHECKS = '''
# --- added by tests/test_readme_python.py: the values are typed ---
import datetime
import pyvis.network
from kg.query import Text
assert isinstance(result.counts()["adopted acts"], int)
assert isinstance(acts[0]["date"], datetime.date), acts[0]
assert acts.columns == ["act", "body", "kind", "number", "date", "title", "adopted_at"]
assert {(str(r["label"]), r["label"].lang) for r in labels} == {("Kenya", "en"), ("肯尼亚", "zh")}
assert all(isinstance(r["label"], Text) for r in labels)
assert str(frame.dtypes["mentions"]) == "int64"
assert str(build.frame("acts").dtypes["date"]).startswith("datetime64")
assert isinstance(net, pyvis.network.Network)
print("TYPED VALUES OK")
'''


def readme_python() -> tuple[str, list[str]]:
    """The code of README's Python section and the output it shows."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Python (notebooks)"):]
    section = section[:section.index("\n## ")]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shown = re.search(r"prints\n\n```text\n(.*?)```", section, re.S).group(1)
    return code, shown.splitlines()


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory):
    if os.environ.get("KG_SKIP_FRESH_INSTALL"):
        pytest.skip("KG_SKIP_FRESH_INSTALL is set")
    work = tmp_path_factory.mktemp("fresh")
    source = work / "kg-source"  # a copy: pip's build leaves nothing in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    r = subprocess.run([str(python), "-m", "pip", "install", "-q", f"{source}[notebook]"],
                       capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr[-3000:]
    shutil.rmtree(source)
    return python


def test_readme_python_section_runs_on_a_fresh_install_and_gets_typed_values(fresh_python,
                                                                              tmp_path):
    code, shown = readme_python()
    script = tmp_path / "readme_python.py"
    script.write_text(code + CHECKS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    r = subprocess.run([str(fresh_python), str(script)], cwd=tmp_path, capture_output=True,
                       text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    printed = r.stdout.splitlines()
    assert printed[-1] == "TYPED VALUES OK"
    assert "site-packages" in subprocess.run(
        [str(fresh_python), "-c", "import kg; print(kg.__file__)"], cwd=tmp_path,
        capture_output=True, text=True, env=env).stdout  # the installed kg, not the checkout
    # what README shows is what it prints, line for line (counts, typed rows, the frame), but
    # the dtypes line, whose spelling is the installed pandas version's
    assert len(printed) - 1 == len(shown)
    dtypes = next(i for i, line in enumerate(shown) if line.startswith("int64 "))
    assert [ln for i, ln in enumerate(printed[:-1]) if i != dtypes] == \
        [ln for i, ln in enumerate(shown) if i != dtypes]
