"""The labelling loop: suggest → fill → check → train, on a small new report."""

from __future__ import annotations

import json
import shutil

from conftest import LABELS
from unionnlp.themes.model import load_model

REPORT = """## 某市总工会召开女职工工作推进会

本报讯（记者 林一）近日，某市总工会召开女职工工作推进会。会议部署了女职工权益保护专项检查，要求企业落实孕期女职工调岗规定。

今年全市新建爱心妈妈小屋30家。市总工会还将举办女工干部培训班，提升基层女职委主任履职能力。
"""

# What a person decided after reading each sentence against the guide.
DECISIONS = {
    "某市总工会召开女职工工作推进会": "其他",
    "本报讯（记者林一）近日，某市总工会召开女职工工作推进会。": "其他",
    "会议部署了女职工权益保护专项检查，要求企业落实孕期女职工调岗规定。": "权益维护",
    "今年全市新建爱心妈妈小屋30家。": "关爱服务",
    "市总工会还将举办女工干部培训班，提升基层女职委主任履职能力。": "组织建设",
}


def test_suggest_fill_check_train(tmp_path, cli):
    report = tmp_path / "new_report.txt"
    report.write_text(REPORT, encoding="utf-8")
    labels_dir = tmp_path / "labels"
    labels_dir.mkdir()
    suggested = labels_dir / "new_report.jsonl"

    result = cli("labels", "suggest", str(report), "-o", str(suggested))
    assert result.exit_code == 0
    records = [json.loads(line) for line in suggested.read_text(encoding="utf-8").splitlines()]
    assert {r["text"] for r in records} == set(DECISIONS)
    assert all(r["label"] == "" for r in records)
    probs = [r["suggested_prob"] for r in records]
    assert probs == sorted(probs), "least sure first"

    # unfilled: check refuses, naming the line
    refused = cli("labels", "check", str(suggested))
    assert refused.exit_code == 1 and f"{suggested}:1: label is empty" in refused.stderr

    for r in records:
        r["label"] = DECISIONS[r["text"]]
    suggested.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert cli("labels", "check", str(suggested)).exit_code == 0

    shutil.copy(LABELS / "seeds.jsonl", labels_dir / "seeds.jsonl")
    model_path = tmp_path / "model.npz"
    trained = cli("train", "--labels", str(labels_dir), "--out", str(model_path), "--no-eval")
    assert trained.exit_code == 0
    model = load_model(model_path)
    assert model.metadata["n_train"] == len(records) + sum(1 for _ in open(LABELS / "seeds.jsonl", encoding="utf-8"))
    assert model.metadata["trained_on"]["sources"]["user"] == len(records)


def test_suggest_refuses_to_overwrite(tmp_path, cli):
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "r.jsonl"
    out.write_text("keep me", encoding="utf-8")
    result = cli("labels", "suggest", str(report), "-o", str(out))
    assert result.exit_code == 2 and out.read_text(encoding="utf-8") == "keep me"
