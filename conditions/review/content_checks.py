"""Content checks: warnings an editor sees before submitting medical content for review.

They do not block saving (the hard rules, such as every stat having a source, are
validation errors on the blocks); they point at what a medical reviewer will question.
A block says what is wrong with its own value through a `content_warnings(value)` method.
"""

import re

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


def claim_word_warnings(text):
    """One warning naming every claim word in `text`, or none."""
    claims = sorted({match.lower() for match in CLAIM_PATTERN.findall(text)})
    if not claims:
        return []
    quoted = ", ".join(f"\u201c{word}\u201d" for word in claims)
    return [f"Claim words to check with the medical reviewer: {quoted}."]


def stream_warnings(stream):
    """What each block of `stream` says is wrong with its value, in page order."""
    warnings = []
    for block in stream:
        check = getattr(block.block, "content_warnings", None)
        if check is not None:
            warnings.extend(check(block.value))
    return warnings
