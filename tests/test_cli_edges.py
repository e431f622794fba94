"""The command line at its edges: bad option values, nothing built, a reader that goes away,
more warnings than the summary prints."""
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "kg" / "samples"


@pytest.mark.parametrize("args,said", [
    (["--jobs", "-1"], "must be 0 or more"),
    (["--jobs", "two"], "not a whole number"),
    (["--file-timeout", "0"], "must be more than 0 seconds"),
    (["--file-timeout", "-5"], "must be more than 0 seconds"),
    (["--file-timeout", "nan"], "must be more than 0 seconds"),
])
def test_meaningless_option_values_are_refused(tmp_path, capsys, args, said):
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(SEEDS), "-o", str(tmp_path / "out"), *args])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_build_of_nothing_readable_says_so_and_leaves_no_new_folder(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    err = capsys.readouterr()
    assert "nothing built" in err.err and "built " not in err.out
    assert not out.exists()


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    command = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())",
               "build", str(SEEDS), "-o", str(tmp_path / "out"), "--jobs", "0"]
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # the reader goes away before the build prints (`kg build | true`): reading the first line
    # first raced the build writing the rest into the pipe's buffer before the close
    build.stdout.close()
    err = build.stderr.read().decode("utf-8")
    assert build.wait(timeout=300) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_every_warning_is_in_warnings_txt(tmp_path, capsys):
    # 30 articles with no instrument named in one file make one warning; 25 files make 25
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(25):
        (folder / f"r{k:02d}.txt").write_text(f"安全理事会第{7000 + k}次会议\n" + "第一条规定。" * 30,
                                            encoding="utf-8")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--jobs", "0"]) == 0
    printed = capsys.readouterr().out
    listed = (tmp_path / "out" / "warnings.txt").read_text(encoding="utf-8").splitlines()
    assert len(listed) > 20
    assert f"… {len(listed) - 20} more (all of them: {tmp_path / 'out' / 'warnings.txt'})" in printed
    unnamed = [w for w in listed if "with no instrument named" in w]
    assert len(unnamed) == 25 and all("30 article(s)" in w and "and 25 more" in w for w in unnamed)
