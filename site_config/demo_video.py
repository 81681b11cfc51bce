"""The demo site's video: "How a consultation works", made by the project (scripts/make_demo_video.sh)
and kept in site_config/demo_media/ under CC0 1.0 (site_config/demo_media/LICENSE).

`add_demo_video()` puts the video and its captions in the documents and its poster in the image
library, in a "Demo videos" collection, read from the repository (never downloaded), and returns
the video block's raw value for a page's stream:

    body.append({"type": "video", "value": add_demo_video()})

Idempotent: a file already in the library (the same title in the collection) is used as it is,
so an editor's changes to it stay.
"""

from pathlib import Path

from django.core.files import File
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

MEDIA_DIR = Path(__file__).resolve().parent / "demo_media"
COLLECTION_NAME = "Demo videos"
TITLE = "How a consultation works"
TRANSCRIPT = (
    "<p>A silent animation of four titles on the clinic's colours: \u201cHow a consultation works\u201d; "
    "\u201c1. Tell us about your health\u201d; \u201c2. Meet your physician\u201d; "
    "\u201c3. Plan your care together\u201d.</p>"
)


def demo_collection():
    """The public collection the demo's video files are in, made once."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def library_file(model, title, filename, collection, file_class=File):
    """The library's record of `filename` with this title in the collection, added if missing."""
    found = model.objects.filter(collection=collection, title=title).first()
    if found is not None:
        return found
    with open(MEDIA_DIR / filename, "rb") as source:
        record = model(title=title, collection=collection)
        record.file.save(filename, file_class(source, name=filename), save=False)
        record.save()
    return record


def add_demo_video():
    """The demo video, its captions and poster in the libraries; the video block's raw value."""
    collection = demo_collection()
    video = library_file(get_document_model(), TITLE, "consultation.webm", collection)
    captions = library_file(get_document_model(), f"{TITLE} (captions)", "consultation.vtt", collection)
    poster = library_file(
        get_image_model(), f"{TITLE} (poster)", "consultation-poster.jpg", collection, file_class=ImageFile
    )
    return {
        "source": "file",
        "title": TITLE,
        "video": video.pk,
        "captions": captions.pk,
        "caption_language": "en",
        "no_speech": False,
        "embed_url": "",
        "poster": poster.pk,
        "transcript": TRANSCRIPT,
    }
