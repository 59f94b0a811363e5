"""The local web page: Starlette routes over the same Python API as the CLI.

``create_app(corpus)`` returns an ASGI app; ``unionnlp serve`` runs it with
uvicorn on 127.0.0.1.  Pages (and their JSON twins under ``/api/``):

* ``GET /`` — upload form and the corpus's reports;
* ``POST /report`` (multipart field ``file``) and ``GET /report?doc=NAME`` — a
  report's sentences coloured by theme (``classify_text``'s records);
* ``GET /orgs`` — the corpus's organisations as a tree (``list_orgs``);
* ``GET /brief?org=NAME`` — one organisation's brief (``summarise``);
* ``GET /search?q=QUERY`` — sentences by words (the corpus index when there is
  one, else a scan of the analysed corpus);
* ``GET /label?doc=NAME`` — the ``labels suggest`` loop, saved as a label file.

Nothing here decides a theme, an organisation or a brief sentence: those come
from the library.  What is here is HTTP: limits, escaping, errors as a page
with one line, downloads.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from unionnlp.errors import ModelError, OrgError, UnionNLPError
from unionnlp.web.uploads import MAX_UPLOAD, TooLarge, UnsupportedType, read_upload

HERE = Path(__file__).resolve().parent
THEMES = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他")
UNSURE = "不确定"
# ASCII keys for CSS classes and the legend's filter buttons.
THEME_KEYS = {"思想引领": "sx", "建功立业": "jg", "权益维护": "qy", "关爱服务": "ga", "组织建设": "zz",
              "其他": "qt", UNSURE: "bq"}
KIND_NAMES = {"national": "全国", "province": "省级", "city": "市级", "district": "区级", "county": "县级",
              "industry": "产业工会", "institution": "事业单位工会", "enterprise": "企业工会",
              "street": "街道乡镇", "agency": "机关工会", "association": "协会"}
TERRITORIAL = ("national", "province", "city", "district", "county")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
# Multipart framing around the file: headers, boundaries, the field name.
_MULTIPART_SLACK = 64 * 1024
_UPLOADS_KEPT = 8


class _ApiError(Exception):
    """An error to show as one line: ``status`` and ``message``."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _status_of(exc: UnionNLPError) -> int:
    if isinstance(exc, (TooLarge, UnsupportedType)):
        return exc.status
    if isinstance(exc, OrgError):
        return 404
    if isinstance(exc, ModelError):
        return 500
    return 400


class _UploadStore:
    """The last few uploaded reports (segmented, never the file), by random token, so that
    their exports can be downloaded; nothing is written to disk."""

    def __init__(self, size: int = _UPLOADS_KEPT):
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()

    def add(self, segmented) -> str:
        token = secrets.token_urlsafe(12)
        self._items[token] = segmented
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return token

    def get(self, token: str):
        seg = self._items.get(token)
        if seg is None:
            raise _ApiError(404, "this upload is no longer held by the server; upload the file again")
        return seg


class _SecurityHeaders:
    """Pure ASGI middleware: no framing, no sniffing, no referrer, only this server's own
    scripts and styles (a report's text can never run as code)."""

    CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                ]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", self.CSP.encode()))
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    corpus: str | Path | None = None,
    *,
    model=None,
    allowed_hosts: list[str] | None = None,
    max_upload: int = MAX_UPLOAD,
) -> Starlette:
    """The web app for one corpus folder (default: the shipped seeds).

    ``allowed_hosts`` are the Host header values accepted (default: loopback names only,
    which defeats DNS rebinding against a server on 127.0.0.1; ``["*"]`` accepts any).
    """
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from unionnlp.paths import default_corpus_dir

    corpus_dir = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    import jinja2

    # Autoescape everywhere: a report's text (「<script>…」) is always shown as text.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    templates = Jinja2Templates(env=env)
    env.globals.update(THEMES=THEMES, THEME_KEYS=THEME_KEYS, UNSURE=UNSURE, corpus_name=corpus_dir.name)
    env.filters["key"] = lambda label: THEME_KEYS.get(label, "qt")
    env.filters["pct"] = lambda v: f"{float(v):.0%}"
    env.filters["mark"] = _mark
    uploads = _UploadStore()

    # ---------------------------------------------------------------- helpers
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error_response(request: Request, status: int, message: str) -> Response:
        message = " ".join(str(message).split())  # one line, whatever the exception said
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status)

    def page(request: Request, name: str, context: dict, status: int = 200) -> Response:
        return templates.TemplateResponse(request, name, {"nav": name.split(".")[0], **context},
                                          status_code=status)

    def download(content: str, filename: str, media_type: str) -> Response:
        from urllib.parse import quote

        return Response(
            content.encode("utf-8"),
            media_type=f"{media_type}; charset=utf-8",
            headers={
                "content-disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                # A downloaded page is standalone: its own inline styles, nothing else.
                "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
            },
        )

    def report_names() -> list[str]:
        from unionnlp.corpus.load import list_reports

        return list_reports(corpus_dir)

    def corpus_report(name: str):
        from unionnlp.corpus.load import load_report

        if not name:
            raise _ApiError(400, "no report given: choose one from the list on the start page")
        if name not in report_names():  # the listing is the only way in: no path reaches the disk
            raise _ApiError(404, f"no report called '{name}' in this corpus")
        return load_report(name, corpus_dir)

    def min_prob_of(request: Request) -> float:
        raw = request.query_params.get("min_prob", "0") or "0"
        try:
            value = float(raw)
        except ValueError:
            raise _ApiError(400, f"min_prob should be a number between 0 and 1, not '{raw}'") from None
        if not 0.0 <= value <= 1.0:
            raise _ApiError(400, f"min_prob should be between 0 and 1, not {value}")
        return value

    def classify(seg, min_prob: float = 0.0) -> list[dict]:
        from unionnlp.themes.classify import sentence_records

        return sentence_records([(seg.name, seg)], model, min_prob)

    def report_data(seg, records: list[dict]) -> dict:
        """The report as the page shows it: paragraphs of sentences with their records."""
        from unionnlp.themes.classify import document_records, paragraph_records

        by_para: dict[int, list[dict]] = {}
        for r in records:
            by_para.setdefault(r["para"], []).append(r)
        para_shares = {p["para"]: p["shares"] for p in paragraph_records(records)}
        paragraphs = []
        for p in seg.paragraphs:
            pieces = []  # (gap text, record) in order: the paragraph exactly as repaired
            pos = p.start
            for r in by_para.get(p.index, []):
                pieces.append((seg.repaired[pos:r["start"]], r))
                pos = r["end"]
            paragraphs.append({"index": p.index, "heading": p.heading, "pieces": pieces,
                               "tail": seg.repaired[pos:p.end] if pieces else p.text,
                               "shares": para_shares.get(p.index, {})})
        docs = document_records(records)
        shares = docs[0]["shares"] if docs else {}
        return {"name": seg.name, "paragraphs": paragraphs, "shares": shares,
                "sentences": len(records)}

    def report_page(request: Request, seg, records, source: dict) -> Response:
        from unionnlp.briefs.chart import theme_share_svg

        data = report_data(seg, records)
        hl = request.query_params.get("hl", "")
        query = urlencode(source)
        return page(request, "report.html", {
            "report": data,
            "chart": theme_share_svg(data["shares"], title="主题占比（按句）"),
            "source_query": query,
            "doc": source.get("doc"),
            "hl": hl,
            "min_prob": request.query_params.get("min_prob", ""),
        })

    def report_json(seg, records, source: dict) -> dict:
        from unionnlp.themes.classify import document_records, paragraph_records

        docs = document_records(records)
        return {"name": seg.name, **source, "shares": docs[0]["shares"] if docs else {},
                "paragraphs": paragraph_records(records), "sentences": records}

    async def read_file_field(request: Request) -> tuple[bytes, str | None]:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_upload + _MULTIPART_SLACK:
            raise TooLarge(f"the upload is {_size(int(length))}; the limit is {_size(max_upload)}")
        received = 0

        async def limited_receive():
            nonlocal received
            message = await request.receive()
            received += len(message.get("body", b""))
            if received > max_upload + _MULTIPART_SLACK:
                raise TooLarge(f"the upload is over the limit of {_size(max_upload)}")
            return message

        limited = Request(request.scope, receive=limited_receive)
        try:
            form = await limited.form(max_files=1, max_fields=10)
        except TooLarge:
            raise
        except Exception as exc:  # malformed multipart: say so in one line
            if isinstance(exc, HTTPException):
                raise _ApiError(400, f"the upload could not be read: {exc.detail}") from None
            raise _ApiError(400, "the upload could not be read as a form with a file") from None
        try:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise _ApiError(400, "no file in the upload: send it in the form field 'file'")
            data = await upload.read(max_upload + 1)
            if len(data) > max_upload:
                raise TooLarge(f"the file is over the limit of {_size(max_upload)}")
            return data, upload.filename
        finally:
            await form.close()  # removes the spooled temporary file

    def brief_params(request: Request) -> dict:
        q = request.query_params
        org = (q.get("org") or "").strip()
        try:
            max_chars = int(q.get("max_chars") or 600)
        except ValueError:
            raise _ApiError(400, f"max_chars should be a whole number, not '{q.get('max_chars')}'") from None
        if not 1 <= max_chars <= 20000:
            raise _ApiError(400, "max_chars should be between 1 and 20000")
        themes = [t for t in q.getlist("theme") if t]
        for t in themes:
            if t not in THEMES[:5]:
                raise _ApiError(400, f"unknown theme '{t}'; choose from {' '.join(THEMES[:5])}")
        include_sub = q.get("include_sub") in ("1", "on", "true", "yes")
        return {"org": org, "max_chars": max_chars, "themes": themes, "include_sub": include_sub}

    def make_brief(params: dict):
        from unionnlp.briefs.selection import summarise

        if not params["org"]:
            raise _ApiError(400, "no organisation given: choose one on the organisations page")
        with corpus_analysis() as opened:
            return summarise(params["org"], corpus=corpus_dir, max_chars=params["max_chars"],
                             themes=params["themes"] or None, include_sub=params["include_sub"], model=model,
                             analysis=opened)

    def brief_query(params: dict, **extra) -> str:
        pairs = [("org", params["org"]), ("max_chars", params["max_chars"])]
        pairs += [("theme", t) for t in params["themes"]]
        if params["include_sub"]:
            pairs.append(("include_sub", "1"))
        pairs += list(extra.items())
        return urlencode(pairs)

    def org_tree(query: str = "") -> tuple[list[dict], list[dict]]:
        """Organisations (with theme shares) as nested nodes, roots grouped by kind."""
        from unionnlp.briefs.overview import org_theme_shares
        from unionnlp.corpus.load import load_corpus
        from unionnlp.orgs.resolve import list_orgs

        with corpus_analysis() as opened:
            index = getattr(opened, "index", None)
            if hasattr(index, "org_summaries"):  # a corpus index keeps the summaries
                summaries = index.org_summaries()
            else:
                summaries = list_orgs(opened.attribution, load_corpus(corpus_dir).documents)
            shares = org_theme_shares(analysis=opened)
        records = []
        for s in summaries:
            d = s.to_dict()
            d["shares"] = shares.get(s.name, {})
            d["kind_name"] = KIND_NAMES.get(s.kind, s.kind)
            records.append(d)
        by_name = {r["name"]: {**r, "children": []} for r in records}
        roots = []
        for r in records:
            node = by_name[r["name"]]
            parent = by_name.get(r["parent"] or "")
            (parent["children"] if parent else roots).append(node)
        q = "".join(query.split())

        def keep(node) -> bool:
            node["children"] = [c for c in node["children"] if keep(c)]
            hit = not q or any(q in n for n in (node["name"], *node["short_names"]))
            node["match"] = bool(q) and hit
            return hit or bool(node["children"])

        roots = [n for n in roots if keep(n)]
        groups = []
        for title, kinds in (("地方工会", TERRITORIAL), ("产业工会", ("industry",)),
                             ("事业单位工会", ("institution",)), ("企业工会", ("enterprise",))):
            nodes = [n for n in roots if n["kind"] in kinds]
            if nodes:
                groups.append({"title": title, "nodes": nodes})
        rest = [n for n in roots if n["kind"] not in (*TERRITORIAL, "industry", "institution", "enterprise")]
        if rest:
            groups.append({"title": "其他", "nodes": rest})
        return groups, records

    @contextmanager
    def corpus_analysis():
        """The corpus analysis: from the corpus index (built or brought up to date in the user
        cache, closed after use), or, when there is no cache folder to keep one in or the
        index cannot be used just now, computed in memory."""
        from unionnlp.briefs.analysis import load_analysis
        from unionnlp.corpus.index import open_analysis
        from unionnlp.errors import CorpusIndexError

        try:
            opened = open_analysis(corpus_dir, model=model)
        except CorpusIndexError:  # locked by another process for too long, damaged and not replaceable
            opened = load_analysis(corpus_dir, model)
        try:
            yield opened
        finally:
            if hasattr(opened, "close"):
                opened.close()

    def index_search(params: dict) -> list | None:
        """Hits from the corpus index's search (``unionnlp.corpus.search``), or None when the
        corpus is analysed without an index (the page then scans the analysis)."""
        from unionnlp.corpus.search import search
        from unionnlp.orgs.resolve import resolve_org

        with corpus_analysis() as opened:
            idx = getattr(opened, "index", None)
            if idx is None:
                return None
            try:
                names = [resolve_org(params["org"], opened.attribution).name] if params["org"] else None
            except OrgError as exc:
                raise OrgError(f"{corpus_dir}: {exc}") from None
            year = int(params["year"]) if params["year"] else None
            return list(search(idx, params["q"], orgs=names, theme=params["theme"] or None, year=year,
                               limit=params["limit"]))

    def run_search(params: dict) -> tuple[list[dict], str]:
        from unionnlp.briefs.overview import scan_sentences

        found = index_search(params)
        if found is not None:
            return [_normal_hit(h) for h in found][: params["limit"]], "index"
        with corpus_analysis() as opened:
            return scan_sentences(params["q"], corpus_dir, org=params["org"] or None,
                                  theme=params["theme"] or None, year=params["year"] or None,
                                  limit=params["limit"], analysis=opened), "scan"

    def search_params(request: Request) -> dict:
        q = request.query_params
        theme = q.get("theme") or ""
        if theme and theme not in THEMES:
            raise _ApiError(400, f"unknown theme '{theme}'; choose from {' '.join(THEMES)}")
        year = (q.get("year") or "").strip()
        if year and not re.fullmatch(r"(19|20)\d\d", year):
            raise _ApiError(400, f"year should be four digits such as 2023, not '{year}'")
        try:
            limit = min(max(int(q.get("limit") or 200), 1), 1000)
        except ValueError:
            raise _ApiError(400, "limit should be a whole number") from None
        return {"q": (q.get("q") or "").strip(), "org": (q.get("org") or "").strip(), "theme": theme,
                "year": year, "limit": limit}

    # ----------------------------------------------------------------- routes
    async def index(request: Request) -> Response:
        names = report_names()
        return page(request, "index.html", {"reports": names, "max_mb": max_upload // 2**20,
                                            "corpus_dir": str(corpus_dir)})

    async def report_post(request: Request) -> Response:
        data, filename = await read_file_field(request)
        name, doc = read_upload(data, filename)
        del data
        from unionnlp.text.segment import segment_text

        seg = segment_text(doc.text, name, doc.page_starts, doc.lines)
        records = classify(seg)
        token = uploads.add(seg)
        if wants_json(request):
            return JSONResponse(report_json(seg, records, {"upload": token}))
        return report_page(request, seg, records, {"upload": token})

    async def report_get(request: Request) -> Response:
        name = request.query_params.get("doc", "")
        seg = corpus_report(name)
        records = classify(seg)
        if wants_json(request):
            return JSONResponse(report_json(seg, records, {"doc": name}))
        return report_page(request, seg, records, {"doc": name})

    async def report_export(request: Request) -> Response:
        from unionnlp.themes.export import records_to_csv, records_to_jsonl

        q = request.query_params
        fmt = q.get("format", "csv")
        if q.get("upload"):
            seg, source = uploads.get(q["upload"]), {"upload": q["upload"]}
        else:
            seg, source = corpus_report(q.get("doc", "")), {"doc": q.get("doc", "")}
        records = classify(seg, min_prob_of(request))
        stem = Path(seg.name).stem or "report"
        if fmt == "csv":
            return download(records_to_csv(records), f"{stem}.csv", "text/csv")
        if fmt == "jsonl":
            return download(records_to_jsonl(records), f"{stem}.jsonl", "application/x-ndjson")
        if fmt == "html":
            from unionnlp.briefs.chart import theme_share_svg

            data = report_data(seg, records)
            html = env.get_template("report_print.html").render(
                report=data, chart=theme_share_svg(data["shares"], title="主题占比（按句）"),
                css=(HERE / "static" / "style.css").read_text(encoding="utf-8"),
                min_prob=min_prob_of(request))
            return download(html, f"{stem}.html", "text/html")
        raise _ApiError(400, f"unknown export format '{fmt}'; choose csv, jsonl or html")

    async def orgs(request: Request) -> Response:
        query = request.query_params.get("q", "")
        groups, records = org_tree(query)
        if wants_json(request):
            return JSONResponse(records)
        from unionnlp.briefs.chart import theme_strip_svg

        return page(request, "orgs.html", {"groups": groups, "q": query, "count": len(records),
                                           "strip": theme_strip_svg})

    async def brief(request: Request) -> Response:
        from unionnlp.briefs.render import brief_to_dict

        params = brief_params(request)
        if not params["org"] and not wants_json(request):
            groups, records = org_tree()
            return page(request, "brief.html", {"brief": None, "params": params,
                                                "org_names": [r["name"] for r in records]})
        result = make_brief(params)
        if wants_json(request):
            return JSONResponse(brief_to_dict(result))
        from unionnlp.briefs.chart import theme_share_svg
        from unionnlp.briefs.overview import org_theme_shares

        with corpus_analysis() as opened:
            shares = org_theme_shares(orgs=result.orgs, analysis=opened)["*"]
        number = {s.doc: i for i, s in enumerate(result.sources, start=1)}
        _, records = org_tree()
        return page(request, "brief.html", {
            "brief": result, "params": params, "number": number,
            "chart": theme_share_svg(shares, title=f"{result.org} 主题占比（按句）"),
            "org_names": [r["name"] for r in records],
            "download_query": {fmt: brief_query(params, format=fmt) for fmt in ("md", "html", "json")},
        })

    async def brief_download(request: Request) -> Response:
        from unionnlp.briefs import render
        from unionnlp.briefs.chart import theme_share_svg
        from unionnlp.briefs.overview import org_theme_shares

        params = brief_params(request)
        fmt = request.query_params.get("format", "md")
        result = make_brief(params)
        stem = f"{result.org}简报"
        if fmt == "md":
            return download(render.render_markdown(result), f"{stem}.md", "text/markdown")
        if fmt == "json":
            text = json.dumps(render.brief_to_dict(result), ensure_ascii=False, indent=1) + "\n"
            return download(text, f"{stem}.json", "application/json")
        if fmt == "html":
            render_html = getattr(render, "render_html", None)
            if render_html is not None:  # the briefs' own standalone page, when it exists
                return download(render_html(result), f"{stem}.html", "text/html")
            with corpus_analysis() as opened:
                shares = org_theme_shares(orgs=result.orgs, analysis=opened)["*"]
            number = {s.doc: i for i, s in enumerate(result.sources, start=1)}
            html = env.get_template("brief_print.html").render(
                brief=result, number=number, chart=theme_share_svg(shares, title="主题占比（按句）"),
                css=(HERE / "static" / "style.css").read_text(encoding="utf-8"))
            return download(html, f"{stem}.html", "text/html")
        raise _ApiError(400, f"unknown brief format '{fmt}'; choose md, html or json")

    async def search(request: Request) -> Response:
        params = search_params(request)
        hits, backend = ([], "")
        if params["q"]:
            hits, backend = run_search(params)
        elif wants_json(request):
            raise _ApiError(400, "no query: give q=WORDS")
        if wants_json(request):
            return JSONResponse({"query": params, "backend": backend, "results": hits})
        _, records = org_tree()
        return page(request, "search.html", {"params": params, "hits": hits, "backend": backend,
                                             "org_names": [r["name"] for r in records],
                                             "terms": params["q"].split()})

    async def label(request: Request) -> Response:
        from unionnlp.themes.suggest import suggest_labels

        name = request.query_params.get("doc", "")
        if not name:
            return page(request, "label.html", {"records": None, "reports": report_names()})
        corpus_report(name)  # checks the name against the listing
        records = suggest_labels(corpus_dir / name)
        if wants_json(request):
            return JSONResponse(records)
        return page(request, "label.html", {"records": records, "doc": name, "labels": THEMES})

    async def label_save(request: Request) -> Response:
        from unionnlp.themes.suggest import suggest_labels

        form = await request.form(max_files=0, max_fields=20000)
        name = str(form.get("doc", ""))
        corpus_report(name)
        records = suggest_labels(corpus_dir / name)
        chosen = []
        for r in sorted(records, key=lambda r: (r["para"], r["sent"])):
            value = form.get(f"l-{r['para']}-{r['sent']}")
            if value in THEMES:
                chosen.append({k: v for k, v in r.items()} | {"label": value})
        if not chosen:
            raise _ApiError(400, "no sentence labelled yet: click a theme for at least one sentence")
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen)
        return download(text, f"{Path(name).stem}.jsonl", "application/x-ndjson")

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "corpus": str(corpus_dir), "time": time.time()})

    # ------------------------------------------------------------ errors
    async def on_http_error(request: Request, exc: HTTPException) -> Response:
        messages = {404: "no such page", 405: "this page does not accept that method"}
        return error_response(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)))

    async def on_api_error(request: Request, exc: _ApiError) -> Response:
        return error_response(request, exc.status, exc.message)

    async def on_library_error(request: Request, exc: UnionNLPError) -> Response:
        message = str(exc).replace(str(corpus_dir) + ": ", "")
        return error_response(request, _status_of(exc), message)

    async def on_crash(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, f"unexpected error while making this page ({type(exc).__name__}); "
                              "the server's terminal has the details")

    routes = [
        Route("/", index),
        Route("/report", report_get, methods=["GET"]),
        Route("/report", report_post, methods=["POST"]),
        Route("/report/export", report_export),
        Route("/orgs", orgs),
        Route("/brief", brief),
        Route("/brief/download", brief_download),
        Route("/search", search),
        Route("/label", label, methods=["GET"]),
        Route("/label", label_save, methods=["POST"]),
        Route("/api/report", report_get, methods=["GET"]),
        Route("/api/report", report_post, methods=["POST"]),
        Route("/api/orgs", orgs),
        Route("/api/brief", brief),
        Route("/api/search", search),
        Route("/api/label", label),
        Route("/api/health", health),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [
        Middleware(_SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS),
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        middleware=middleware,
        exception_handlers={
            HTTPException: on_http_error,
            _ApiError: on_api_error,
            UnionNLPError: on_library_error,
            Exception: on_crash,
        },
    )
    app.router.redirect_slashes = False  # no redirects at all: nothing to make an open redirect of
    app.state.corpus_dir = corpus_dir
    return app


def _size(n: int) -> str:
    """50 MB, 1.5 MB, 1 KB: a size as a person reads it."""
    return f"{n / 2**20:.3g} MB" if n >= 2**20 else f"{n / 1024:.3g} KB"


def _mark(text: str, terms: list[str]):
    """``text`` escaped, with every occurrence of the search terms in ``<mark>``."""
    import re

    from markupsafe import Markup, escape

    terms = [t for t in terms if t]
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True)))
    out, pos = [], 0
    for m in pattern.finditer(text):
        out += [escape(text[pos:m.start()]), Markup("<mark>"), escape(m.group()), Markup("</mark>")]
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _normal_hit(hit: Any) -> dict:
    """A search hit from the index as the page's record: doc, para, sent, text, label, org."""
    get = hit.get if isinstance(hit, dict) else (lambda k, d=None: getattr(hit, k, d))
    doc = get("doc") or get("file") or get("path") or ""
    return {"doc": Path(str(doc)).name, "para": get("para"), "sent": get("sent"), "text": get("text", ""),
            "label": get("label") or get("theme") or "", "org": get("org")}


__all__ = ["create_app"]
