"""A committed file used as an image is not an image.

What it does: for every image the file uses from the repository (relative images, slide
backgrounds, HTML `src`, links to files with an image extension, and committed copies of HedgeDoc
uploads), reads the first bytes and checks them for a known format: PNG, JPEG, GIF, WebP, SVG,
AVIF/HEIC, PDF, BMP/ICO/TIFF.
Why is this bad? Downloading an upload without being logged in saves the server's HTML login page
under the image's name; the commit looks fine and the image is broken everywhere.
Example: bad `0c1d.png` that starts with `<!DOCTYPE html>`; good a real PNG.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Link, Severity
from ..rule import Context, Problem, Rule
from ._links import (
    describe_bytes,
    has_image_extension,
    image_type,
    is_relative,
    resolve,
    sibling,
    split_url,
    tree_exists,
    tree_head,
    tree_is_dir,
    upload_name,
)

_IMAGE_FORMS = frozenset({"image", "html-src", "data-background", "front-matter"})
_HEAD = 2048  # enough for an SVG's XML declaration, doctype and comments before `<svg`


def _local_image(link: Link, doc: Document, ctx: Context) -> str | None:
    """The committed file this link uses as an image, if any."""
    if "/uploads/" in link.url:
        name = upload_name(link.url, ctx.upload_hosts)
        return sibling(doc, name) if name else None
    if not is_relative(link.url) or link.form in ("bare", "autolink"):
        return None
    base = split_url(link.url.strip())[0]
    path = resolve(doc.path, base) if base else None
    if not path or not (link.image or link.form in _IMAGE_FORMS or has_image_extension(path)):
        return None
    return path


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    seen: set[str] = set()
    for link in doc.links:
        path = _local_image(link, doc, ctx)
        if path is None or path in seen or not tree_exists(ctx, path):
            continue
        # the first bytes first: a folder has none (it is never an image), so the folder test,
        # which resolves the path once more, is only needed for what is not an image
        head = tree_head(ctx, path, _HEAD)
        if image_type(head) is not None:
            seen.add(path)
            continue
        if tree_is_dir(ctx, path):
            continue
        seen.add(path)
        yield Problem(link.span, f"{path} is {describe_bytes(head)}, not an image")


RULE = Rule(id="not-an-image", severity=Severity.ERROR, check=check, doc=__doc__ or "")
