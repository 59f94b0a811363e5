"""Never destroy a user's file: devices, pipes and links are written to, failed runs
leave old files whole and no temporary file behind, modes are the usual ones."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import MODEL, SEEDS, run_script

SEED = str(SEEDS / "003_635ee0eaa2035469.txt")


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def umask():
    """Set the process umask for one test, and put it back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def test_a_character_device_is_written_to_not_replaced(tmp_path):
    # The reproduction: `mknod n c 1 3` (a private /dev/null), then -o n --force.
    node = tmp_path / "n"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root on Linux)")
    proc = run_script("classify", "-f", "jsonl", "-o", str(node), "--force", SEED)
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_ISCHR(node.lstat().st_mode), "the device was replaced by a regular file"
    assert _listing(tmp_path) == ["n"]


def test_a_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run_script("classify", "-f", "jsonl", "-o", str(fifo), "--force", SEED)
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].count(b"\n") > 10
    assert _listing(tmp_path) == ["pipe"]


def test_a_symlink_is_followed(tmp_path, cli):
    target = tmp_path / "real.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target.name)
    result = cli("classify", "-f", "jsonl", "-o", str(link), "--force", SEED)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text(encoding="utf-8").count("\n") > 10
    assert _listing(tmp_path) == ["link.jsonl", "real.jsonl"]


@pytest.mark.parametrize("command", [["classify", "-f", "jsonl"], ["segment"], ["classify", "-f", "json"]])
def test_a_run_where_every_input_fails_leaves_the_output_untouched(tmp_path, cli, command):
    out = tmp_path / "r.jsonl"
    out.write_text("my results\n", encoding="utf-8")
    result = cli(*command, "-o", str(out), "--force", str(tmp_path / "typo.txt"))
    assert result.exit_code == 1 and "typo.txt: no such file" in result.stderr
    assert out.read_text(encoding="utf-8") == "my results\n"
    assert _listing(tmp_path) == ["r.jsonl"]


def test_a_run_where_some_inputs_fail_writes_the_others(tmp_path, cli):
    out = tmp_path / "r.jsonl"
    out.write_text("my results\n", encoding="utf-8")
    result = cli("classify", "-f", "jsonl", "-o", str(out), "--force", str(tmp_path / "typo.txt"), SEED)
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").count("\n") > 10


def test_an_error_half_way_leaves_the_old_file_and_no_temporary_file(tmp_path, cli, monkeypatch):
    import unionnlp.themes.classify as classify_module

    out = tmp_path / "r.jsonl"
    out.write_text("my results\n", encoding="utf-8")
    monkeypatch.setattr(classify_module, "_records", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    # (JSONL of sentences is written straight from the rows, not from the records)
    monkeypatch.setattr(classify_module, "_jsonl_lines", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError, match="boom"):
        cli("classify", "-f", "jsonl", "-o", str(out), "--force", SEED)
    assert out.read_text(encoding="utf-8") == "my results\n"
    assert _listing(tmp_path) == ["r.jsonl"]


@pytest.mark.parametrize("errno_, where", [(errno.EROFS, "create"), (errno.ENOSPC, "sync")])
def test_a_read_only_or_full_file_system_gives_one_line(tmp_path, cli, monkeypatch, errno_, where):
    import tempfile

    out = tmp_path / "r.jsonl"
    out.write_text("my results\n", encoding="utf-8")
    failure = OSError(errno_, os.strerror(errno_))
    if where == "create":
        monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(failure))
    else:
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(failure))
    result = cli("classify", "-f", "jsonl", "-o", str(out), "--force", SEED)
    assert result.exit_code == 1
    assert result.stderr == f"unionnlp: error: {out}: cannot write ({os.strerror(errno_)})\n"
    assert out.read_text(encoding="utf-8") == "my results\n"
    assert _listing(tmp_path) == ["r.jsonl"]


def test_train_out_is_atomic_and_checked_before_training(tmp_path, cli, monkeypatch):
    import tempfile

    import unionnlp.themes.train as train_module

    model = tmp_path / "m.npz"
    model.write_bytes(MODEL.read_bytes())
    # A path that cannot be written fails before any training is done.
    monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only file system")))
    monkeypatch.setattr(train_module, "train_model", lambda *a, **k: pytest.fail("trained before checking --out"))
    result = cli("train", "--out", str(model), "--no-eval")
    assert result.exit_code == 1 and result.stderr == f"unionnlp: error: {model}: cannot write (Read-only file system)\n"
    monkeypatch.undo()
    # A full disk while writing: the old model stays whole, no temporary file.
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    result = cli("train", "--labels", str(_small_labels(tmp_path)), "--out", str(model), "--no-eval")
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert model.read_bytes() == MODEL.read_bytes()
    assert _listing(tmp_path) == ["labels", "m.npz"]


def test_save_model_is_atomic(tmp_path, monkeypatch):
    from unionnlp.errors import OutputError
    from unionnlp.themes.model import load_model, save_model

    path = tmp_path / "m.npz"
    path.write_bytes(b"the good model")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(OutputError):
        save_model(load_model(MODEL), path)
    assert path.read_bytes() == b"the good model"
    assert _listing(tmp_path) == ["m.npz"]


def _small_labels(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "labels"
    folder.mkdir()
    shutil.copy(Path(MODEL).parent.parent / "labels" / "seeds.jsonl", folder / "seeds.jsonl")
    return folder


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_output_files_respect_the_umask(tmp_path, cli, umask, mask, mode):
    umask(mask)
    out = tmp_path / "r.jsonl"
    assert cli("classify", "-f", "jsonl", "-o", str(out), SEED).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_an_overwritten_file_keeps_its_mode(tmp_path, cli, umask):
    umask(0o077)
    out = tmp_path / "r.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert cli("classify", "-f", "jsonl", "-o", str(out), "--force", SEED).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text(encoding="utf-8") != "old\n"


def _big_report(tmp_path: Path) -> Path:
    text = (SEEDS / "003_635ee0eaa2035469.txt").read_text(encoding="utf-8")
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    big.write_text((text + "\n\n") * 300, encoding="utf-8")  # a few MB: seconds of work
    return big


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 130)])
def test_an_interrupted_run_leaves_no_temporary_file(tmp_path, sig, code):
    big = _big_report(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.jsonl"
    out.write_text("my results\n", encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "unionnlp", "classify", "-f", "jsonl", "-o", str(out), "--force",
                             str(big)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        # The temporary file appears once the output is open: the run is under way.
        deadline = time.monotonic() + 120
        while len(_listing(folder)) < 2:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the run never opened its output"
            time.sleep(0.05)
        proc.send_signal(sig)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, proc.stderr.read().decode()
    assert _listing(folder) == ["r.jsonl"]
    assert out.read_text(encoding="utf-8") == "my results\n"
