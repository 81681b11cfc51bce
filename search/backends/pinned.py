"""The django-modelsearch release the site's backend is written for, and a check that it is installed.

The backend subclasses the stock compilers, results and indexes and calls their internals
(build_search_query, _build_rank_expression, the index models' columns). Another release may
rename or reshape them without notice, so `manage.py check` (run by CI and before a deploy)
fails until the backend has been read against the new release and this pin moved.
search/tests/test_backend_shape.py checks the internals themselves.
"""

from importlib.metadata import version

from django.core import checks

MODELSEARCH_VERSION = "1.3.2"


@checks.register(checks.Tags.compatibility)
def check_modelsearch_version(app_configs, **kwargs):
    installed = version("modelsearch")
    if installed == MODELSEARCH_VERSION:
        return []
    return [
        checks.Error(
            f"search/backends is written for django-modelsearch {MODELSEARCH_VERSION}, "
            f"but {installed} is installed.",
            hint="Read search/backends against the installed release, run search/tests, then move the pin "
            "in search/backends/pinned.py.",
            id="search.E001",
        )
    ]
