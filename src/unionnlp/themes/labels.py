"""Label files: reading, validating and summarising the labelled corpus.

A label file is JSONL, one sentence per line, with the fields ``doc``,
``para``, ``sent``, ``text``, ``label``, ``also`` and ``group`` (``source``
optional).  A folder of labels is every ``*.jsonl`` below it, except in
folders whose name starts with ``_`` or ``.`` (work in progress).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from unionnlp.errors import LabelError

LABELS = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他")
UNSURE = "不确定"
REQUIRED = {"doc": str, "para": int, "sent": int, "text": str, "label": str, "also": list, "group": str}


@dataclass(frozen=True)
class LabelRecord:
    """One labelled sentence."""

    doc: str
    para: int
    sent: int
    text: str
    label: str
    also: tuple[str, ...]
    group: str
    source: str = "seed"
    file: str = ""
    line: int = 0


@dataclass
class LabelProblem:
    """One thing wrong in a label file, with where it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass
class LabelCheck:
    """The result of validating label files."""

    records: list[LabelRecord] = field(default_factory=list)
    problems: list[LabelProblem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def label_files(path: str | Path) -> list[Path]:
    """The label files a path stands for: itself, or every *.jsonl below a folder."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.exists():
        raise LabelError(f"{p}: no such file or directory")
    files = [
        f
        for f in sorted(p.rglob("*.jsonl"))
        if not any(part.startswith(("_", ".")) for part in f.relative_to(p).parts[:-1])
    ]
    if not files:
        raise LabelError(f"{p}: holds no .jsonl label files")
    return files


def _check_object(obj: object, file: str, line: int, problems: list[LabelProblem]) -> LabelRecord | None:
    if not isinstance(obj, dict):
        problems.append(LabelProblem(file, line, "expected a JSON object"))
        return None
    bad = False
    for name, kind in REQUIRED.items():
        if name not in obj:
            problems.append(LabelProblem(file, line, f"missing field {name!r}"))
            bad = True
        elif not isinstance(obj[name], kind) or (kind is int and isinstance(obj[name], bool)):
            problems.append(LabelProblem(file, line, f"field {name!r} should be {kind.__name__}"))
            bad = True
    if bad:
        return None
    for name in ("para", "sent"):
        if obj[name] < 1:
            problems.append(LabelProblem(file, line, f"field {name!r} should be a positive int, not {obj[name]}"))
            bad = True
    if bad:
        return None
    label = obj["label"]
    if label == "":
        problems.append(LabelProblem(file, line, "label is empty: fill it in with one of " + " ".join(LABELS)))
        return None
    if label not in LABELS:
        problems.append(LabelProblem(file, line, f"unknown label {label!r}; use one of " + " ".join(LABELS)))
        return None
    also = obj["also"]
    for extra in also:
        if extra not in LABELS:
            problems.append(LabelProblem(file, line, f"unknown label {extra!r} in 'also'"))
            return None
    if label in also:
        problems.append(LabelProblem(file, line, f"'also' repeats the primary label {label!r}"))
        return None
    if len(set(also)) != len(also):
        problems.append(LabelProblem(file, line, "'also' lists a label twice"))
        return None
    if not obj["text"].strip():
        problems.append(LabelProblem(file, line, "text is empty"))
        return None
    return LabelRecord(
        doc=obj["doc"],
        para=obj["para"],
        sent=obj["sent"],
        text=obj["text"],
        label=label,
        also=tuple(also),
        group=obj["group"],
        source=str(obj.get("source", "seed")),
        file=file,
        line=line,
    )


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    obj: dict = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _parse_line(line: str) -> tuple[object, str | None]:
    """(the line's JSON value, None), or (None, what is wrong with it)."""
    try:
        return json.loads(line, object_pairs_hook=_no_duplicate_keys), None
    except _DuplicateKey as exc:
        return None, f"duplicate key {exc.args[0]!r} in one object"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON ({exc.msg})"
    except RecursionError:
        return None, "invalid JSON (nested too deeply)"
    except ValueError:  # Python refuses integers of more than 4300 digits
        return None, "invalid JSON (number too long)"


def check_labels(paths: str | Path | Iterable[str | Path]) -> LabelCheck:
    """Validate label files (or folders of them); collects every problem found."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    result = LabelCheck()
    seen: dict[tuple[str, int, int], str] = {}
    for path in paths:
        try:
            files = label_files(path)
        except LabelError as exc:
            result.problems.append(LabelProblem(str(path), 0, str(exc).split(": ", 1)[-1]))
            continue
        for f in files:
            result.files.append(f)
            try:
                raw = f.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                result.problems.append(LabelProblem(str(f), 0, "is not UTF-8 text"))
                continue
            # JSON Lines end at "\n" only: U+2028 and other characters that
            # str.splitlines() breaks at may stand inside a JSON string.
            for n, line in enumerate(raw.split("\n"), start=1):
                line = line.removesuffix("\r")
                if not line.strip():
                    continue
                obj, problem = _parse_line(line)
                if problem:
                    result.problems.append(LabelProblem(str(f), n, problem))
                    continue
                rec = _check_object(obj, str(f), n, result.problems)
                if rec is None:
                    continue
                key = (rec.doc, rec.para, rec.sent)
                if key in seen:
                    result.problems.append(
                        LabelProblem(str(f), n, f"duplicate sentence {rec.doc} ¶{rec.para}.{rec.sent} (first at {seen[key]})")
                    )
                    continue
                seen[key] = f"{f}:{n}"
                result.records.append(rec)
    return result


def read_labels(paths: str | Path | Iterable[str | Path] | None = None) -> list[LabelRecord]:
    """Every labelled sentence (default: the shipped labels); raises LabelError if any file is bad."""
    if paths is None:
        from unionnlp.paths import default_labels_dir

        paths = default_labels_dir()
    result = check_labels(paths)
    if result.problems:
        first = result.problems[0]
        more = f" (and {len(result.problems) - 1} more problems; run `unionnlp labels check`)" if len(result.problems) > 1 else ""
        raise LabelError(f"{first}{more}")
    if not result.records:
        raise LabelError("no labelled sentences found")
    return result.records


def label_stats(records: Iterable[LabelRecord]) -> dict:
    """Counts per label, per document and per source."""
    records = list(records)
    by_doc: dict[str, Counter] = {}
    for r in records:
        by_doc.setdefault(r.doc, Counter())[r.label] += 1
    return {
        "total": len(records),
        "labels": {label: sum(1 for r in records if r.label == label) for label in LABELS},
        "sources": dict(Counter(r.source for r in records)),
        "documents": {doc: {label: c[label] for label in LABELS} for doc, c in sorted(by_doc.items())},
    }


def stale_labels(records: Iterable[LabelRecord], documents: dict[str, list]) -> list[str]:
    """Differences between labelled texts and what the segmenter yields now.

    ``documents`` maps a doc name to its current list of ``Sentence``.
    Returns messages, the first naming the first stale sentence.
    """
    problems = []
    by_doc: dict[str, list[LabelRecord]] = {}
    for r in records:
        by_doc.setdefault(r.doc, []).append(r)
    for doc, recs in by_doc.items():
        if doc not in documents:
            continue
        current = {(s.para, s.sent): s.text for s in documents[doc]}
        labelled = {(r.para, r.sent) for r in recs}
        for r in recs:
            now = current.get((r.para, r.sent))
            if now != r.text:
                problems.append(
                    f"{doc} ¶{r.para}.{r.sent} is stale: labelled {r.text[:30]!r}, segmenter now gives {(now or '')[:30]!r}"
                )
        for key in sorted(set(current) - labelled):
            problems.append(f"{doc} ¶{key[0]}.{key[1]} has no label: {current[key][:30]!r}")
    return problems
