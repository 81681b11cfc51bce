"""The renditions the site's templates show are made by a task once an image's file or focal
point is saved (home/tasks.py); site_config/tests/test_background_tasks.py runs the real worker.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template
from django.test import override_settings
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.templatetags.wagtailimages_tags import ImageNode, SrcsetImageNode
from wagtail.images.tests.utils import get_test_image_file, get_test_image_file_jpeg
from wagtail.models import Collection

import pytest
from django_tasks_db.models import DBTaskResult

from home.tasks import make_site_renditions, site_rendition_specs

pytestmark = pytest.mark.django_db

Image = get_image_model()
IN_THE_DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK = "home.tasks.make_site_renditions"


def template_specs():
    """Every rendition the site's templates ask for, by template: each {% image %}, {% picture %}
    and {% picture_or_nothing %} tag's specs, expanded as the tag expands them."""
    found = {}
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(directory).rglob("*.html"):
            name = path.relative_to(directory).as_posix()
            for node in get_template(name).template.nodelist.get_nodes_by_type(ImageNode):
                if isinstance(node, SrcsetImageNode):
                    specs = [image_filter.spec for image_filter in node.get_filters()]
                else:
                    specs = [node.get_filter().spec]
                found.setdefault(name, set()).update(specs)
    return found


def test_every_rendition_a_template_shows_is_made_ahead():
    found = template_specs()

    assert {"stories/article_page.html", "stories/includes/article_card.html"} <= set(found)
    assert {name: specs - set(site_rendition_specs()) for name, specs in found.items()} == {
        name: set() for name in found
    }


def queued_for(image):
    return DBTaskResult.objects.filter(task_path=TASK, args_kwargs__args=[image.pk]).count()


@pytest.fixture
def image(media):
    return Image.objects.create(
        title="Calm room", file=get_test_image_file_jpeg("calm.jpg", size=(1600, 900))
    )


def upload(client, data):
    file = SimpleUploadedFile("calm.jpg", data, content_type="image/jpeg")
    collection = Collection.get_first_root_node()
    return client.post(
        reverse("wagtailimages:add"), {"title": "Calm room", "file": file, "collection": collection.pk}
    )


@override_settings(TASKS=IN_THE_DATABASE)
def test_an_upload_queues_the_renditions_once_it_commits(
    superuser_client, media, django_capture_on_commit_callbacks
):
    jpeg = get_test_image_file_jpeg("calm.jpg", size=(1600, 900)).file.getvalue()

    with django_capture_on_commit_callbacks() as on_commit:
        response = upload(superuser_client, jpeg)
        image = Image.objects.get()
        assert queued_for(image) == 0  # not before the image is committed

    assert response.status_code == 302
    for callback in on_commit:
        callback()
    assert queued_for(image) == 1
    assert not image.renditions.exists()


@pytest.mark.parametrize(
    "change, queued",
    [
        ("title", 0),
        ("file hash", 0),
        ("focal point", 1),
        ("whole image", 1),
    ],
)
@override_settings(TASKS=IN_THE_DATABASE)
def test_only_a_new_file_or_focal_point_queues_them(
    image, django_capture_on_commit_callbacks, change, queued
):
    with django_capture_on_commit_callbacks(execute=True):
        if change == "title":
            image.title = "A calmer room"
            image.save(update_fields=["title"])
        elif change == "file hash":
            image.file_hash = "0" * 40
            image.save(update_fields=["file_hash"])
        elif change == "focal point":
            image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = (
                100,
                100,
                50,
                50,
            )
            image.save(
                update_fields=["focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"]
            )
        else:
            image.save()

    assert queued_for(image) == queued


def hero_480(image):
    return image.renditions.get(filter_spec="format-jpeg|width-480")


@override_settings(TASKS=IN_THE_DATABASE)
def test_a_file_replaced_in_the_admin_gets_renditions_of_the_new_file(
    superuser_client, image, django_capture_on_commit_callbacks
):
    make_site_renditions.call(image.pk)
    assert (hero_480(image).width, hero_480(image).height) == (480, 270)
    edit_url = reverse("wagtailimages:edit", args=[image.pk])
    portrait = SimpleUploadedFile(
        "portrait.png", get_test_image_file("portrait.png", size=(400, 800)).file.getvalue(), "image/png"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            edit_url,
            {"title": "Calm room", "file": portrait, "collection": image.collection_id, "tags": ""},
        )

    assert response.status_code == 302
    # Wagtail deleted the old file's renditions in the save; the task was queued after that.
    assert not image.renditions.exists()
    assert queued_for(image) == 1

    made = make_site_renditions.call(image.pk)

    assert made == len(site_rendition_specs())
    assert (hero_480(image).width, hero_480(image).height) == (400, 800)


def test_the_task_makes_each_site_rendition_once(image):
    assert make_site_renditions.call(image.pk) == len(site_rendition_specs())
    assert make_site_renditions.call(image.pk) == len(site_rendition_specs())

    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(site_rendition_specs())


def test_the_task_for_a_deleted_image_does_nothing(image):
    pk = image.pk
    image.delete()

    assert make_site_renditions.call(pk) == 0


def test_the_task_for_an_unreadable_file_logs_it_and_ends(image, caplog):
    with open(image.file.path, "r+b") as original:
        original.truncate(100)

    with caplog.at_level(logging.WARNING, logger="home.images"):
        assert make_site_renditions.call(image.pk) == 0

    assert [record.getMessage() for record in caplog.records if image.file.name in record.getMessage()]
    assert not image.renditions.exists()


def test_with_the_immediate_backend_an_upload_makes_no_renditions_ahead(
    superuser_client, media, django_capture_on_commit_callbacks
):
    """`make run` and the tests: no worker, so the first page showing the image makes them."""
    jpeg = get_test_image_file_jpeg("calm.jpg", size=(1600, 900)).file.getvalue()

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(superuser_client, jpeg)

    assert response.status_code == 302
    assert not Image.objects.get().renditions.exists()
