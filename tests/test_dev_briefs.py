"""Briefs on the development set (dev/): every bullet reads as a whole sentence of the
organisation's own work.  dev/ is never tuned on sentence by sentence; this checks
properties every brief must have, on reports of organisations the toolkit has never seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unionnlp.briefs.quality import cjk_count, ends_sentence, sentence_kind, starts_with_connective
from unionnlp.errors import OrgError

DEV = Path(__file__).resolve().parent.parent / "dev"
pytestmark = pytest.mark.skipif(not (DEV / "reports").is_dir(), reason="no dev/ folder")


def _dev_orgs() -> list[str]:
    return [o["name"] for o in json.loads((DEV / "orgs.json").read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def briefs():
    from unionnlp.briefs.selection import summarise

    out = {}
    for name in _dev_orgs():
        try:
            out[name] = summarise(name, corpus=DEV / "reports")
        except OrgError:
            continue  # the organisation finder does not find it (issue 14's work)
    return out


@pytest.fixture(scope="module")
def attribution():
    from unionnlp.briefs.analysis import load_analysis

    return load_analysis(DEV / "reports").attribution


def test_some_dev_organisations_have_a_brief(briefs):
    assert len(briefs) >= 10


def test_no_bullet_is_a_heading_caption_fragment_or_dangling(briefs):
    from unionnlp.text.furniture import furniture_kind

    for org, brief in briefs.items():
        for section in brief.themes:
            texts = [s.text for s in section.sentences]
            for i, text in enumerate(texts):
                where = (org, section.theme, text)
                assert cjk_count(text) >= 8 and ends_sentence(text), where  # no fragment
                assert furniture_kind(text) is None, where  # no caption, credit, metadata
                assert sentence_kind(text) not in ("heading", "slogan", "fragment", "damaged", "furniture"), where
                assert not starts_with_connective(text), where  # 同时，此外，对此，为此，……
                if text.startswith(("其中", "这", "此举", "该")):
                    assert i > 0, where  # never the first of its theme


def test_every_bullet_is_from_the_organisations_own_sections(briefs, attribution):
    for org, brief in briefs.items():
        for s in brief.sentences:
            # A joint event's section is each of its hosts' (Section.orgs), so it is in each one's brief.
            assert set(attribution.orgs_of(s.doc, s.para)) & set(brief.orgs), (org, s.doc, s.para, s.text)
