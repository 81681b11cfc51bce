"""axe-core (npm's axe-core, injected by Playwright) on a page: its violations, as readable lines.

A page checked this way is opened with `new_page(bypass_csp=True)`: axe-core is injected as an
inline script, which the site's policy rightly refuses.
"""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, selector=None):
    """The WCAG 2.2 AA and best-practice violations on the page, or within the elements `selector` finds."""
    assert AXE.exists(), "axe-core is missing: run `make node_modules/.installed` (npm ci)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async ([selector, tags]) => await axe.run(
            selector ? document.querySelectorAll(selector) : document,
            {runOnly: {type: "tag", values: tags}},
        )""",
        [selector, WCAG_TAGS],
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in result["violations"]
    ]
