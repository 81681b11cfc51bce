"""Images whose file cannot be read: shown as no image on the site, refused at upload.

An original can go missing from storage or be cut short (a failed copy, a full disk). Rendering
it must not take the page down: the page shows no image and the fault is logged once, for
someone to upload the file again. An upload that cannot be decoded is refused with the
form's message, and one declaring more pixels than the limit is refused before it is decoded.
"""

import logging
import warnings

from django.core.exceptions import ValidationError

from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

from .storage import RefusesUploadsWhileUnreachable, StorageUnavailable

logger = logging.getLogger(__name__)

# What reading a broken file raises: a missing file (Wagtail's SourceImageIOError), a truncated
# or unidentifiable one (Pillow's OSError, UnidentifiedImageError, "Truncated File Read"), a
# corrupt chunk (SyntaxError, ValueError), or one that claims too many pixels.
UNREADABLE_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError)


def renditions_or_none(image, *filters):
    """The image's renditions for `filters` (as Image.get_renditions gives them), or None when its
    file cannot be read. The fault is logged once per image object, however often it is asked."""
    if getattr(image, "_file_unreadable", False):
        return None
    try:
        return image.get_renditions(*filters)
    except InvalidFilterSpecError:
        raise  # a mistake in a template, not in the file
    except UNREADABLE_IMAGE_ERRORS as error:
        image._file_unreadable = True
        if StorageUnavailable in (type(error), type(error.__cause__)):
            return None  # the storage is away, not the file: home/storage.py logs that
        logger.warning(
            "Image %s (%s) cannot be read and is not shown: %s: %s",
            image.pk,
            image.file.name,
            type(error).__name__,
            error,
        )
        return None


def rendition_or_none(image, filter_spec):
    """One rendition of the image, or None when its file cannot be read (logged)."""
    renditions = renditions_or_none(image, filter_spec)
    return next(iter(renditions.values())) if renditions else None


def declared_pixels(file):
    """Width x height as the file's header declares them, read without decoding the image;
    None when Pillow cannot read the header (an SVG, or a broken file)."""
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(file)
            width, height = image.size
    except PILImage.DecompressionBombError:
        return PILImage.MAX_IMAGE_PIXELS * 2 + 1
    except UNREADABLE_IMAGE_ERRORS:
        return None
    finally:
        file.seek(0)
    return width * height


class DecodableImageField(WagtailImageField):
    """Wagtail's image upload field, refusing a file it cannot decode with the field's message
    (Wagtail decodes the whole image to read its size, and lets Pillow's errors through)."""

    def to_python(self, data):
        if data and hasattr(data, "seek") and self.max_image_pixels is not None:
            pixels = declared_pixels(data)
            if pixels is not None and pixels > self.max_image_pixels:
                raise ValidationError(
                    self.error_messages["file_too_many_pixels"]
                    % {"num_pixels": pixels, "max_pixels_count": self.max_image_pixels},
                    code="file_too_many_pixels",
                )
        try:
            return super().to_python(data)
        except UNREADABLE_IMAGE_ERRORS as error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error


class ImageForm(RefusesUploadsWhileUnreachable, BaseImageForm):
    """The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), on the single and multiple upload
    views alike: its file field is a DecodableImageField, and an upload is refused while the
    storage is out of reach."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, DecodableImageField):
            self.fields["file"] = DecodableImageField(
                label=field.label, required=field.required, widget=field.widget
            )
