"""Screenshots of the published corpus beside HedgeDoc's reference shots (../shared/hedgedoc-ref/).

Usage: python3 bench/publish/shots.py SITE_DIR OUT_DIR
Serves SITE_DIR on 127.0.0.1, opens each page of shots.json at 1280x720 in Debian's Chromium and
writes OUT_DIR/<png> (ours) and OUT_DIR/side-<png> (reference left, ours right).
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

REF = Path(__file__).resolve().parents[3] / "shared" / "hedgedoc-ref"


def main(site: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    shots = json.loads((REF / "shots.json").read_text())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for shot in shots:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            url = base + shot["page"]
            page.goto(url)
            deck = "#" in shot["page"]
            if deck:
                page.wait_for_selector("html[data-deck-ready]", timeout=15000)
                page.wait_for_timeout(600)
            page.screenshot(path=str(out / shot["png"]), full_page=not deck)
            page.close()
        browser.close()
    server.shutdown()
    try:
        from PIL import Image
    except ImportError:
        return
    for shot in shots:
        a, b = Image.open(REF / shot["png"]), Image.open(out / shot["png"])
        h = min(max(a.height, b.height), 2400)
        side = Image.new("RGB", (a.width + b.width + 8, h), "red")
        side.paste(a, (0, 0))
        side.paste(b, (a.width + 8, 0))
        side.save(out / f"side-{shot['png']}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
