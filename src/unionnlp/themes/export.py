"""Sentence, paragraph and document records as CSV or JSONL text (what ``classify`` writes).

The CLI and the web page both export through these functions, so a table
downloaded in the browser is byte for byte what ``unionnlp classify -f csv``
prints for the same report.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

__all__ = ["csv_chunks", "jsonl_chunks", "records_to_csv", "records_to_jsonl"]


def csv_chunks(records: Iterable[dict], chunk_size: int = 1 << 16) -> Iterator[str]:
    """CSV text in pieces of about ``chunk_size`` characters: a header from the first record's
    keys, nested values (probs, shares) as JSON.  Streams: records are never all in memory."""
    writer = None
    buf = io.StringIO()
    for r in records:
        row = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in r.items()}
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        if buf.tell() > chunk_size:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def jsonl_chunks(records: Iterable[dict]) -> Iterator[str]:
    """One JSON object a line, UTF-8 characters unescaped."""
    for r in records:
        yield json.dumps(r, ensure_ascii=False) + "\n"


def records_to_csv(records: Iterable[dict]) -> str:
    """All records as one CSV text (see ``csv_chunks``)."""
    return "".join(csv_chunks(records))


def records_to_jsonl(records: Iterable[dict]) -> str:
    """All records as one JSONL text."""
    return "".join(jsonl_chunks(records))
