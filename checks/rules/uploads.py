"""An image uploaded to the HedgeDoc server is not committed next to the file.

What it does: for every reference to `https://<upload host>/uploads/<name>` (images, links, bare
URLs, slide backgrounds, front matter; hosts from the `upload_hosts` setting, by default
`input.scs.community`), checks that `<name>` (query and fragment stripped) is committed in the same
folder as the Markdown file, as `tools/check_links.sh` expects. `remote-upload-image` is the notice
for the opposite case: the image is committed, yet referenced by its remote URL.
Why is this bad? Uploads vanish when the note is deleted or the server is rebuilt; the minutes then
show broken images. A committed copy keeps them, and the publisher serves it.
Example: bad `![](https://input.scs.community/uploads/0c1d.png)` with no `0c1d.png` beside the
file; good the same reference with `0c1d.png` committed in the same folder (or `![](./0c1d.png)`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Severity
from ..rule import Context, Problem, Rule
from ._links import sibling, tree_exists, upload_name

REMOTE_DOC = """A committed image is referenced by its HedgeDoc upload URL instead of the local copy.

What it does: reports references to `https://<upload host>/uploads/<name>` when `<name>` is
committed in the same folder as the Markdown file. A notice: the publisher rewrites these URLs.
Why is this bad? The page keeps loading the image from the HedgeDoc server, which may forget it;
a relative path works offline, on GitHub and on the published site.
Example: bad `![](https://input.scs.community/uploads/0c1d.png)` beside a committed `0c1d.png`;
good `![](./0c1d.png)`.
"""


# The last Document's answer: both rules of this module ask in a row about the same Document.
_MEMO: list[tuple[Document, Context, tuple[tuple[int, str, bool], ...]]] = []


def _uploads(doc: Document, ctx: Context) -> Iterator[tuple[int, str, bool]]:
    """(index into doc.links, sibling path, committed?) for each upload reference."""
    if _MEMO and _MEMO[0][0] is doc and _MEMO[0][1] is ctx:
        return iter(_MEMO[0][2])
    found: list[tuple[int, str, bool]] = []
    for i, link in enumerate(doc.links):
        if "/uploads/" not in link.url:
            continue
        name = upload_name(link.url, ctx.upload_hosts)
        if name:
            path = sibling(doc, name)
            found.append((i, path, tree_exists(ctx, path)))
    result = tuple(found)
    _MEMO[:] = [(doc, ctx, result)]
    return iter(result)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for i, path, committed in _uploads(doc, ctx):
        if not committed:
            yield Problem(
                doc.links[i].span,
                f"uploaded image {path.rpartition('/')[2]} is not committed next to the file; expected {path}",
            )


def check_remote(doc: Document, ctx: Context) -> Iterator[Problem]:
    for i, path, committed in _uploads(doc, ctx):
        if committed:
            name = path.rpartition("/")[2]
            yield Problem(doc.links[i].span, f"remote upload url for committed {name}; expected ./{name}")


RULE = Rule(id="uncommitted-upload", severity=Severity.ERROR, check=check, doc=__doc__ or "")
REMOTE_RULE = Rule(id="remote-upload-image", severity=Severity.NOTICE, check=check_remote, doc=REMOTE_DOC)
