"""Object storage out of reach (home/storage.py): the production storage class against a real S3
server (moto's, on loopback) and against an address where nothing listens.

Pages are served with the pictures that cannot be made left out and are not cached so; uploads
are refused with the form's message and save nothing; a download is a 503 that says why.
resilience/test_outages.py takes the storage away from gunicorn mid-run.
"""

import json
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import Collection

import boto3
import pytest
from botocore.config import Config

from home import storage
from home.models import ClinicSettings
from home.tests.factories import StandardPageFactory
from home.tests.network import TcpProxy, free_port, wait_for_port

pytestmark = pytest.mark.django_db

BUCKET = "clinic-media"
CREDENTIALS = {"access_key": "local-test", "secret_key": "local-test-secret", "region_name": "us-east-1"}
MESSAGE = "The file store cannot be reached just now, so this file was not saved."


@pytest.fixture(scope="module")
def s3_endpoint():
    moto_server = Path(sys.executable).with_name("moto_server")
    port = free_port()
    server = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    wait_for_port(port, process=server)
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=CREDENTIALS["region_name"],
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


def object_storage(endpoint):
    return {
        "BACKEND": "home.object_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "addressing_style": "path",
            "file_overwrite": False,
            "client_config": Config(
                s3={"addressing_style": "path"}, connect_timeout=1, retries={"max_attempts": 1}
            ),
            **CREDENTIALS,
        },
    }


@pytest.fixture
def switch_storage(settings, s3_endpoint, monkeypatch):
    """switch("up") or switch("away"): the default storage is the S3 server, or the same settings
    at a loopback port where nothing listens (every request refused, as when the server is down).
    Back "up", the storage's quiet seconds after a failure are over (`quiet=False`) or not."""
    away = f"http://127.0.0.1:{free_port()}"

    def switch(state, quiet=False):
        endpoint = {"up": s3_endpoint, "away": away}[state]
        settings.STORAGES = {**settings.STORAGES, "default": object_storage(endpoint)}
        if not quiet:
            monkeypatch.setattr(storage, "_quiet_until", 0.0)

    switch("up")
    cache.clear()  # Wagtail caches renditions by image id
    yield switch
    cache.clear()


@pytest.fixture
def caches_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600


def test_an_outage_is_raised_as_one_error_and_counted(switch_storage):
    assert default_storage.exists("nothing-here") is False
    with pytest.raises(FileNotFoundError):
        default_storage.open("nothing-here")
    before = storage.failures()

    switch_storage("away")

    for call in (lambda: default_storage.exists("nothing-here"), lambda: default_storage.open("x")):
        with pytest.raises(storage.StorageUnavailable, match="out of reach"):
            call()
    with pytest.raises(storage.StorageUnavailable):
        default_storage.save("new.txt", ContentFile(b"text"))
    assert storage.failures() == before + 3


@pytest.fixture
def s3_link(settings, s3_endpoint, monkeypatch):
    """The default storage reaches the S3 server through a loopback proxy that the test cuts."""
    proxy = TcpProxy(int(s3_endpoint.rsplit(":", 1)[1]))
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(f"http://127.0.0.1:{proxy.port}")}
    monkeypatch.setattr(storage, "_quiet_until", 0.0)
    yield proxy
    proxy.cut()


def test_a_download_that_fails_after_the_file_was_opened_is_the_outage_and_keeps_nothing(
    s3_link, monkeypatch
):
    name = default_storage.save("fees.txt", ContentFile(b"Fees and insurance. " * 100))
    file = default_storage.open(name)  # asks for its size; the download waits for the first read
    before = storage.failures()

    s3_link.cut()
    with pytest.raises(storage.StorageUnavailable, match="out of reach:"):
        file.read()
    assert storage.failures() == before + 1

    s3_link.restore()
    monkeypatch.setattr(storage, "_quiet_until", 0.0)
    assert file.read() == b"Fees and insurance. " * 100


def test_a_download_cut_off_part_way_is_the_outage_and_keeps_nothing(s3_link, monkeypatch):
    content = bytes(range(256)) * 4096  # 1 MiB
    name = default_storage.save("scan.bin", ContentFile(content))
    file = default_storage.open(name)

    s3_link.answer_limit = 64 * 1024  # every connection dropped after 64 KiB of answers
    with pytest.raises(storage.StorageUnavailable, match="out of reach:"):
        file.read()

    s3_link.answer_limit = None
    monkeypatch.setattr(storage, "_quiet_until", 0.0)
    assert file.read() == content


def test_after_a_failure_the_storage_is_not_asked_again_for_a_few_seconds(switch_storage):
    switch_storage("away")
    with pytest.raises(storage.StorageUnavailable, match="out of reach:"):
        default_storage.exists("nothing-here")

    switch_storage("up", quiet=True)
    with pytest.raises(storage.StorageUnavailable, match="moments ago"):
        default_storage.exists("nothing-here")

    switch_storage("up")
    assert default_storage.exists("nothing-here") is False


def jpeg_upload():
    data = get_test_image_file_jpeg("calm.jpg", size=(640, 360)).file.getvalue()
    return SimpleUploadedFile("calm.jpg", data, content_type="image/jpeg")


def add_image(client):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Calm room", "file": jpeg_upload(), "collection": Collection.get_first_root_node().pk},
    )


def test_an_image_upload_while_the_storage_is_away_is_refused_and_saves_nothing(
    switch_storage, superuser_client
):
    switch_storage("away")

    response = add_image(superuser_client)

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(MESSAGE)
    assert not get_image_model().objects.exists()

    switch_storage("up")
    assert add_image(superuser_client).status_code == 302
    image = get_image_model().objects.get()
    assert default_storage.exists(image.file.name)


def test_a_multiple_upload_while_the_storage_is_away_names_the_file_and_saves_nothing(
    switch_storage, superuser_client
):
    switch_storage("away")

    response = superuser_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": jpeg_upload(), "collection": Collection.get_first_root_node().pk},
    )

    answer = json.loads(response.content)
    assert answer["success"] is False
    assert MESSAGE in answer["error_message"]
    assert not get_image_model().objects.exists()


def test_a_document_upload_while_the_storage_is_away_is_refused_and_saves_nothing(
    switch_storage, superuser_client
):
    switch_storage("away")
    upload = SimpleUploadedFile("fees.pdf", b"%PDF-1.4 fees", content_type="application/pdf")

    response = superuser_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Fees", "file": upload, "collection": Collection.get_first_root_node().pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(MESSAGE)
    assert not get_document_model().objects.exists()


@pytest.fixture
def logo(switch_storage, home_page):
    """The clinic's logo, shown in every page's header, its original in the S3 server and no
    rendition of it made yet."""
    image = get_image_model().objects.create(
        title="Logo", file=get_test_image_file_jpeg("logo.jpg", size=(480, 96))
    )
    clinic = ClinicSettings.for_site(home_page.get_site())
    clinic.logo = image
    clinic.save()
    image.renditions.all().delete()
    cache.clear()
    return image


def visit(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response


def test_a_picture_that_cannot_be_made_is_left_out_and_the_page_not_kept(
    logo, switch_storage, caches_on, home_page
):
    page = StandardPageFactory(parent=home_page, title="Cost and insurance", slug="cost")
    switch_storage("away")

    first, second = visit(page.url), visit(page.url)

    for response in (first, second):
        assert "site-header__logo-image" not in response.content.decode()
        assert response.get("X-Page-Cache") != "hit"
    assert not logo.renditions.exists()

    switch_storage("up")
    back = visit(page.url)
    assert "site-header__logo-image" in back.content.decode()
    assert back["X-Page-Cache"] == "miss"
    assert visit(page.url)["X-Page-Cache"] == "hit"


def test_a_document_download_while_the_storage_is_away_is_a_503_that_says_why(switch_storage, settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    document = get_document_model().objects.create(
        title="Fees", file=ContentFile(b"%PDF-1.4 fees", name="fees.pdf")
    )
    assert visit(document.url).status_code == 200

    switch_storage("away")
    response = Client(raise_request_exception=False).get(document.url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Our file store cannot be reached just now" in response.content.decode()


def test_a_header_rendered_while_the_storage_is_away_is_not_kept_as_a_fragment(
    logo, switch_storage, settings, home_page
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    page = StandardPageFactory(parent=home_page, title="Cost and insurance", slug="cost")
    switch_storage("away")
    assert "site-header__logo-image" not in visit(page.url).content.decode()

    switch_storage("up")

    assert "site-header__logo-image" in visit(page.url).content.decode()


def test_an_image_can_be_renamed_while_the_storage_is_away_and_not_given_a_new_file(
    switch_storage, superuser_client
):
    assert add_image(superuser_client).status_code == 302
    image = get_image_model().objects.get()
    original = image.file.name
    edit = reverse("wagtailimages:edit", args=[image.pk])
    switch_storage("away")

    assert superuser_client.get(edit).status_code == 200
    renamed = superuser_client.post(edit, {"title": "Quiet room", "collection": image.collection_id})
    replaced = superuser_client.post(
        edit, {"title": "Other room", "file": jpeg_upload(), "collection": image.collection_id}
    )

    assert renamed.status_code == 302
    assert replaced.status_code == 200
    assert replaced.context["form"].errors["file"][0].startswith(MESSAGE)
    image = get_image_model().objects.get()
    assert (image.title, image.file.name, image.width) == ("Quiet room", original, 640)
