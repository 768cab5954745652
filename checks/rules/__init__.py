"""The rule registry: an explicit tuple, so the order (and the set) of rules is reviewable.

Each group of rules keeps its imports and entries between its own marker comments.
"""

from __future__ import annotations

from ..rule import Rule

# >>> dates-decks
from . import (
    dated_titles,
    deck_reporters,
    file_date_future,
    file_name,
    front_matter,
    front_matter_schema,
    slide_attributes,
    slide_background,
    slide_separators,
    title_date,
    title_date_format,
    title_format,
    title_no_date,
    weekday,
)

_DATES_DECKS: tuple[Rule, ...] = (
    file_name.RULE,
    file_date_future.RULE,
    title_date.RULE,
    title_no_date.RULE,
    title_date_format.RULE,
    title_format.RULE,
    dated_titles.RULE,
    weekday.RULE,
    front_matter.START_RULE,
    front_matter.YAML_RULE,
    front_matter_schema.RULE,
    slide_separators.IGNORED_RULE,
    slide_separators.IN_CODE_RULE,
    slide_separators.EMPTY_RULE,
    slide_attributes.MALFORMED_RULE,
    slide_attributes.DROPPED_RULE,
    slide_background.RULE,
    deck_reporters.MISSING_RULE,
    deck_reporters.MISMATCH_RULE,
    deck_reporters.PLACEHOLDER_RULE,
)
# <<< dates-decks

# >>> minutes
from . import (  # noqa: E402
    action_items,
    date_year,
    duplicate_file,
    final_newline,
    handles,
    hedgedoc_note,
    participants,
    placeholder_file,
    pseudo_html,
    reporters,
    required_sections,
    section_level,
    template_leftovers,
    text_encoding,
    unfilled_placeholder,
    whitespace,
)

_MINUTES: tuple[Rule, ...] = (
    text_encoding.RULE,
    duplicate_file.RULE,
    placeholder_file.RULE,
    template_leftovers.LEFTOVER,
    template_leftovers.TEMPLATE,
    unfilled_placeholder.RULE,
    date_year.RULE,
    participants.MISSING,
    participants.FORMAT,
    required_sections.AGENDA_RULE,
    required_sections.HOUSEKEEPING_RULE,
    section_level.RULE,
    reporters.RULE,
    action_items.RULE,
    handles.INVALID,
    handles.TYPO,
    pseudo_html.RULE,
    hedgedoc_note.RULE,
    whitespace.TRAILING,
    whitespace.TABS,
    final_newline.RULE,
)
# <<< minutes

# >>> links
from . import (  # noqa: E402
    empty_link,
    issue_kind,
    issue_no_number,
    issue_number,
    issue_path,
    issue_repo,
    link_anchor,
    missing_link_target,
    not_an_image,
    reversed_link,
    uploads,
)

_LINKS: tuple[Rule, ...] = (
    issue_number.RULE,
    issue_no_number.RULE,
    issue_repo.RULE,
    issue_kind.RULE,
    issue_path.RULE,
    reversed_link.RULE,
    empty_link.RULE,
    missing_link_target.RULE,
    link_anchor.RULE,
    link_anchor.EMPTY_RULE,
    uploads.RULE,
    uploads.REMOTE_RULE,
    not_an_image.RULE,
)
# <<< links

# >>> markdown-syntax
from . import homoglyph, markdown_syntax, slide_separator_kind  # noqa: E402

_MARKDOWN: tuple[Rule, ...] = (
    slide_separator_kind.RULE,
    markdown_syntax.HEADING_RULE,
    markdown_syntax.SEPARATOR_RULE,
    markdown_syntax.TASK_BOX_RULE,
    markdown_syntax.TABLE_RULE,
    markdown_syntax.SPLIT_LINK_RULE,
    homoglyph.RULE,
)
# <<< markdown-syntax

# >>> render-secrets
from . import (  # noqa: E402
    accidental_emphasis,
    doubled_marker,
    empty_list_item,
    hedgedoc_container,
    indented_code,
    issue_text_link,
    label_continuation,
    link_as_text,
    list_marker_text,
    list_nesting,
    secrets,
    unclosed_markup,
    url_host,
    url_scheme,
)

_RENDER: tuple[Rule, ...] = (
    secrets.RULE,
    link_as_text.RULE,
    list_marker_text.RULE,
    list_nesting.RULE,
    indented_code.RULE,
    unclosed_markup.RULE,
    empty_list_item.RULE,
    url_scheme.RULE,
    url_host.RULE,
    issue_text_link.RULE,
    label_continuation.RULE,
    doubled_marker.RULE,
    accidental_emphasis.RULE,
    hedgedoc_container.RULE,
)
# <<< render-secrets

# >>> urls
from . import url_host_invalid, url_line_break  # noqa: E402

_URLS: tuple[Rule, ...] = (url_host_invalid.RULE, url_line_break.RULE)
# <<< urls

# >>> content
from . import markdown_extension  # noqa: E402

_CONTENT: tuple[Rule, ...] = (markdown_extension.RULE,)
# <<< content

# >>> round3
from . import list_marker_switch  # noqa: E402

_ROUND3: tuple[Rule, ...] = (list_marker_switch.RULE,)
# <<< round3

RULES: tuple[Rule, ...] = _DATES_DECKS + _MINUTES + _LINKS + _MARKDOWN + _RENDER + _URLS + _CONTENT + _ROUND3


def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES}
