"""The web page over HTTP (Starlette's TestClient): every route, its JSON twin, bad uploads,
unknown names, path traversal, escaping, headers, and ``unionnlp serve``."""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, SEEDS, run_script

pytest.importorskip("starlette")

SEED = "000_1981f897b6cac00d.txt"
SPEECHES = "003_635ee0eaa2035469.txt"
ONE_LINE = re.compile(r'<p class="error-line">([^<\n]+)</p>')


def error_line(response) -> str:
    """The one line an error page shows (and check there is exactly one, without a traceback)."""
    lines = ONE_LINE.findall(response.text)
    assert len(lines) == 1, response.text[:500]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return lines[0]


def upload(client, data: bytes, name: str = "report.txt", path: str = "/report"):
    return client.post(path, files={"file": (name, data, "application/octet-stream")})


# ------------------------------------------------------------------ pages


def test_start_page_lists_the_corpus_and_the_upload_form(web_client):
    r = web_client.get("/")
    assert r.status_code == 200
    assert 'enctype="multipart/form-data"' in r.text and 'name="file"' in r.text
    for path in sorted(SEEDS.glob("*.txt")):
        assert f"/report?doc={path.name}" in r.text


def test_corpus_report_matches_classify(web_client):
    from unionnlp.themes.classify import sentence_records
    from unionnlp.text.segment import segment_file

    r = web_client.get(f"/api/report?doc={SEED}")
    assert r.status_code == 200
    data = r.json()
    expected = sentence_records([(SEED, segment_file(SEEDS / SEED))])
    assert data["sentences"] == expected
    assert data["doc"] == SEED and abs(sum(data["shares"].values()) - 1) < 0.01
    page = web_client.get(f"/report?doc={SEED}&hl=5-1")
    assert page.status_code == 200
    spans = re.findall(r'<span class="s t-(\w+)( hl)?" id="s-(\d+)-(\d+)"[^>]* data-label="([^"]+)"', page.text)
    assert [(int(p), int(s), label) for _, _, p, s, label in spans] == [
        (e["para"], e["sent"], e["label"]) for e in expected]
    assert [h for _, h, p, s, _ in spans if h] == [" hl"] and ' hl" id="s-5-1"' in page.text
    assert "<svg" in page.text and "主题占比" in page.text  # the theme-share chart, inline


def test_upload_shows_the_report_and_keeps_no_file(web_client):
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "unionnlp-upload-*")))
    data = (SEEDS / SEED).read_bytes()
    r = upload(web_client, data, "../../etc/" + SEED, path="/api/report")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == SEED  # the browser's path is reduced to a label
    cli = run_script("classify", SEED, "-f", "jsonl", cwd=SEEDS)
    assert body["sentences"] == [json.loads(line) for line in cli.stdout.decode().splitlines()]
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "unionnlp-upload-*"))) == before
    page = upload(web_client, data, SEED)
    assert page.status_code == 200 and 'class="doc-name">' + SEED in page.text
    # The upload's exports are held in memory by token, never by path.
    token = re.search(r"upload=([\w-]+)&amp;format=csv", page.text).group(1)
    csv_r = web_client.get(f"/report/export?upload={token}&format=csv")
    assert csv_r.status_code == 200
    assert csv_r.content == run_script("classify", SEED, "-f", "csv", cwd=SEEDS).stdout
    gone = web_client.get("/report/export?upload=not-a-token&format=csv")
    assert gone.status_code == 404 and "upload the file again" in error_line(gone)


def test_report_exports_equal_the_cli(web_client):
    for fmt, args in (("csv", ["-f", "csv"]), ("jsonl", ["-f", "jsonl"]),
                      ("csv&min_prob=0.6", ["-f", "csv", "--min-prob", "0.6"])):
        r = web_client.get(f"/report/export?doc={SEED}&format={fmt}")
        assert r.status_code == 200
        assert "attachment" in r.headers["content-disposition"]
        assert r.content == run_script("classify", SEED, *args, cwd=SEEDS).stdout, fmt
    html = web_client.get(f"/report/export?doc={SEED}&format=html")
    assert html.status_code == 200 and "<style>" in html.text and "<script" not in html.text
    assert not re.search(r'(src|href)="(https?:)?//', html.text)  # standalone: nothing from outside
    bad = web_client.get(f"/report/export?doc={SEED}&format=exe")
    assert bad.status_code == 400 and "csv, jsonl or html" in error_line(bad)
    bad = web_client.get(f"/report/export?doc={SEED}&format=csv&min_prob=2")
    assert bad.status_code == 400


def test_orgs_tree_and_search(web_client):
    r = web_client.get("/api/orgs")
    assert r.status_code == 200
    orgs = {o["name"]: o for o in r.json()}
    assert orgs["河南省洛阳市总工会"]["parent"] == "河南省总工会"
    assert set(orgs["山东省总工会"]["shares"]) <= {"思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他"}
    page = web_client.get("/orgs")
    assert page.status_code == 200
    # Tree: 洛阳 is nested inside 河南's list item, enterprises in their own group.
    henan = page.text.index(">河南省总工会</a>")
    assert henan < page.text.index(">河南省洛阳市总工会</a>")
    assert "企业工会" in page.text and page.text.count('class="theme-strip"') >= 10
    found = web_client.get("/orgs?q=洛阳")
    assert ">河南省洛阳市总工会</a>" in found.text and ">山东省总工会</a>" not in found.text
    assert ">河南省总工会</a>" in found.text  # the ancestors of a match stay, for the tree
    assert "没有找到" in web_client.get("/orgs?q=火星").text


def test_brief_page_json_and_downloads(web_client, cli):
    r = web_client.get("/api/brief?org=山东")
    assert r.status_code == 200
    brief = r.json()
    assert brief["org"] == "山东省总工会" and brief["themes"]
    page = web_client.get("/brief?org=山东")
    assert page.status_code == 200
    first = brief["themes"][0]["sentences"][0]
    assert f"/report?doc={first['doc']}&amp;hl={first['para']}-{first['sent']}#s-{first['para']}-{first['sent']}" in page.text
    assert "关键数据" in page.text and 'class="theme-chart"' in page.text
    md = web_client.get("/brief/download?org=山东&format=md")
    assert md.status_code == 200
    assert md.text == cli("summarise", "--org", "山东").stdout
    small = web_client.get("/brief/download?org=山东&max_chars=200&theme=权益维护&format=json")
    assert json.loads(small.text) == json.loads(
        cli("summarise", "--org", "山东", "--max-chars", "200", "--theme", "权益维护", "-f", "json").stdout)
    html = web_client.get("/brief/download?org=北京&include_sub=1&format=html")
    assert html.status_code == 200 and "含下属组织" in html.text and "<svg" in html.text
    assert "attachment" in html.headers["content-disposition"]
    assert web_client.get("/brief").status_code == 200  # the form, no organisation yet


def test_unknown_organisation_and_bad_brief_options(web_client):
    r = web_client.get("/brief?org=山西")
    assert r.status_code == 404
    assert "no organisation '山西'" in error_line(r) or "山西" in error_line(r)
    assert web_client.get("/api/brief?org=山西").json()["status"] == 404
    assert web_client.get("/api/brief").status_code == 400
    bad = web_client.get("/brief?org=山东&theme=福利")
    assert bad.status_code == 400 and "unknown theme" in error_line(bad)
    assert web_client.get("/brief?org=山东&max_chars=lots").status_code == 400
    script = web_client.get("/brief?org=<script>alert(1)</script>")
    assert script.status_code == 404 and "<script>alert" not in script.text


def _client_without_index(tmp_path, monkeypatch):
    """A client on an app over the seeds whose user cache folder cannot be used (a file is in
    the way): no corpus index can be built, so the page analyses the corpus directly."""
    from starlette.testclient import TestClient

    from unionnlp import paths
    from unionnlp.web.app import create_app

    blocked = tmp_path / "cache"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("UNIONNLP_CACHE", str(blocked))
    monkeypatch.setattr(paths, "_WARNED", set())
    return TestClient(create_app(SEEDS), base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.mark.filterwarnings("ignore:cache folder")
def test_search_scans_without_an_index(tmp_path, monkeypatch):
    with _client_without_index(tmp_path, monkeypatch) as client:
        r = client.get("/api/search?q=妈妈小屋")
        assert r.status_code == 200
        body = r.json()
        assert body["backend"] == "scan" and body["results"]
        assert all("妈妈小屋" in h["text"] for h in body["results"])
        narrowed = client.get("/api/search?q=女职工&org=山东&theme=权益维护").json()["results"]
        assert narrowed and {(h["org"], h["label"]) for h in narrowed} == {("山东省总工会", "权益维护")}
        page = client.get("/search?q=妈妈 小屋")
        assert page.status_code == 200 and "<mark>妈妈</mark>" in page.text and "逐句扫描" in page.text
        assert client.get("/search").status_code == 200
        assert client.get("/api/search").status_code == 400
        assert client.get("/search?q=小屋&theme=福利").status_code == 400
        assert client.get("/search?q=小屋&year=23").status_code == 400
        # the other pages that read the corpus analysis work without an index too
        assert client.get("/api/brief?org=山东").json()["org"] == "山东省总工会"
        assert client.get("/orgs").status_code == 200
    assert (tmp_path / "cache").is_file()  # nothing was built in its place


def test_search_scans_when_the_index_cannot_be_used(web_client, monkeypatch):
    import unionnlp.corpus.index as index_module
    from unionnlp.errors import CorpusIndexError

    def locked(*args, **kwargs):
        raise CorpusIndexError("i.sqlite: another process is updating this index (waited 600 s)")

    monkeypatch.setattr(index_module, "open_analysis", locked)
    body = web_client.get("/api/search?q=妈妈小屋&org=山东").json()
    assert body["backend"] == "scan" and body["results"]
    assert all("妈妈小屋" in h["text"] and h["org"] == "山东省总工会" for h in body["results"])
    assert web_client.get("/api/brief?org=山东").status_code == 200


def test_search_uses_the_corpus_index(web_client):
    body = web_client.get("/api/search?q=妈妈小屋&org=山东").json()
    assert body["backend"] == "index" and body["results"]
    assert all("妈妈小屋" in h["text"] and h["org"] == "山东省总工会" for h in body["results"])


def test_labelling_saves_a_file_labels_check_accepts(web_client, tmp_path):
    from unionnlp.themes.labels import check_labels

    r = web_client.get(f"/api/label?doc={SEED}")
    records = r.json()
    probs = [x["suggested_prob"] for x in records]
    assert probs == sorted(probs)  # least sure first
    page = web_client.get(f"/label?doc={SEED}")
    assert page.status_code == 200 and page.text.count('type="radio"') == 6 * len(records)
    form = {"doc": SEED, f"l-{records[0]['para']}-{records[0]['sent']}": "组织建设",
            f"l-{records[1]['para']}-{records[1]['sent']}": records[1]["suggested"]}
    saved = web_client.post("/label", data=form)
    assert saved.status_code == 200 and "attachment" in saved.headers["content-disposition"]
    path = tmp_path / "mine.jsonl"
    path.write_bytes(saved.content)
    result = check_labels(path)
    assert result.ok and len(result.records) == 2
    assert {r.label for r in result.records} >= {"组织建设"}
    empty = web_client.post("/label", data={"doc": SEED})
    assert empty.status_code == 400
    assert web_client.post("/label", data={"doc": "../labels/seeds.jsonl"}).status_code == 404


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "data,name,status,says",
    [
        (b"", "empty.txt", 400, "empty"),
        (b"   \n\n", "blank.txt", 400, "empty"),
        (bytes(range(256)) * 40, "data.txt", 400, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "report.txt", 415, "PNG image"),
        (b"PK\x03\x04" + b"\x00" * 100, "report.docx", 415, "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "report.doc", 415, ".docx"),
        (b"\x7fELF" + b"\x00" * 100, "report.txt", 415, "program"),
    ],
)
def test_bad_uploads_get_one_clear_line(web_client, data, name, status, says):
    r = upload(web_client, data, name)
    assert r.status_code == status
    assert says in error_line(r)
    api = upload(web_client, data, name, path="/api/report")
    assert api.status_code == status and says in api.json()["error"]


def test_pdf_upload_is_read_or_refused_clearly(web_client):
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
           b"trailer<</Root 1 0 R>>\n%%EOF\n" + bytes(range(128, 256)))
    r = upload(web_client, pdf, "report.pdf")
    assert r.status_code in (400, 415)
    line = error_line(r)
    assert "report.pdf" in line and ("PDF" in line or "pdf" in line)


def test_upload_over_50_mb_is_refused(web_client):
    from unionnlp.web.uploads import MAX_UPLOAD

    big = b"a" * (60 * 2**20)
    r = upload(web_client, big, "big.txt")
    assert r.status_code == 413
    assert f"{MAX_UPLOAD // 2**20} MB" in error_line(r)


def test_upload_size_is_enforced_without_a_content_length(tmp_path):
    """A chunked upload (no Content-Length) is cut off at the limit, not read to the end."""
    from starlette.testclient import TestClient

    from unionnlp.web.app import create_app

    client = TestClient(create_app(SEEDS, max_upload=1024), base_url="http://127.0.0.1")

    def body():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
        for _ in range(200):
            yield "女职工".encode() * 200
        yield b"\r\n--b--\r\n"

    r = client.post("/report", content=body(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413 and "limit of 1 KB" in error_line(r)


def test_upload_without_a_file_field(web_client):
    r = web_client.post("/report", data={"other": "x"})
    assert r.status_code == 400 and "field &#39;file&#39;" in error_line(r)
    r = web_client.post("/report", content=b"not a form", headers={"content-type": "text/plain"})
    assert r.status_code == 400


@pytest.mark.parametrize(
    "doc",
    ["../pyproject.toml", "..%2Fpyproject.toml", "/etc/passwd", "seeds/" + SEED, SEED + "/../" + SEED,
     "..\\pyproject.toml", "%2e%2e/%2e%2e/etc/passwd", "", "nonexistent.txt"],
)
def test_path_traversal_never_reaches_the_filesystem(web_client, doc):
    for path in ("/report", "/api/report", "/report/export", "/label"):
        r = web_client.get(path, params={"doc": doc, "format": "csv"})
        if path == "/label" and doc == "":
            assert r.status_code == 200  # the list of reports to label
            continue
        assert r.status_code in (400, 404), (path, doc)
        assert "[project]" not in r.text and "root:" not in r.text


def test_static_files_stay_in_their_folder(web_client):
    assert web_client.get("/static/style.css").status_code == 200
    for path in ("/static/../app.py", "/static/..%2Fapp.py", "/static/%2e%2e/%2e%2e/pyproject.toml"):
        r = web_client.get(path)
        assert r.status_code == 404 and "create_app" not in r.text


def test_errors_are_one_line_and_nothing_redirects(web_client, live_server):
    import http.client
    from urllib.parse import urlsplit

    # Raw paths, as a browser would send them (an HTTP client library would normalise them).
    where = urlsplit(live_server)
    for path in ("/nope", "//evil.example/", "//evil.example/%2F..", "/orgs/", "/report/?doc=x", "/api/nope",
                 "/\\evil.example/"):
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read().decode()
        conn.close()
        assert 400 <= r.status < 500, path
        assert r.getheader("location") is None, path
        assert "Traceback" not in body
    assert web_client.get("/api/nope").json() == {"error": "no such page", "status": 404}
    assert web_client.delete("/orgs").status_code == 405


def test_security_headers_and_host_check(web_client):
    r = web_client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    rebinding = web_client.get("/", headers={"host": "attacker.example"})
    assert rebinding.status_code == 400


def test_script_in_an_upload_is_escaped(web_client):
    text = "近日，<script>alert(1)</script>某市总工会开展女职工普法宣传月活动。\n\n\"'><img src=x onerror=alert(2)>妈妈小屋。\n"
    r = upload(web_client, text.encode(), "<b>x</b>.txt")
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "<img src=x" not in r.text and "<b>x</b>" not in r.text


def test_pages_use_nothing_from_outside():
    """Offline: no CDN, no external fonts or scripts in templates, stylesheet or script."""
    web = ROOT / "src" / "unionnlp" / "web"
    for path in [*web.glob("templates/*.html"), *web.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", text), path
    css = (web / "static" / "style.css").read_text(encoding="utf-8")
    for font in ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"):
        assert font in css


def test_theme_chart_is_valid_escaped_svg():
    from unionnlp.briefs.chart import theme_share_svg, theme_strip_svg

    svg = theme_share_svg({"关爱服务": 0.5, "权益维护": 0.25, "其他": 0.25, "<x>": 0.0}, title="A & <B>")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    bars = [g for g in root.iter() if g.get("class") == "bar"]
    assert [g.get("data-theme") for g in bars][:6] == ["思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他"]
    assert "A &amp; &lt;B&gt;" in svg and "50%" in svg
    ET.fromstring(theme_strip_svg({"关爱服务": 0.5, "其他": 0.5}))
    assert 'width="0.0"' not in theme_strip_svg({})


# ------------------------------------------------------------------ serve


def test_serve_refuses_a_public_address_unless_explicit():
    from unionnlp.cli.serve import bind_socket, is_loopback
    from unionnlp.errors import UsageError

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    with pytest.raises(UsageError, match="--host 0.0.0.0"):
        bind_socket("0.0.0.0", 0)
    sock = bind_socket("127.0.0.1", 0)
    assert sock.getsockname()[0] == "127.0.0.1"
    sock.close()


def test_serve_command_prints_its_address_and_serves(tmp_path):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    (corpus / "r.txt").write_bytes((SEEDS / SEED).read_bytes())
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "unionnlp", "serve", "--corpus", str(corpus), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        line = proc.stdout.readline().decode()
        match = re.match(r"unionnlp: serving (http://127\.0\.0\.1:\d+/) ", line)
        assert match, line + proc.stderr.read().decode() if proc.poll() is not None else line
        deadline = time.monotonic() + 20
        while True:
            try:
                page = urllib.request.urlopen(match.group(1), timeout=5).read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert "/report?doc=r.txt" in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not list(corpus.glob("*.jsonl")) and sorted(p.name for p in corpus.iterdir()) == ["r.txt"]


def test_serve_command_errors(tmp_path):
    missing = run_script("serve", "--corpus", str(tmp_path / "none"), "--port", "0")
    assert missing.returncode == 1 and b"no such corpus folder" in missing.stderr
    assert missing.stderr.count(b"\n") == 1
