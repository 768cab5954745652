"""Shared pieces of the publisher tests: a small fake minutes repository and a loopback HTTP server."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from minutes_ci.checks.model import Document
from minutes_ci.checks.parse import load_document
from minutes_ci.site.publish import PublishOptions, Report, publish
from minutes_ci.site.vendor import REVEAL, AssetError, ensure

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "scs-minutes"
PNG = bytes.fromhex(  # a 1x1 transparent PNG, so the browser can really decode the "upload"
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)

DECK = """---
title: Test Call
type: slide
slideOptions:
  theme: white
  transition: 'slide'
  parallaxBackgroundImage: '![](https://input.scs.community/uploads/parallax.png)'
  onReady: 'alert(1)'
  autoSlideMethod: 'x'
---

<style>
@import url(https://evil.example/x.css);
.slides h1 { color: #0f5fe1; background: url(https://evil.example/bg.png); }
</style>

<!-- .slide: data-background="https://input.scs.community/uploads/bg.png" -->
# <font color="#50c3a5">Test</font> Call 2024-03-07

---

# Team Alpha

Report by <a href="https://github.com/someone">@someone</a>

- point one <!-- .element: class="fragment" -->
- :rocket: launch

----

## Alpha detail

![chart](https://input.scs.community/uploads/chart.png =200x)

note:
Say the secret word zebraquokka.

----

## Alpha code

```
before

---

after
```

---

# Team Beta

![gone](https://input.scs.community/uploads/missing.png)
![far](https://images.example.org/far.png)

```mermaid
graph LR; Beta-->Release
```
"""

MINUTES = """# 2024-03-{day:02d}

## Participants

- @alice
- @bob

## Topics

### Release planning

- AI @alice: write the release notes for {day}
- Mentioned marmalade{day} in passing

![diagram](https://input.scs.community/uploads/chart.png)

```mermaid
flowchart TD
    Plan --> Ship
```
"""

HOSTILE = """# 2024-03-20

<script>window.pwned = "script";</script>
<img src="x.png" onerror="window.pwned = 'onerror'">
<a href="javascript:window.pwned='href'" id="jslink">click me</a>
[md link](javascript:window.pwned='md')
<div onclick="window.pwned='click'" style="background:url(https://evil.example/t.png)">div</div>
<iframe src="https://evil.example/frame"></iframe>
<svg><script>window.pwned='svg'</script></svg>
<style>@import url(https://evil.example/i.css); body { color: #111; }</style>
"""

HOSTILE_DECK = """---
type: slide
robots: noindex, nofollow
description: '"><script>window.pwned="meta"</script>'
---

<!-- .slide: data-background-iframe="javascript:window.pwned='bgiframe'" -->
# Hostile deck

<p>text</p> <!-- .element: onclick="window.pwned='element'" data-src="javascript:x" -->
<section data-background-iframe="javascript:window.pwned='raw'">raw</section>
<script>window.pwned = "deck-script";</script>
"""


def make_repo(root: Path) -> Path:
    """A small minutes repository: one deck, a series of three minutes, hostile pages, uploads."""
    (root / "community-call").mkdir(parents=True)
    (root / "community-call" / "20240307.md").write_text(DECK, encoding="utf-8")
    (root / "community-call" / "bg.png").write_bytes(PNG)
    (root / "community-call" / "parallax.png").write_bytes(PNG)
    (root / "community-call" / "chart.png").write_bytes(PNG)
    (root / "iaas").mkdir()
    for day in (6, 13, 27):
        (root / "iaas" / f"202403{day:02d}.md").write_text(MINUTES.format(day=day), encoding="utf-8")
    (root / "iaas" / "chart.png").write_bytes(PNG)
    (root / "sig-security").mkdir()
    (root / "sig-security" / "20240320.md").write_text(HOSTILE, encoding="utf-8")
    (root / "sig-security" / "20240321.md").write_text(HOSTILE_DECK, encoding="utf-8")
    readme = "# Minutes\n\nThe minutes of the [IaaS team](iaas/20240306.md).\n"
    (root / "README.md").write_text(readme, encoding="utf-8")
    return root


def load_all(root: Path) -> list[Document]:
    return [load_document(root, p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.md"))]


def reveal_or_skip() -> Path:
    try:
        return ensure(REVEAL)
    except AssetError as exc:
        pytest.skip(f"reveal.js is not cached and cannot be fetched: {exc}")


def build(root: Path, out: Path, **kw: object) -> Report:
    reveal_or_skip()
    return publish(root, load_all(root), PublishOptions(out=out, **kw))  # type: ignore[arg-type]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (an ephemeral port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
