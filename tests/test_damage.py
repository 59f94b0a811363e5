"""The damage generator behind the repair benchmark: seeded, deterministic, and repair holds on it."""

from __future__ import annotations

import json
import re
import sys

from conftest import LABELS, ROOT
from unionnlp.text.segment import segment_text

sys.path.insert(0, str(ROOT / "dev"))
import make_damage  # noqa: E402

WRITTEN = LABELS / "written"


def _run(tmp_path, seed):
    out = tmp_path / f"seed{seed}"
    assert make_damage.main([str(WRITTEN), str(out), "--seed", str(seed)]) == 0
    return out


def test_same_seed_same_bytes_other_seed_other_damage(tmp_path):
    a, b, c = _run(tmp_path, 0), tmp_path / "again", _run(tmp_path, 1)
    make_damage.main([str(WRITTEN), str(b), "--seed", "0"])
    name = "01_qinghai_provincial_report.txt"
    assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / name).read_bytes() != (c / name).read_bytes()
    manifest = json.loads((a / "damage.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 0 and set(manifest["files"]) == {p.name for p in WRITTEN.glob("*.txt")}


def test_damage_keeps_every_chinese_character_and_adds_only_furniture_and_credits(tmp_path):
    out = _run(tmp_path, 0)
    manifest = json.loads((out / "damage.json").read_text(encoding="utf-8"))["files"]
    checked = 0
    for path in sorted(WRITTEN.glob("*.txt")):
        info = manifest[path.name]
        if info["order"] != "right":
            continue  # one page read in the wrong column order, on purpose
        added = set(info.get("furniture", [])) | set(info.get("credit_lines", []))
        damaged = (out / path.name).read_text(encoding="utf-8")
        kept = "".join(line for line in damaged.splitlines() if line.strip() not in added)
        assert re.sub(r"[^\u4e00-\u9fff]", "", kept) == re.sub(r"[^\u4e00-\u9fff]", "", path.read_text(encoding="utf-8"))
        checked += 1
    assert checked >= 20


def test_repair_brings_most_damaged_sentences_back_whole(tmp_path):
    # a guard against regressions, not a benchmark (bench/repair_eval.py is)
    out = _run(tmp_path, 0)
    whole = total = 0
    for labels in sorted(WRITTEN.glob("*.jsonl")):
        gold = [json.loads(line)["text"] for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
        got = {re.sub(r"\s", "", s.text) for s in segment_text((out / (labels.stem + ".txt")).read_text(encoding="utf-8")).sentences}
        total += len(gold)
        whole += sum(re.sub(r"\s", "", g) in got for g in gold)
    assert whole / total >= 0.93
