#!/usr/bin/env python3
"""Organisation attribution on training reports whose sentences were attributed by hand.

    python bench/org_attribution.py [--gold labels/orgs] [--show]

``labels/orgs/*.json`` holds, for some written reports of real organisations
(``labels/written/``), every sentence's organisation as a reader decided it
(the full name of the body whose work the sentence reports, ``null`` for
furniture and background, a list for a joint act) and the organisations with
the other names the report uses for them.  These reports are training text
for the theme model, not the development set: attribution rules may be
developed on them, and the development set stays the yardstick.

Prints, with the reports as a corpus of their own: article-level attribution
(the organisation most of a report's sentences belong to), sentence-level
attribution, and the share of brief sentences that are the organisation's own
(a brief for every organisation the gold names).  A union's women's committee
counts as its union, as the toolkit decides (issue 14), and 「……工会委员会」 as
「……工会」.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

# A union's women's committee is its union; 「……工会委员会」 is 「……工会」 written in full.
_COMMITTEE_TAIL = re.compile(r"(?:女职工委员会|女教职工委员会|女工委员会|女职委|女工委|(?<=工会)委员会)$")


def same_org(predicted: str | None, gold, orgs: dict[str, dict]) -> bool:
    """Is ``predicted`` the gold organisation (or one of a joint act's), by its full name or
    one of the ``short`` names ``orgs`` lists for it, or by the same name without a
    committee's tail?"""
    from dev_eval import _same_org

    if _same_org(predicted, gold, orgs):
        return True
    golds = gold if isinstance(gold, list) else [gold]
    bare = _COMMITTEE_TAIL.sub("", predicted) if predicted is not None else None
    return bare is not None and any(g is not None and _COMMITTEE_TAIL.sub("", g) == bare for g in golds)


def evaluate(gold_dir: Path, written: Path, show: bool = False) -> dict:
    from unionnlp import attribute_orgs, segment_file, summarise
    from unionnlp.errors import OrgError

    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    names: dict[str, dict] = {}  # full name → {"short": [other names]}, as dev/orgs.json
    for r in reports:
        for o in r["organisations"]:
            names.setdefault(o["name"], {"short": []})["short"].extend(o.get("short", []))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        for r in reports:
            shutil.copy(written / r["doc"], corpus / r["doc"])
        attribution = attribute_orgs([segment_file(corpus / r["doc"]) for r in reports])
        articles = sentences = total = 0
        for r in reports:
            rows = r["sentences"]
            for s in rows:
                total += 1
                predicted = attribution.orgs_of(r["doc"], s["para"]) or (None,)
                hit = any(same_org(p, s["org"], names) for p in predicted)
                sentences += hit
                if show and not hit:
                    print(f"  {r['doc']} ¶{s['para']}.{s['sent']} gold {s['org']} found {predicted}: {s['text'][:40]}")
            gold_main = Counter(o for s in rows for o in (s["org"] if isinstance(s["org"], list) else [s["org"]]) if o)
            found_main = Counter(x for s in rows if (x := attribution.org_of(r["doc"], s["para"])))
            ok = bool(gold_main and found_main and same_org(found_main.most_common(1)[0][0],
                                                             gold_main.most_common(1)[0][0], names))
            articles += ok
            if show and not ok:
                print(f"  article {r['doc']}: gold {gold_main.most_common(1)}, found {found_main.most_common(1)}")
        gold_org = {(r["doc"], s["para"], s["sent"]): s["org"] for r in reports for s in r["sentences"]}
        own = bullets = briefless = 0
        for org in names:
            try:
                brief = summarise(org, corpus=corpus, index=False)
            except OrgError:
                briefless += 1
                continue
            for s in brief.sentences:
                bullets += 1
                own += same_org(org, gold_org.get((s.doc, s.para, s.sent)), names)
    return {"reports": len(reports), "articles": (articles, len(reports)), "sentences": (sentences, total),
            "brief_own": (own, bullets), "organisations": len(names), "without_brief": briefless}


def _pct(pair: tuple[int, int]) -> str:
    n, d = pair
    return f"{n / d:.1%} ({n}/{d})" if d else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "labels" / "orgs")
    parser.add_argument("--written", type=Path, default=ROOT / "labels" / "written")
    parser.add_argument("--show", action="store_true", help="print every miss (these are training reports, not dev)")
    args = parser.parse_args(argv)
    r = evaluate(args.gold, args.written, args.show)
    print(f"{r['reports']} reports, {r['organisations']} organisations named by the readers\n")
    print("| measure | |\n|---|---:|")
    print(f"| article attributed to the right organisation | {_pct(r['articles'])} |")
    print(f"| sentence attributed to the right organisation (null for furniture and background) | {_pct(r['sentences'])} |")
    print(f"| brief sentences that are the organisation's own | {_pct(r['brief_own'])} |")
    print(f"| organisations without a brief | {r['without_brief']} of {r['organisations']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
