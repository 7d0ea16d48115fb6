"""The course's website (`make book`) served on 127.0.0.1, its links crawled, its pages checked."""

import functools
import re
import threading
import urllib.error
import urllib.request
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urldefrag, urljoin, urlparse

import _course

SITE = _course.ROOT / "build" / "book" / "html"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Site:
    """build/book/html served over HTTP on 127.0.0.1 (a thread of this process)."""

    def __init__(self, folder=SITE):
        self.folder = folder
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path):
        return urljoin(self.base, path)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "img", "script", "iframe"):
                self.links.append(attrs[name])


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            kind = response.headers.get("Content-Type", "")
            return response.status, kind, response.read()
    except urllib.error.HTTPError as err:
        return err.code, "", b""
    except OSError as err:
        return str(err), "", b""


def broken_links(site, start="index.html"):
    """Crawl every page of the site reachable from ``start``; return the broken internal links
    as ``"page: link (why)"`` lines, and the pages seen."""
    pages, queue, seen, problems = {}, [site.url(start)], set(), []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, kind, body = _get(url)
        if status != 200 or "html" not in kind:
            continue
        parsed = _Page()
        parsed.feed(body.decode("utf-8", errors="replace"))
        pages[url] = parsed
        for link in parsed.links:
            target = urljoin(url, link)
            if urlparse(target).netloc != urlparse(site.base).netloc:
                continue  # an external link: not checked (no internet here)
            page_url = urldefrag(target).url
            if page_url.endswith(".html") or page_url.endswith("/"):
                queue.append(page_url)
    for url, parsed in pages.items():
        for link in parsed.links:
            target = urljoin(url, link)
            if urlparse(target).netloc != urlparse(site.base).netloc:
                continue
            page_url, fragment = urldefrag(target)
            where = f"{url.removeprefix(site.base)}: {link}"
            if page_url in pages:
                if fragment and fragment not in pages[page_url].ids:
                    problems.append(f"{where} (no element with id {fragment!r})")
                continue
            status, _, _ = _get(page_url)
            if status != 200:
                problems.append(f"{where} ({status})")
    return sorted(set(problems)), sorted(pages)


RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\\\(|\\\[|\\begin\{")
_PAGE_STATE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const article = document.querySelector('article') || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll('mjx-container, pre, code, .cell_output, script, style')
      .forEach(e => e.remove());
  const outputs = [...article.querySelectorAll('.cell_output')];
  const next = document.querySelector('.prev-next-area a.right-next');
  return {
    mathjax: !!(window.MathJax && MathJax.version),
    math: article.querySelectorAll('mjx-container').length,
    mathErrors: [...article.querySelectorAll('mjx-merror')]
        .map(e => e.getAttribute('data-mjx-error') || e.textContent),
    text: copy.textContent,
    lines: outputs.flatMap(o => [...o.querySelectorAll('pre')])
        .flatMap(p => p.textContent.split('\\n')).map(l => l.replace(/\\s+$/, '')),
    images: outputs.flatMap(o => [...o.querySelectorAll('img')])
        .map(img => img.complete && img.naturalWidth > 0),
    next: next ? next.getAttribute('href') : null,
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  };
}"""


def check_page(page, site, path, expected, has_math, screenshot=None):
    """Open one lesson page; return the problems a reader would see."""
    outside, failed = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(site.base) or url.startswith("data:"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400
            else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}")
            if r.url.startswith(site.base) else None)
    page.goto(site.url(path), wait_until="networkidle")
    state = page.evaluate(_PAGE_STATE)
    problems = [f"{path}: loads {url} from outside the site (it would not load offline)"
                for url in outside]
    problems += [f"{path}: {entry}" for entry in failed]
    if has_math and not state["mathjax"]:
        problems.append(f"{path}: MathJax did not load")
    if has_math and not state["math"]:
        problems.append(f"{path}: no typeset formula")
    problems += [f"{path}: MathJax error: {error}" for error in state["mathErrors"]]
    raw = RAW_TEX.search(state["text"])
    if raw:
        problems.append(f"{path}: maths not typeset: {raw.group(0)[:80]!r}")
    if "Math input error" in state["text"]:
        problems.append(f"{path}: Math input error")
    if expected["headline"] not in state["lines"]:
        problems.append(f"{path}: headline line not on the page: {expected['headline']!r}")
    if len(state["images"]) != expected["images"]:
        problems.append(f"{path}: {len(state['images'])} image(s) in the outputs, expected "
                        f"{expected['images']} (tests/browser/lessons.toml)")
    if not all(state["images"]):
        problems.append(f"{path}: {state['images'].count(False)} image(s) do not load")
    if screenshot is not None:
        page.screenshot(path=str(screenshot))
    return problems, state
