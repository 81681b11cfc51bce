"""Benchmark settings (bench/): the test settings, with search indexing left to update_index and
static files served as production serves them (from the collected files, indexed once)."""

from .test import *  # noqa: F403
from .test import WAGTAILSEARCH_BACKENDS

for backend in WAGTAILSEARCH_BACKENDS.values():
    backend["AUTO_UPDATE"] = False

WHITENOISE_AUTOREFRESH = False
