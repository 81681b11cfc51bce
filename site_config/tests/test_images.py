"""Broken image files: a page shows no image (and the fault is logged), an upload is refused.

An original image can go missing from storage or be cut short (a failed copy, a full disk).
The pages that show it (the article, the article index, a condition page through an article
card) must still answer; an upload of such a file must be refused with a message.
"""

import io
import logging
import struct
import zlib

from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file, get_test_image_file_jpeg

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db

Image = get_image_model()
ARTICLE_URL = "/articles/an-illustrated-article/"
CONDITION_URL = "/conditions/ketamine-for-depression/"


@pytest.fixture
def illustrated(media, make_condition, make_article):
    """An article with a hero image, listed on the article index and as a card on its condition page."""
    image = Image.objects.create(
        title="Calm room",
        description="A calm room",
        file=get_test_image_file("calm-room.png", size=(960, 540)),
    )
    condition = make_condition(
        title="Ketamine for Depression",
        slug="ketamine-for-depression",
        body=[
            {
                "type": "related_articles",
                "value": {"heading": "Related articles", "mode": "latest", "articles": [], "count": 3},
            }
        ],
    )
    make_article(
        title="An illustrated article",
        slug="an-illustrated-article",
        hero_image=image,
        conditions=[condition],
    )
    return image


def forget_renditions(image):
    image.renditions.all().delete()
    cache.clear()


def delete_original(image):
    image.file.storage.delete(image.file.name)
    forget_renditions(image)


def truncate_original(image):
    path = image.file.path
    with open(path, "rb") as original:
        data = original.read()
    with open(path, "wb") as original:
        original.write(data[: len(data) // 2])
    forget_renditions(image)


def image_warnings(caplog, image):
    return [
        record
        for record in caplog.records
        if record.levelno == logging.WARNING and image.file.name in record.getMessage()
    ]


def test_a_readable_hero_image_is_shown(client, illustrated):
    html = BeautifulSoup(client.get(ARTICLE_URL).content, "html.parser")

    assert html.select_one("figure.article__hero picture img")["alt"] == "A calm room"


@pytest.mark.parametrize("breakage", [delete_original, truncate_original])
@pytest.mark.parametrize("url", [ARTICLE_URL, "/articles/", CONDITION_URL])
def test_a_broken_original_shows_no_image_and_is_logged_once(client, illustrated, caplog, breakage, url):
    breakage(illustrated)
    caplog.set_level(logging.WARNING)

    response = client.get(url)

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert "An illustrated article" in html.get_text()
    # No image at all: no broken <img>, no empty figure, no picture of a missing file.
    assert html.select("main img, main picture, figure.article__hero") == []
    assert "not-found" not in response.content.decode()
    assert len(image_warnings(caplog, illustrated)) == 1


def test_a_broken_hero_image_falls_back_to_the_default_social_image(client, illustrated):
    delete_original(illustrated)

    html = BeautifulSoup(client.get(ARTICLE_URL).content, "html.parser")

    assert html.select_one('meta[property="og:image"]')["content"].endswith("/static/img/og-default.png")
    assert (
        '"image"' not in html.select_one('script[type="application/ld+json"]').get_text().split('"@graph"')[0]
    )


# --- Uploads ---------------------------------------------------------------------------------


def png_bytes(size=(960, 540)):
    return get_test_image_file("upload.png", size=size).file.getvalue()


def jpeg_bytes(size=(960, 540)):
    buffer = io.BytesIO()
    # Noise, so the JPEG has scan data worth cutting short.
    PILImage.effect_noise(size, 64).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def png_declaring(width, height):
    """A valid PNG header declaring `width` x `height`, with almost no pixel data: a few hundred bytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


BROKEN_UPLOADS = {
    "truncated-png": ("cut.png", lambda: png_bytes()[: len(png_bytes()) // 2]),
    "truncated-jpeg": ("cut.jpg", lambda: jpeg_bytes()[: len(jpeg_bytes()) // 2]),
    "header-only-png": ("header.png", lambda: png_bytes()[:33]),
    "header-only-jpeg": ("header.jpg", lambda: get_test_image_file_jpeg().file.getvalue()[:200]),
}


def upload(client, view, name, data):
    file = SimpleUploadedFile(name, data, content_type="image/png")
    if view == "single":
        return client.post("/admin/images/add/", {"title": "Upload", "file": file, "collection": 1})
    return client.post(
        "/admin/images/multiple/add/", {"files[]": file}, headers={"x-requested-with": "XMLHttpRequest"}
    )


def upload_error(response, view):
    """The message the editor sees about the file."""
    assert response.status_code == 200
    if view == "single":
        html = BeautifulSoup(response.content, "html.parser")
        return " ".join(
            error.get_text(" ", strip=True) for error in html.select(".error-message, .w-field__errors")
        )
    data = response.json()
    assert data["success"] is False
    return data["error_message"]


@pytest.mark.parametrize("view", ["single", "multiple"])
@pytest.mark.parametrize("broken", list(BROKEN_UPLOADS))
def test_a_broken_image_file_is_refused_with_a_message(superuser_client, media, view, broken):
    name, make = BROKEN_UPLOADS[broken]

    response = upload(superuser_client, view, name, make())

    assert "Upload a valid image" in upload_error(response, view)
    assert not Image.objects.exists()


@pytest.mark.parametrize("view", ["single", "multiple"])
def test_an_image_over_the_pixel_limit_is_refused_without_decoding_it(superuser_client, media, view):
    limit = django_settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    width = 10_000
    height = limit // width + 1

    response = upload(superuser_client, view, "huge.png", png_declaring(width, height))

    message = upload_error(response, view)
    assert "This file has too many pixels" in message
    assert f"({width * height})" in message
    assert not Image.objects.exists()


@pytest.mark.parametrize("view", ["single", "multiple"])
def test_a_sound_image_is_still_accepted(superuser_client, media, view):
    response = upload(superuser_client, view, "sound.jpg", jpeg_bytes())

    assert response.status_code in (200, 302)
    assert Image.objects.count() == 1


def test_the_limits_suit_a_clinic_site():
    assert django_settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
