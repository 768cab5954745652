"""The publisher: ``minutes-ci publish`` turns the parsed Documents into a static site.

Modules, in the order data flows through them:

- ``build``: the CLI command (``add_arguments``/``run``), gets Documents from ``minutes_ci.runner``.
- ``publish``: the build (``publish(root, docs, PublishOptions) -> Report``), incremental via ``manifest``.
- ``render``: HedgeDoc's render-time Markdown on the parser's stored tokens (no second parse).
- ``deck``: slides as reveal.js sections, split where the parser says HedgeDoc splits.
- ``resources`` + ``sanitize``: every URL is served by the site or dropped; HTML is allowlisted.
- ``pages`` / ``index``: page shells, index, series pages, action items, Atom feed.
- ``vendor``: reveal.js and mermaid pinned by sha512 from the npm registry, cached, never committed.
- ``files``: writing only changed bytes, Pagefind, the build report, Pages-safe permissions.
"""
