"""The demo site's pictures: illustrations the project drew itself (scripts/make_demo_images.py),
kept in site_config/demo_media/images/ and released under CC0 1.0 (site_config/demo_media/LICENSE).

`load_demo_images()` puts them in the image library's "Demo illustrations" collection, read from
the repository (never downloaded), each with a title and a description (its default alt text)
and, where a crop must keep the subject, a focal point. Idempotent: an image already in the
library (the same file, or the same title in the collection) is used as it is, so an editor's
changes to it stay.
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

IMAGES_DIR = Path(__file__).resolve().parent / "demo_media" / "images"
COLLECTION_NAME = "Demo illustrations"


@dataclass(frozen=True)
class DemoImage:
    file: str
    title: str
    description: str
    # The subject, in the file's pixels: centre x, centre y, width, height (Wagtail's focal point).
    focal_point: tuple[int, int, int, int] | None = None


DEMO_IMAGES = {
    "hero_home": DemoImage(
        "hero-home.jpg",
        "Sunrise over green hills",
        "The sun rising over layers of green hills, with a sandy path leading towards it.",
        focal_point=(1480, 700, 760, 640),
    ),
    "hero_substance_use_disorder": DemoImage(
        "hero-substance-use-disorder.jpg",
        "A path winding up through hills",
        "A sandy path winding up through green hills towards a rising sun.",
        focal_point=(900, 760, 700, 760),
    ),
    "hero_depression": DemoImage(
        "hero-depression.jpg",
        "First light over still water",
        "The sun coming up through low cloud over calm water, its light reflected on the surface.",
        focal_point=(620, 640, 760, 520),
    ),
    "hero_ptsd": DemoImage(
        "hero-ptsd.jpg",
        "A sheltered bay at evening",
        "A tree on a headland leaning over a calm bay, under a pale evening sky.",
        focal_point=(760, 520, 1100, 640),
    ),
    "treatment_ketamine_therapy": DemoImage(
        "treatment-ketamine-therapy.jpg",
        "A sprig of leaves in morning light",
        "A young sprig of green leaves against a soft morning sky.",
        focal_point=(880, 720, 620, 900),
    ),
    "treatment_room": DemoImage(
        "treatment-room.jpg",
        "A quiet treatment room",
        "A calm room with a large window onto green hills, a teal armchair, a floor lamp and a plant.",
    ),
    "article_awareness": DemoImage(
        "article-awareness.jpg",
        "Overlapping circles of colour",
        "Soft circles of teal, sage and peach overlapping one another.",
    ),
    "article_candidate": DemoImage(
        "article-candidate.jpg",
        "A path dividing in two",
        "A path across a green meadow that divides into two, under a rising sun.",
    ),
    "article_first_visit": DemoImage(
        "article-first-visit.jpg",
        "An open door onto a warm room",
        "An open door letting warm light into a room with an armchair and a potted plant.",
    ),
    "article_family": DemoImage(
        "article-family.jpg",
        "Figures standing close together",
        "Five simple figures of different heights standing close together on a hill at dusk.",
    ),
    "article_recovery": DemoImage(
        "article-recovery.jpg",
        "A winding line over rolling hills",
        "A dotted line that climbs over rolling hills, dipping and rising again towards the sun.",
    ),
    "portrait_editorial_team": DemoImage(
        "portrait-editorial-team.jpg",
        "Three figures, the editorial team",
        "Three simple figures side by side, without faces.",
        focal_point=(400, 420, 620, 520),
    ),
    "portrait_reviewer": DemoImage(
        "portrait-reviewer.jpg",
        "A figure's head and shoulders",
        "The head and shoulders of a simple figure, without a face, on a warm background.",
        focal_point=(400, 420, 500, 600),
    ),
    "portrait_clinician_1": DemoImage(
        "portrait-clinician-1.jpg",
        "A figure's head and shoulders in teal",
        "The head and shoulders of a simple teal figure, without a face.",
        focal_point=(400, 420, 500, 600),
    ),
    "portrait_clinician_2": DemoImage(
        "portrait-clinician-2.jpg",
        "A figure's head and shoulders in dark teal",
        "The head and shoulders of a simple dark teal figure, without a face, on a grey background.",
        focal_point=(400, 420, 500, 600),
    ),
}


def demo_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    return collection or root.add_child(name=COLLECTION_NAME)


def file_hash(path):
    """Wagtail's hash of an image file (AbstractImage.file_hash), by which a file is found."""
    with path.open("rb") as file:
        return hash_filelike(file)


def load_demo_images(created=None):
    """The demo images by name, each added to the library unless it is there already.

    `created`, a list, receives a line for each image added."""
    Image = get_image_model()
    collection = demo_collection()
    images = {}
    for name, demo in DEMO_IMAGES.items():
        path = IMAGES_DIR / demo.file
        digest = file_hash(path)
        image = (
            Image.objects.filter(file_hash=digest).order_by("pk").first()
            or Image.objects.filter(collection=collection, title=demo.title).order_by("pk").first()
        )
        if image is None:
            # The size and hash Wagtail's upload form records, so its duplicate check knows the file.
            image = Image(
                title=demo.title,
                description=demo.description,
                collection=collection,
                file_size=path.stat().st_size,
                file_hash=digest,
            )
            if demo.focal_point:
                (
                    image.focal_point_x,
                    image.focal_point_y,
                    image.focal_point_width,
                    image.focal_point_height,
                ) = demo.focal_point
            with path.open("rb") as file:
                image.file = ImageFile(file, name=demo.file)
                image.save()
            if created is not None:
                created.append(f"image '{demo.title}'")
        images[name] = image
    return images
