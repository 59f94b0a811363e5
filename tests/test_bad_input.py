"""Every bad input gets one line on stderr, ``unionnlp: error: …``, and a non-zero exit.

The table below is the contract: each case sets up its files in a fresh
folder, runs the real command in a subprocess (from that folder, so paths in
messages are short), and expects its exit code and exactly one stderr line,
the one given (``...`` at the end: the line starts with what comes before it).
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from conftest import MODEL, SEEDS

SEED = str(SEEDS / "000_1981f897b6cac00d.txt")
GOOD = {"doc": "a.txt", "para": 1, "sent": 1, "text": "工会举办技能竞赛。", "label": "建功立业", "also": [], "group": "a:1"}


# --- set-ups: each makes what its case needs in the folder ``tmp`` ----------


def _jsonl(tmp: Path, name: str, lines: list) -> None:
    (tmp / name).write_text(
        "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines),
        encoding="utf-8",
    )


def _labels(tmp: Path, records: list[dict]) -> None:
    (tmp / "labels").mkdir()
    _jsonl(tmp / "labels", "mine.jsonl", records)


def _sentence(doc: str, para: int, sent: int, label: str, text: str) -> dict:
    return {"doc": doc, "para": para, "sent": sent, "text": text, "label": label, "also": [], "group": f"{doc}:{para}"}


def _one_class(tmp: Path) -> None:
    _labels(tmp, [_sentence(d, 1, i, "其他", f"本报记者{d}{i}报道。") for d in ("a.txt", "b.txt") for i in (1, 2, 3)])


def _one_document(tmp: Path) -> None:
    _labels(tmp, [_sentence("a.txt", 1, 1, "建功立业", "举办女职工技能竞赛。"),
                  _sentence("a.txt", 1, 2, "权益维护", "开展普法宣传活动。"),
                  _sentence("a.txt", 2, 1, "其他", "本报记者报道。")])


def _model(tmp: Path, meta=None, members: dict | None = None) -> None:
    """A copy of the shipped model with some members replaced."""
    with zipfile.ZipFile(MODEL) as src, zipfile.ZipFile(tmp / "m.npz", "w") as dst:
        for name in src.namelist():
            raw = src.read(name)
            if name == "meta.json" and meta is not None:
                raw = json.dumps(meta(json.loads(raw)), ensure_ascii=False).encode("utf-8")
            if members and name in members:
                raw = members[name]
            dst.writestr(name, raw)


def _npy(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, allow_pickle=False)
    return buf.getvalue()


def _coef() -> np.ndarray:
    with zipfile.ZipFile(MODEL) as zf:
        return np.lib.format.read_array(io.BytesIO(zf.read("coef.npy")))


def _with_nan(coef: np.ndarray) -> np.ndarray:
    coef[0, 0] = np.nan
    return coef


def _huge_header(tmp: Path) -> None:
    # A coef.npy whose header claims 6e9 float64 entries (48 GB) over a few bytes of data.
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (6, 1_000_000_000)})
    _model(tmp, members={"coef.npy": header.getvalue() + b"\0" * 64})


def _zip_bomb(tmp: Path) -> None:
    # A member whose central-directory entry says it expands to about 4 GB.
    _model(tmp)
    data = bytearray((tmp / "m.npz").read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central-directory entry
    while True:
        name_len = int.from_bytes(data[entry + 28 : entry + 30], "little")
        name = bytes(data[entry + 46 : entry + 46 + name_len])
        if name == b"coef.npy":
            data[entry + 24 : entry + 28] = (0xF000_0000).to_bytes(4, "little")
            break
        extra = int.from_bytes(data[entry + 30 : entry + 32], "little")
        comment = int.from_bytes(data[entry + 32 : entry + 34], "little")
        entry += 46 + name_len + extra + comment
    (tmp / "m.npz").write_bytes(bytes(data))


def _full_device(tmp: Path) -> None:
    # A private node of the full device (1, 7): the test never writes to /dev/full
    # itself, so a regression that replaced the node would only replace this one.
    try:
        os.mknod(tmp / "full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root on Linux)")


SETUPS = {
    "none": lambda tmp: None,
    "full-device": _full_device,
    "out-dir": lambda tmp: (tmp / "out").mkdir(),
    "a-file": lambda tmp: (tmp / "notes.txt").write_text("mine", encoding="utf-8"),
    "existing-output": lambda tmp: (tmp / "r.jsonl").write_text("mine", encoding="utf-8"),
    "huge-int": lambda tmp: _jsonl(tmp, "big.jsonl", ['{"doc": "a.txt", "para": 1' + "0" * 5000 + "}"]),
    "deep": lambda tmp: _jsonl(tmp, "deep.jsonl", ["[" * 100_000 + "]" * 100_000]),
    "dup-key": lambda tmp: _jsonl(tmp, "dup.jsonl", [json.dumps(GOOD, ensure_ascii=False)[:-1] + ', "label": "其他"}']),
    "negative-para": lambda tmp: _jsonl(tmp, "neg.jsonl", [GOOD | {"para": -1}]),
    "negative-sent": lambda tmp: _jsonl(tmp, "neg.jsonl", [GOOD | {"sent": 0}]),
    "zero-width": lambda tmp: (tmp / "zw.txt").write_text("\u200b\u200b\n\u200b\ufeff\u2060\n", encoding="utf-8"),
    "labels": lambda tmp: _labels(tmp, [_sentence("a.txt", 1, 1, "建功立业", "举办技能竞赛。"),
                                        _sentence("b.txt", 1, 1, "权益维护", "开展普法宣传。")]),
    "one-class": _one_class,
    "one-document": _one_document,
    "empty-labels": lambda tmp: (tmp / "labels").mkdir(),
    "meta-list": lambda tmp: _model(tmp, meta=lambda m: [m]),
    "vocab-lists": lambda tmp: _model(tmp, members={"vocabulary.json": json.dumps([["工"], ["会"]]).encode()}),
    "labels-not-strings": lambda tmp: _model(tmp, meta=lambda m: m | {"labels": [1, 2, 3, 4, 5, 6]}),
    "huge-header": _huge_header,
    "zip-bomb": _zip_bomb,
    "nan-coef": lambda tmp: _model(tmp, members={"coef.npy": _npy(_with_nan(_coef()))}),
    "int-coef": lambda tmp: _model(tmp, members={"coef.npy": _npy(_coef().astype(np.int64))}),
    "flat-coef": lambda tmp: _model(tmp, members={"coef.npy": _npy(_coef().ravel())}),
}

_RETRAIN = "; retrain it with `unionnlp train --out m.npz`"

# (id, arguments, set-up, exit code, the one stderr line)
CASES = [
    # reading inputs
    ("stdin-closed", ["classify", "-"], "none", 1, "<stdin>: standard input is closed"),
    ("name-too-long", ["segment", "a" * 300 + ".txt"], "none", 1, "a" * 300 + ".txt: file name too long"),
    ("zero-width-only", ["segment", "zw.txt"], "zero-width", 1, "zw.txt: file is empty or holds only whitespace"),
    ("encoding-not-text", ["segment", "-e", "rot13", SEED], "none", 2, "--encoding: 'rot13' is not a text encoding"),
    ("encoding-unknown", ["segment", "-e", "klingon", SEED], "none", 2, "--encoding: unknown encoding 'klingon'"),
    # outputs
    ("output-exists", ["classify", "-f", "jsonl", "-o", "r.jsonl", SEED], "existing-output", 2,
     "r.jsonl: already exists; pass --force to overwrite it"),
    ("output-is-dir", ["classify", "-f", "jsonl", "-o", "out", "--force", SEED], "out-dir", 2,
     "out: is a directory; give --output a file name"),
    ("output-under-file", ["segment", "-o", "notes.txt/r.txt", SEED], "a-file", 2,
     "notes.txt/r.txt: cannot be created: notes.txt is a file, not a folder"),
    ("output-full-disk", ["classify", "-f", "jsonl", "-o", "full", "--force", SEED], "full-device", 1,
     f"full: cannot write ({os.strerror(errno.ENOSPC)})"),
    ("stdout-full-disk", ["classify", "-f", "jsonl", SEED], "none", 1,
     f"<stdout>: cannot write ({os.strerror(errno.ENOSPC)})"),
    ("stdout-full-disk-table", ["classify", "-f", "table", SEED], "none", 1,
     f"<stdout>: cannot write ({os.strerror(errno.ENOSPC)})"),
    ("stdout-full-disk-brief", ["summarise", "--org", "山东"], "none", 1,
     f"<stdout>: cannot write ({os.strerror(errno.ENOSPC)})"),
    # option values (typer/click usage errors, one line)
    ("level-bogus", ["classify", "--level", "bogus", SEED], "none", 2,
     "--level: 'bogus' is not one of sentence, paragraph, document"),
    ("format-bogus", ["classify", "-f", "xml", SEED], "none", 2, "--format: 'xml' is not one of table, jsonl, json, csv"),
    ("min-prob-nan", ["classify", "--min-prob", "nan", SEED], "none", 2, "--min-prob: nan is not a number from 0 to 1"),
    ("min-prob-2", ["classify", "--min-prob", "2", SEED], "none", 2, "--min-prob: 2 is not a number from 0 to 1"),
    ("min-prob-word", ["classify", "--min-prob", "high", SEED], "none", 2, "--min-prob: 'high' is not a number"),
    ("no-such-option", ["classify", "--bogus", SEED], "none", 2, "no such option: --bogus..."),
    ("missing-input", ["classify"], "none", 2, "missing argument INPUTS"),
    ("no-such-command", ["clasify", SEED], "none", 2, "no such command 'clasify' (did you mean 'classify'?)"),
    ("max-chars-0", ["summarise", "--org", "山东", "--max-chars", "0"], "none", 2, "--max-chars: 0 is less than 1"),
    ("evaluate-format", ["evaluate", "--format", "xml"], "none", 2, "--format: 'xml' is not one of text, json"),
    ("stats-format", ["labels", "stats", "--format", "xml"], "none", 2, "--format: 'xml' is not one of text, json"),
    # label files
    ("labels-huge-int", ["labels", "check", "big.jsonl"], "huge-int", 1, "big.jsonl:1: invalid JSON (number too long)"),
    ("labels-deep", ["labels", "check", "deep.jsonl"], "deep", 1, "deep.jsonl:1: invalid JSON (nested too deeply)"),
    ("labels-dup-key", ["labels", "check", "dup.jsonl"], "dup-key", 1, "dup.jsonl:1: duplicate key 'label' in one object"),
    ("labels-negative-para", ["labels", "check", "neg.jsonl"], "negative-para", 1,
     "neg.jsonl:1: field 'para' should be a positive int, not -1"),
    ("labels-zero-sent", ["labels", "check", "neg.jsonl"], "negative-sent", 1,
     "neg.jsonl:1: field 'sent' should be a positive int, not 0"),
    # training
    ("train-out-dir", ["train", "--labels", "labels", "--out", "out", "--no-eval"], "labels+out-dir", 2,
     "out: is a directory; give --out a file name"),
    ("train-out-under-file", ["train", "--labels", "labels", "--out", "notes.txt/m.npz", "--no-eval"], "labels+a-file",
     2, "notes.txt/m.npz: cannot be created: notes.txt is a file, not a folder"),
    ("train-one-class", ["train", "--labels", "labels", "--out", "m.npz"], "one-class", 1,
     "the labels give every sentence the same label (其他): training needs at least two"),
    ("train-one-document", ["train", "--labels", "labels", "--out", "m.npz"], "one-document", 1,
     "cross-validation needs at least two documents, the labels hold one (a.txt): label another or pass --no-eval"),
    ("train-empty-folder", ["train", "--labels", "labels", "--out", "m.npz"], "empty-labels", 1,
     "labels: holds no .jsonl label files"),
    ("train-C-0", ["train", "--labels", "labels", "--out", "m.npz", "--C", "0"], "labels", 2,
     "--C: must be a positive number, not 0"),
    ("train-C-nan", ["train", "--labels", "labels", "--out", "m.npz", "--C", "nan"], "labels", 2,
     "--C: must be a positive number, not nan"),
    ("train-features-bogus", ["train", "--labels", "labels", "--out", "m.npz", "--features", "bogus"], "labels", 2,
     "--features: unknown feature set 'bogus'; choose from char13, char24, word, char13+word, char13+lex, "
     "char13+lex+ctx, char13+lex+ctx+head, char13+lex+ctx+w, char13+lex+ctx+head+w"),
    # model files
    ("model-meta-list", ["classify", "--model", "m.npz", SEED], "meta-list", 1,
     "m.npz: has metadata that is not a JSON object" + _RETRAIN),
    ("model-vocab-lists", ["classify", "--model", "m.npz", SEED], "vocab-lists", 1,
     "m.npz: has a vocabulary that is not a list of strings" + _RETRAIN),
    ("model-labels-not-strings", ["classify", "--model", "m.npz", SEED], "labels-not-strings", 1,
     "m.npz: has labels that are not strings" + _RETRAIN),
    ("model-huge-header", ["classify", "--model", "m.npz", SEED], "huge-header", 1,
     "m.npz: has an array (coef.npy) whose header does not match its size" + _RETRAIN),
    ("model-zip-bomb", ["classify", "--model", "m.npz", SEED], "zip-bomb", 1,
     "m.npz: has members that would expand to more than 256 MB" + _RETRAIN),
    ("model-nan", ["classify", "--model", "m.npz", SEED], "nan-coef", 1,
     "m.npz: has values that are not finite in coef.npy" + _RETRAIN),
    ("model-int", ["classify", "--model", "m.npz", SEED], "int-coef", 1,
     "m.npz: has coef.npy of type int64, not float64" + _RETRAIN),
    ("model-shape", ["classify", "--model", "m.npz", SEED], "flat-coef", 1,
     "m.npz: has arrays whose shapes do not match its vocabulary and labels" + _RETRAIN),
    # organisations
    ("org-newline", ["summarise", "--org", "火星\n市"], "none", 1,
     f"{SEEDS}: no organisation '火星\\n市' in the corpus..."),
    ("org-too-long", ["summarise", "--org", "火" * 300], "none", 1,
     f"{SEEDS}: no organisation '{'火' * 40}…' in the corpus..."),
]


def _setup(tmp: Path, names: str) -> None:
    for name in names.split("+"):
        SETUPS[name](tmp)


_INDEX_NOTE = re.compile(r"unionnlp: (using index |building index |updated index: |.*; rebuilding )")


def _run(args: list[str], cwd: Path, case: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    kwargs = {}
    if case == "stdin-closed":
        kwargs["preexec_fn"] = lambda: os.close(0)
    if case.startswith("stdout-full-disk"):
        kwargs["stdout"] = open("/dev/full", "wb")  # noqa: SIM115 - closed by the OS with the child
    else:
        kwargs["stdout"] = subprocess.PIPE
    return subprocess.run(
        [sys.executable, "-m", "unionnlp", *args], stderr=subprocess.PIPE, cwd=cwd, env=env, timeout=300, **kwargs
    )


@pytest.mark.parametrize("case, args, setup, code, message", CASES, ids=[c[0] for c in CASES])
def test_one_line_for_every_bad_input(tmp_path, case, args, setup, code, message):
    if case.startswith("stdout-full-disk") and not (Path("/dev/full").exists() and Path("/dev/full").is_char_device()):
        pytest.skip("no /dev/full device on this system")
    _setup(tmp_path, setup)
    proc = _run(args, tmp_path, case)
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    # (summarise says which corpus index it reads: a note, not a second message)
    lines = [line for line in err.splitlines() if not _INDEX_NOTE.match(line)]
    assert len(lines) == 1, err
    assert proc.returncode == code, (proc.returncode, err)
    expected = "unionnlp: error: " + message
    if expected.endswith("..."):
        assert lines[0].startswith(expected[:-3]), lines[0]
    else:
        assert lines[0] == expected


def test_the_table_uses_every_setup():
    assert {part for c in CASES for part in c[2].split("+")} == set(SETUPS)


def test_a_zip_bomb_is_refused_before_any_member_is_read(tmp_path, monkeypatch):
    from unionnlp.errors import ModelError
    from unionnlp.themes.model import load_model

    _zip_bomb(tmp_path)
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name, *a, **k: opened.append(name) or real_open(self, name, *a, **k))
    with pytest.raises(ModelError, match="more than 256 MB"):
        load_model(tmp_path / "m.npz")
    assert opened == []


def test_a_huge_array_header_is_refused_before_allocating(tmp_path, monkeypatch):
    from unionnlp.errors import ModelError
    from unionnlp.themes.model import load_model

    _huge_header(tmp_path)
    monkeypatch.setattr(np.lib.format, "read_array", lambda *a, **k: pytest.fail("read_array called"))
    with pytest.raises(ModelError, match="header does not match its size"):
        load_model(tmp_path / "m.npz")


def test_predict_refuses_a_single_string():
    from unionnlp.themes.model import load_model

    model = load_model(MODEL)
    for call in (model.predict, model.predict_proba, model.decision_function):
        with pytest.raises(TypeError, match="a list of strings, not one string"):
            call("一个字符串")
    assert model.predict(["一个字符串"])  # a list is fine


def test_no_message_reaches_the_user_in_scikit_learn_words(tmp_path):
    # sklearn's own wording names solvers and parameter ranges a user never set.
    for setup, args in (("one-class", []), ("labels", ["--C", "0"]), ("one-document", [])):
        folder = tmp_path / setup
        folder.mkdir()
        SETUPS[setup](folder)
        err = _run(["train", "--labels", "labels", "--out", "m.npz", *args], folder, setup).stderr.decode()
        for word in ("solver", "LogisticRegression", "n_samples", "InvalidParameterError", "range (0.0, inf]"):
            assert word not in err, err

