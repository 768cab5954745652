"""The Content-Security-Policy every generated page carries (GitHub Pages sets no headers: a <meta>).

The sanitiser is the wall; this is the net under it. Scripts run only from the site's own files
(no inline script, no eval; Pagefind's WebAssembly needs ``'wasm-unsafe-eval'``, so only the
page with the search box gets it). Nothing is loaded from, sent to or framed from another host.

``style-src`` keeps ``'unsafe-inline'``: HedgeDoc decks get their look from authors' ``<style>``
blocks and ``style=`` attributes, and mermaid's diagrams carry their own ``<style>``. That CSS is
rebuilt from tokens by css.py (nothing non-local survives), and ``img-src``/``font-src``/
``default-src`` make any load a stylesheet could still attempt stay on the site.
"""

from __future__ import annotations

_DIRECTIVES = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("media-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("frame-src", "'none'"),
    ("child-src", "'none'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
)


def policy(wasm: bool = False) -> str:
    parts = []
    for name, value in _DIRECTIVES:
        if name == "script-src" and wasm:
            value += " 'wasm-unsafe-eval'"
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def meta(wasm: bool = False) -> str:
    """The <meta> element; it must come first in <head>, before anything it should govern."""
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(wasm)}">\n'
