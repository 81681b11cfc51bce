"""The renditions the site's templates show, made by the task worker when an image is uploaded.

When an image is saved with a new file or focal point, `make_site_renditions` is queued on the
default task backend once the save commits. (A save of the whole image, as the admin's form
does for a new title too, queues it as well: the worker then finds the renditions already
made.) The worker makes every rendition listed in SITE_RENDITIONS, so no visitor's request
waits for Pillow. Each app registers the renditions its templates ask for with
`register_renditions` (stories: the article card and hero). Home registers the image shared
with a link (home/seo.py). A test compiles every template and fails on a picture or image tag
whose rendition is not listed here.

With the immediate backend (`make run`, the tests, TASKS_IMMEDIATE=1) nothing is queued.
Making every size at upload would only slow the upload down, so the first page that shows
an image makes its renditions, as Wagtail does.

This module is imported while models load (stories registers from its models), so it imports
nothing that needs the app registry until a task runs.
"""

from django.db import transaction
from django.db.models.signals import post_save

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from .seo import SOCIAL_IMAGE

# What a template shows -> the filter specs of its renditions, as the template's tag expands them.
SITE_RENDITIONS = {}

# A save that writes only other fields (Wagtail's file hash, a title) changes no rendition.
RENDITION_FIELDS = {"file", "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"}


def register_renditions(name, specs):
    """List the renditions a template shows (`name` says which), for the worker to make ahead."""
    SITE_RENDITIONS[name] = tuple(specs)


def site_rendition_specs():
    """Every registered spec, once each, in the order registered."""
    return list(dict.fromkeys(spec for specs in SITE_RENDITIONS.values() for spec in specs))


# base.html's og:image and an article's JSON-LD image.
register_renditions("social image", [SOCIAL_IMAGE])


@task()
def make_site_renditions(image_id):
    """Make the image's site renditions; returns how many it has (0: deleted or unreadable)."""
    from wagtail.images import get_image_model

    from .images import renditions_or_none

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0  # deleted before the worker came to it
    # An unreadable file is logged once and left for the editor to replace; the task succeeds,
    # since running it again would fail the same way.
    renditions = renditions_or_none(image, *site_rendition_specs())
    return len(renditions) if renditions else 0


def queue_site_renditions(sender, instance, raw=False, update_fields=None, **kwargs):
    """post_save of the image model: queue the renditions once the save has committed, so the
    worker reads the new file. Wagtail's edit form deletes an old file's renditions after
    saving, in the same transaction, so the task comes after that too."""
    if raw or (update_fields is not None and not RENDITION_FIELDS.intersection(update_fields)):
        return
    if isinstance(make_site_renditions.get_backend(), ImmediateBackend):
        return
    image_id = instance.pk
    # robust: the image is saved whatever happens here; a task that could not be queued means
    # only that the first page showing the image makes its renditions.
    transaction.on_commit(lambda: make_site_renditions.enqueue(image_id), robust=True)


def connect_signals():
    from wagtail.images import get_image_model

    post_save.connect(
        queue_site_renditions, sender=get_image_model(), dispatch_uid="home.tasks.queue_site_renditions"
    )
