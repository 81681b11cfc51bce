"""Video documents served in byte ranges (home/documents.py), as Safari needs to play them."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from home.documents import MAX_ANSWER_BYTES, requested_range

pytestmark = pytest.mark.django_db

VIDEO_BYTES = bytes(range(256)) * 4  # 1,024 bytes, each position's value known


@pytest.fixture
def make_document(media):
    def make(filename="consultation.webm", content=VIDEO_BYTES, collection=None):
        fields = {"collection": collection} if collection else {}
        return get_document_model().objects.create(
            title=filename, file=ContentFile(content, name=filename), **fields
        )

    return make


def get(client, document, byte_range=None):
    headers = {"Range": byte_range} if byte_range else {}
    response = client.get(document.url, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.mark.parametrize(
    ("byte_range", "first", "last"),
    [
        ("bytes=0-1", 0, 1),
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
    ],
)
def test_a_video_is_served_in_the_range_asked_for(client, make_document, byte_range, first, last):
    response, body = get(client, make_document(), byte_range)

    assert response.status_code == 206
    assert body == VIDEO_BYTES[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/1024"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"


def test_a_range_past_the_end_is_refused_with_the_files_size(client, make_document):
    response, _ = get(client, make_document(), "bytes=5000-")

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


def test_an_open_range_of_a_large_video_is_answered_in_part(client, make_document, settings):
    large = make_document(content=VIDEO_BYTES * 3 * 1024)  # 3 MiB

    response, body = get(client, large, "bytes=0-")

    assert response.status_code == 206
    assert len(body) == MAX_ANSWER_BYTES and body == (VIDEO_BYTES * 3 * 1024)[:MAX_ANSWER_BYTES]
    assert response["Content-Range"] == f"bytes 0-{MAX_ANSWER_BYTES - 1}/{3 * 1024 * 1024}"


def test_a_range_beyond_the_end_stops_at_the_last_byte(client, make_document):
    response, body = get(client, make_document(), "bytes=1020-9999")

    assert response.status_code == 206 and body == VIDEO_BYTES[1020:]


@pytest.mark.parametrize(
    "byte_range", [None, "bytes=0-1,5-6", "items=0-1", "bytes=-", "bytes=" + "9" * 5000 + "-", "bytes=\x00-1"]
)
def test_without_one_range_of_bytes_the_whole_file_is_served(client, make_document, byte_range):
    response, body = get(client, make_document(), byte_range)

    assert response.status_code == 200 and body == VIDEO_BYTES


def test_captions_are_served_in_ranges_and_other_documents_whole(client, make_document):
    captions = make_document("consultation.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n")
    leaflet = make_document("leaflet.pdf", b"%PDF-1.4 leaflet")

    response, body = get(client, captions, "bytes=0-5")
    assert response.status_code == 206 and body == b"WEBVTT"
    response, body = get(client, leaflet, "bytes=0-3")
    assert response.status_code == 200 and body == b"%PDF-1.4 leaflet"


def test_a_private_video_is_not_served_in_ranges_to_a_visitor(client, make_document):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )

    response, body = get(client, make_document(collection=private), "bytes=0-1")

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert body == b""


def test_requested_range_reads_each_form_of_the_header():
    assert requested_range("bytes=0-0", 10) == (0, 0)
    assert requested_range("bytes=-0", 10) == ()
    assert requested_range("bytes=0-", 0) == ()
    assert requested_range("bytes=9-3", 10) == ()
