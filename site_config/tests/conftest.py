"""The `browser` marker, registered here as well as in browser/conftest.py.

`-m "not browser" --ignore=site_config/tests/browser` (the fast run) never loads
browser/conftest.py, and pytest's --strict-markers refuses an unknown marker in `-m`.
"""


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: tests that drive Chromium")
