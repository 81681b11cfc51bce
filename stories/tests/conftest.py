"""Fixtures for the stories tests; the site's tree, people and factories are in the root conftest.py."""

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest


@pytest.fixture
def make_image(settings, tmp_path):
    """make(description="", size=(64, 36)): an image, written with its renditions to a temporary
    folder, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path
    counter = iter(range(1, 100_000))

    def make(description="", size=(64, 36)):
        n = next(counter)
        return get_image_model().objects.create(
            title=f"Image {n}", description=description, file=get_test_image_file(f"image-{n}.png", size=size)
        )

    return make
