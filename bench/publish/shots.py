"""Screenshots of the published corpus beside HedgeDoc's reference shots (../shared/hedgedoc-ref/).

Usage: python3 bench/publish/shots.py SITE_DIR OUT_DIR
Serves SITE_DIR on 127.0.0.1, opens each page of shots.json at 1280x720 in Debian's Chromium and
writes OUT_DIR/<png> (ours) and OUT_DIR/side-<png> (reference left, ours right, drawn by the
same browser: no imaging library needed).
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import sys
import threading
from pathlib import Path

REF = Path(__file__).resolve().parents[3] / "shared" / "hedgedoc-ref"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(site: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(site))
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
            side = browser.new_page(viewport={"width": 2576, "height": 760})
            # data: URLs: a page from set_content may not read file:// images
            ref_url = "data:image/png;base64," + base64.b64encode((REF / shot["png"]).read_bytes()).decode()
            ours_url = "data:image/png;base64," + base64.b64encode((out / shot["png"]).read_bytes()).decode()
            side.set_content(
                "<body style='margin:0;display:flex;gap:16px;background:#c00;font:20px sans-serif'>"
                f"<figure style='margin:0'><img src='{ref_url}' width=1280><figcaption style='background:#fff'>"
                f"HedgeDoc 1.12 (reference): {shot['page']}</figcaption></figure>"
                f"<figure style='margin:0'><img src='{ours_url}' width=1280><figcaption style='background:#fff'>"
                f"minutes-ci: {shot['page']}</figcaption></figure></body>")
            side.wait_for_timeout(200)
            side.screenshot(path=str(out / f"side-{shot['png']}"), full_page=True)
            side.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
