"""Sphinx configuration of the course's website (`make book`).

The site is built from the repository itself (`sphinx-build -c book . build/book/html`), so
every relative link in the README and the lessons works unchanged:

- the landing page is README.md (the lesson map, the commands, the credits); `index.html`
  redirects to it;
- the lessons are notebooks/NN_*.ipynb, rendered with their stored outputs by myst-nb (nothing is
  executed), beside the other pages of notebooks/ (*.md); a new lesson or page appears in the
  site's navigation by itself;
- maths is typeset by MathJax 3, copied into the site from the django-static-mathjax package, so
  pages render without the internet.
"""

import re
import shutil
from pathlib import Path

import mathjax  # django-static-mathjax: MathJax's own files, shipped on PyPI

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
LESSONS = sorted(p.relative_to(ROOT).with_suffix("").as_posix()
                 for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The other pages: the lessons' own pages (README, notation, ...), then data and instructors.
MORE = ([p.relative_to(ROOT).with_suffix("").as_posix()
         for p in sorted((ROOT / "notebooks").glob("*.md"), key=lambda p: p.name != "README.md")]
        + ["data/README", "instructors/README"])

project = "Neural networks from scratch, with NumPy"
author = "the course's authors"
copyright = "the course's authors; code and lessons under the MIT licence"

extensions = ["myst_nb"]
root_doc = "README"
include_patterns = ["README.md", "notebooks/*.md", "notebooks/[0-9][0-9]_*.ipynb",
                    "data/README.md", "instructors/README.md"]
exclude_patterns = [".*", "build", "assignments", "notebooks/exercises", "nnlib", "tests",
                    "benchmarks", "tools", "data/*/**", "**/.ipynb_checkpoints", "instructors/hub"]
templates_path = [str(HERE / "templates")]

# The stored outputs are the lesson: never re-run a notebook to build the site.
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True  # $$ ... $$ inside a paragraph or list item, as JupyterLab reads it
myst_heading_anchors = 3  # README.md#credits and other heading links resolve

html_theme = "sphinx_book_theme"
html_title = project
html_extra_path = [str(HERE / "extra")]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "article_footer_items": ["credits.html"],
}

# MathJax from the site itself (_static/mathjax/), never from a CDN.
MATHJAX = Path(mathjax.__file__).resolve().parent / "static" / "mathjax"
mathjax_path = "mathjax/tex-chtml.js"


def _credits_anchor():
    """The anchor of the README's Credits section, or "" when it has none."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return "credits" if re.search(r"^#{1,3} +Credits\s*$", readme, re.MULTILINE) else ""


html_context = {"credits_anchor": _credits_anchor()}


def _add_navigation(app, docname, source):
    """Give the landing page the site's table of contents (hidden: README shows the map)."""
    if docname != root_doc:
        return
    lessons = "\n".join(LESSONS)
    more = "\n".join(MORE)
    source[0] += (f"\n\n```{{toctree}}\n:hidden:\n:caption: Lessons\n\n{lessons}\n```\n"
                  f"\n```{{toctree}}\n:hidden:\n:caption: More\n\n{more}\n```\n")


def _copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / "mathjax"
        shutil.copytree(MATHJAX / "es5", target, dirs_exist_ok=True)
        shutil.copy2(MATHJAX / "LICENSE", target / "LICENSE")


def setup(app):
    app.connect("source-read", _add_navigation)
    app.connect("build-finished", _copy_mathjax)
