"""Content checks: warnings an editor sees before submitting medical content for review.

They do not block saving (the hard rules, such as every stat having a source, are
validation errors on the blocks); they point at what a medical reviewer will question.
"""

import re

from home.blocks import stream_text

# Words a health provider should not promise; each one found is flagged for the reviewer.
CLAIM_WORDS = [
    "cure",
    "cures",
    "cured",
    "guarantee",
    "guaranteed",
    "miracle",
    "permanent",
    "risk-free",
    "100%",
]
CLAIM_PATTERN = re.compile(
    r"(?<![\w%])(" + "|".join(re.escape(word) for word in CLAIM_WORDS) + r")(?![\w%])", re.IGNORECASE
)


def content_warnings(page):
    """Plain-language warnings about `page`'s content, most important first."""
    from .models import ConditionPage

    warnings = []
    summary = getattr(page, "intro", "") or getattr(page, "summary", "")
    text = " ".join([page.title, summary, stream_text(page.body.raw_data)])
    claims = sorted({match.lower() for match in CLAIM_PATTERN.findall(text)})
    if claims:
        quoted = ", ".join(f"\u201c{word}\u201d" for word in claims)
        warnings.append(f"Claim words to check with the medical reviewer: {quoted}.")

    blocks = list(page.body)
    if isinstance(page, ConditionPage) and not any(
        block.block_type == "notice" and block.value["kind"] == "disclaimer" for block in blocks
    ):
        warnings.append("This condition page has no disclaimer notice, such as the off-label use statement.")
    for block in blocks:
        if block.block_type == "stats":
            for stat in block.value["stats"]:
                if stat["study"] is None and not stat["citation"]:
                    warnings.append(
                        f"The figure {stat.formatted_figure} has lost its source: its study was deleted from the library."
                    )
        elif block.block_type == "testimonial":
            testimonial = block.value["testimonial"]
            if testimonial is None or not testimonial.can_be_shown:
                warnings.append(
                    "A testimonial on this page cannot be shown (deleted, unpublished, or its consent has "
                    "lapsed); visitors will not see it."
                )
    return warnings
