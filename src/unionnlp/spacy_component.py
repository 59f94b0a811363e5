"""The theme classifier as a spaCy pipeline component (``unionnlp_themes``).

spaCy is an optional extra (``pip install unionnlp[spacy]``): nothing else in
the package imports this module.  spaCy finds the factory through the
``spacy_factories`` entry point declared in ``pyproject.toml``, so
``nlp.add_pipe("unionnlp_themes")`` works without importing unionnlp::

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("unionnlp_themes")
    doc = nlp(text)
    doc.cats                        # share of sentences per theme, six keys
    for span in doc.spans["themes"]:
        span.text, span.label_, span._.theme_prob

Sentences are those of ``unionnlp segment``: the text is repaired (PDF line
wraps, half-width punctuation) and split, and the sentences are mapped back to
tokens of ``doc.text``, which spaCy never lets a component change.  Each
sentence is classified as its repaired text, so labels and probabilities are
those ``unionnlp classify`` gives for the same report.
"""

from __future__ import annotations

import tempfile
import unicodedata
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from unionnlp.themes.labels import LABELS, UNSURE
from unionnlp.paths import MODEL_FILENAME

FACTORY = "unionnlp_themes"
SPANS_KEY = "themes"

# Characters repair turns into spaces or drops, besides str.isspace() ones.
_INVISIBLE = "\u200b\ufeff"

if not Span.has_extension("theme_prob"):
    Span.set_extension("theme_prob", default=None)


def _skippable(ch: str) -> bool:
    return ch.isspace() or ch in _INVISIBLE


def _same(a: str, b: str) -> bool:
    """The same character up to width (repair turns ``,`` into ``，``)."""
    return a == b or unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)


class _Alignment:
    """Where each non-space character of the repaired text sits in the raw text.

    Repair changes only whitespace and punctuation width, so the non-space
    characters of both texts correspond one to one, in order.
    """

    def __init__(self, raw: str, repaired: str) -> None:
        self.repaired = repaired
        self.rep_index: list[int] = []  # offsets in repaired of its non-space characters
        self.raw_pos: list[int] = []  # their offsets in raw, increasing
        i, n = 0, len(raw)
        for j, ch in enumerate(repaired):
            if _skippable(ch):
                continue
            while i < n and _skippable(raw[i]):
                i += 1
            if i < n and not _same(raw[i], ch):
                # Not expected from repair; resynchronise on a nearby match.
                ahead = next((k for k in range(i + 1, min(n, i + 16)) if _same(raw[k], ch)), None)
                if ahead is not None:
                    i = ahead
            self.rep_index.append(j)
            self.raw_pos.append(min(i, max(n - 1, 0)))
            i += 1

    def to_raw(self, start: int, end: int) -> tuple[int, int] | None:
        """Raw character span of repaired ``[start, end)``."""
        first = bisect_left(self.rep_index, start)
        last = bisect_left(self.rep_index, end) - 1
        if first > last:
            return None
        return self.raw_pos[first], self.raw_pos[last] + 1

    def repaired_text(self, start: int, end: int) -> str:
        """Repaired text of raw ``[start, end)`` (empty if only spaces)."""
        first = bisect_left(self.raw_pos, start)
        last = bisect_left(self.raw_pos, end) - 1
        if first > last:
            return ""
        return self.repaired[self.rep_index[first] : self.rep_index[last] + 1]


def _trim(span: Span) -> Span | None:
    """``span`` without leading and trailing whitespace tokens; None if nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


def _own_sentences(doc: Doc, align: _Alignment, segmented) -> list[Span]:
    """Set the toolkit's sentence boundaries on ``doc``; return the sentence spans.

    A heading's sentence boundary is at its ``#`` mark, its span after it.
    Sentences whose token spans overlap (a token crossing a sentence end) are merged.
    """
    spans: list[tuple[int, int, int]] = []  # boundary token, span start, span end
    for para in segmented.paragraphs:
        for sent in para.sentences:
            chars = align.to_raw(sent.start, sent.end)
            if chars is None:
                continue
            span = doc.char_span(*chars, alignment_mode="expand")
            if span is None or not len(span):
                continue
            boundary = span.start
            if para.heading and sent.sent == 1:
                mark = align.to_raw(para.start, sent.end)
                if mark is not None:
                    marked = doc.char_span(*mark, alignment_mode="expand")
                    if marked is not None and len(marked):
                        boundary = min(boundary, marked.start)
            if spans and boundary < spans[-1][2]:
                b, s, e = spans[-1]
                spans[-1] = (b, s, max(e, span.end))
            else:
                spans.append((boundary, span.start, span.end))
    for token in doc:
        token.is_sent_start = False
    if len(doc):
        doc[0].is_sent_start = True
    for boundary, _, _ in spans[1:]:
        doc[boundary].is_sent_start = True
    return [doc[s:e] for _, s, e in spans]


class ThemesComponent:
    """Labels the sentences of a doc with their themes (see the module docstring).

    Sets ``doc.cats`` (each of the six themes' share of the sentences; all keys
    present, summing to 1, all 0.0 for a doc without sentences),
    ``doc.spans["themes"]`` (one span per sentence, in order, labelled with its
    theme, its probability in ``span._.theme_prob``), and sentence boundaries
    if the pipeline has set none (a ``sentencizer`` or parser before this
    component keeps its own; their sentences are then classified).

    With ``min_prob`` > 0 a sentence whose best probability is below it is
    labelled 不确定 (unsure) in the spans, but counts as its best theme in
    ``doc.cats``, so that the cats still sum to 1 over the six themes.

    ``model`` is the path of a model file (None: the shipped default).  It is
    loaded on first use; ``nlp.to_disk`` copies the model file into the
    component's folder and ``spacy.load`` reads it from there with
    ``unionnlp.themes.model.load_model`` (arrays and JSON only, no pickle), so a saved
    pipeline does not depend on the original path.
    """

    def __init__(self, nlp: Language, name: str = FACTORY, model: Optional[str] = None,
                 min_prob: float = 0.0) -> None:
        from unionnlp.errors import UsageError

        if not 0.0 <= float(min_prob) <= 1.0:
            raise UsageError(f"min_prob must be between 0 and 1, got {min_prob}")
        self.name = name
        self.model_path = Path(model) if model else None
        self.min_prob = float(min_prob)
        self._model = None
        self._model_bytes: bytes | None = None

    # -- the model ---------------------------------------------------------

    def get_model(self):
        """The ThemeModel, loaded from ``model_path`` (or the shipped default) on first use.

        A method, not an attribute named ``model``: spaCy probes components'
        ``model`` attribute (protocol checks while building a pipeline), which
        would load the file before ``from_disk`` could supply the saved one.
        """
        if self._model is None:
            from unionnlp.themes.model import load_model
            from unionnlp.paths import default_model_path

            path = self.model_path or default_model_path()
            self._model = load_model(path)
            self._model_bytes = Path(path).read_bytes()
        return self._model

    def _load_bytes(self, data: bytes) -> None:
        from unionnlp.themes.model import load_model

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / MODEL_FILENAME
            path.write_bytes(data)
            self._model = load_model(path)
        self._model_bytes = data

    # -- processing ----------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self._process([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Process docs in batches: all sentences of a batch are classified in one call."""
        for batch in minibatch(stream, size=batch_size):
            self._process(batch)
            yield from batch

    def _sentences(self, doc: Doc) -> tuple[list[Span], list[str]]:
        """The sentence spans of ``doc`` and the repaired text of each."""
        from unionnlp.text.segment import segment_text

        segmented = segment_text(doc.text)
        align = _Alignment(doc.text, segmented.repaired)
        if doc.has_annotation("SENT_START"):
            spans = [s for s in (_trim(sent) for sent in doc.sents) if s is not None]
        else:
            spans = _own_sentences(doc, align, segmented)
        return spans, [align.repaired_text(s.start_char, s.end_char) for s in spans]

    def _process(self, docs: list[Doc]) -> None:
        from unionnlp.themes.classify import classify_sentences
        from unionnlp.themes.features import neighbours

        per_doc = [self._sentences(doc) for doc in docs]
        texts = [t for _, doc_texts in per_doc for t in doc_texts]
        contexts = [c for _, doc_texts in per_doc for c in neighbours(doc_texts)]
        # Each Doc is one document for the model's document stage (``classify`` reads a report
        # of more than BLOCK_PARAGRAPHS paragraphs in blocks; a Doc is read whole).
        documents = [k for k, (_, doc_texts) in enumerate(per_doc) for _ in doc_texts]
        # One model call for the whole batch; min_prob is applied below.
        model = self.get_model()
        preds = iter(classify_sentences(texts, model, contexts=contexts, documents=documents) if texts else [])
        labels = list(dict.fromkeys((*LABELS, *model.labels)))
        for doc, (spans, _) in zip(docs, per_doc):
            group = []
            counts: Counter[str] = Counter()
            for span in spans:
                pred = next(preds)
                counts[pred.label] += 1
                label = UNSURE if pred.prob < self.min_prob else pred.label
                themed = Span(doc, span.start, span.end, label=label)
                themed._.theme_prob = pred.prob
                group.append(themed)
            doc.spans[SPANS_KEY] = group
            total = len(spans)
            doc.cats = {label: (counts[label] / total if total else 0.0) for label in labels}

    # -- serialisation -------------------------------------------------------

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Write the model file (its exact bytes) into the component's folder."""
        self.get_model()  # load, so that the bytes are at hand
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / MODEL_FILENAME).write_bytes(self._model_bytes)

    def from_disk(self, path, *, exclude=tuple()) -> "ThemesComponent":
        """Read the model file written by ``to_disk`` (safely: no pickle)."""
        from unionnlp.themes.model import load_model

        file = Path(path) / MODEL_FILENAME
        self._model = load_model(file)
        self._model_bytes = file.read_bytes()
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        """The model file's bytes."""
        self.get_model()
        return self._model_bytes

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "ThemesComponent":
        """Load the model from bytes written by ``to_bytes``."""
        self._load_bytes(data)
        return self


@Language.factory(
    FACTORY,
    default_config={"model": None, "min_prob": 0.0},
    assigns=["doc.cats", "doc.spans", "token.is_sent_start"],
)
def make_themes_component(nlp: Language, name: str, model: Optional[str], min_prob: float
                          ) -> ThemesComponent:
    """Create the ``unionnlp_themes`` component (``model``: a model file path, None for the shipped one)."""
    return ThemesComponent(nlp, name, model=model, min_prob=min_prob)
