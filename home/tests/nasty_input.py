"""The nasty-input corpus: what a hostile or broken client may put in a URL's query string.

Each entry of QUERY_VALUES is (id, template): the raw, already percent-encoded query string
for one parameter, with `{name}` standing for the parameter's name. Raw, because some of it
(lone surrogates, invalid percent-encodings) cannot be written as a Python str and encoded
the ordinary way. HOSTILE_TEXTS is the same spirit as plain text, for tests that pass values
through the test client's own encoding.
"""

from urllib.parse import quote

# Characters that mean something to SQL, LIKE, full-text query syntaxes or HTML.
METACHARACTERS = list("&|!:*()'\"<>")

HOSTILE_TEXTS = [
    "",
    " ",
    "   \t\n  ",
    "Ketamine für Depressionen – naïve café",
    "ケタミン 治療",
    "علاج الاكتئاب",
    "Ζ̸̢a̴l̷g̶o̵ text",
    "💊🧠",
    "🏳️‍🌈👨‍👩‍👧",
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    "\x00",
    "depression\x00",
    "\x00\x00' OR 1=1 --\x00",
    "\x1b[31m\x7f",
    "\\",
    "%_%",
    "<script>alert(1)</script>",
    *METACHARACTERS,
    "".join(METACHARACTERS),
    " ".join(METACHARACTERS),
    "!(x:* & y) | <-> 'z'",
    # Unbalanced quotes and the search engines' own operators.
    '"ketamine',
    'ketamine" OR "x',
    "NEAR(",
    "AND OR NOT",
    "-ketamine",
    "ketamine 💊🧠",
    # Right-to-left override and marks, zero-width characters.
    "\u202edepression\u202c",
    "\u200fdepression\u200e",
    "de\u200bpres\ufeffsion",
]

LONG_VALUE_LENGTH = 100_000


def encoded(text):
    """`text` percent-encoded as a browser would send it in a query string."""
    return quote(text, safe="")


def _value(raw):
    return "{name}=" + raw


QUERY_VALUES = [
    # NUL, alone, inside a word, around a real slug, and many of them.
    ("nul", _value("%00")),
    ("nul-inside", _value("dep%00ression")),
    ("nul-after-slug", _value("depression%00")),
    ("nul-many", _value("%00" * 1_000)),
    # Every other C0 control character, and DEL, in one value; tab, newline and escape alone.
    ("c0-all", _value("x".join(f"%{code:02X}" for code in [*range(1, 32), 0x7F]))),
    ("tab", _value("x%09x")),
    ("newline", _value("x%0D%0Ax")),
    ("escape", _value("%1B[31mx")),
    # UTF-8 encodings of lone surrogates (high, low, and a pair encoded separately, CESU-8).
    ("surrogate-high", _value("%ED%A0%80")),
    ("surrogate-low", _value("%ED%BF%BF")),
    ("surrogate-pair-cesu8", _value("%ED%A0%BD%ED%B8%80")),
    # Invalid percent-encodings and invalid UTF-8.
    ("percent-zz", _value("%ZZ")),
    ("percent-bare", _value("%")),
    ("percent-truncated", _value("%A")),
    ("utf8-truncated", _value("%C3")),
    ("utf8-ff", _value("%FF")),
    ("utf8-overlong-slash", _value("%C0%AF")),
    ("utf8-overlong-nul", _value("%C0%80")),
    ("raw-latin1-bytes", _value("\xe9\xff")),
    # Size.
    ("long-100kb", _value("a" * LONG_VALUE_LENGTH)),
    ("long-100kb-multibyte", _value(encoded("é") * (LONG_VALUE_LENGTH // 2))),
    # Numbers, for ?page and friends.
    ("zero", _value("0")),
    ("negative", _value("-1")),
    ("huge-number", _value("9" * 5_000)),
    ("float", _value("1.5")),
    ("exponent", _value("1e309")),
    ("nan", _value("NaN")),
    ("infinity", _value("inf")),
    ("unicode-digits", _value(encoded("١٢٣"))),
    # Shapes of the query string itself.
    ("empty", _value("")),
    ("no-equals", "{name}"),
    ("repeated", "{name}=depression&{name}=%00&{name}=2"),
    ("repeated-many", "&".join(["{name}=x"] * 500)),
    ("array-syntax", "{name}[]=a&{name}[0]=b"),
    ("plus-and-space", _value("a+b%20c")),
    ("ampersand-only", "&&&{name}=a&&&"),
    # Plain hostile text, encoded as a browser would.
    # (The metacharacters one by one are the search's own tests; here they come all together.)
    *(
        (f"text-{i:02d}", _value(encoded(text)))
        for i, text in enumerate(HOSTILE_TEXTS)
        if text not in METACHARACTERS
    ),
]


def query_string(name, template):
    """The raw query string that sends corpus entry `template` as parameter `name`."""
    return template.replace("{name}", name)
