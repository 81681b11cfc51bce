"""Video files and their captions, served in the byte ranges a browser's video element asks for.

Wagtail's document view always answers with the whole file. Safari (and so every iPhone) plays a
video only from a server that answers a Range request with 206 Partial Content, and every
browser seeks with one. A Range request for a video document is answered here, after Wagtail's
own checks of the document's privacy (the hook runs after them).

The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) is Wagtail's, refusing an upload while
the storage is out of reach (home/storage.py).
"""

import re

from django.http import HttpResponse

from wagtail.documents.forms import BaseDocumentForm

from .storage import RefusesUploadsWhileUnreachable

PLAYED_EXTENSIONS = {"mp4", "webm", "vtt"}
# One range of bytes, "bytes=500-999", "bytes=500-" or "bytes=-500" (the last 500); a request for
# several ranges at once gets the whole file, as a server may answer. No file has more than 18
# digits of bytes, and Python refuses to read a number of more than 4,300.
ONE_RANGE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")
# Wagtail takes a hook's answer only as an HttpResponse, whose content is in memory: an answer
# holds at most 2 MiB, and the browser asks for the rest as it plays (a 206 may hold less than
# was asked for; its Content-Range says what it holds).
MAX_ANSWER_BYTES = 2 * 1024 * 1024


def requested_range(header, size):
    """(first, last) byte of the range asked for; None for the whole file; () if none can be given."""
    match = ONE_RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        suffix = int(last)
        first, last = max(size - suffix, 0), size - 1
        return (first, last) if suffix and size else ()
    first, last = int(first), min(int(last), size - 1) if last else size - 1
    return (first, last) if first <= last else ()


def read(file, first, length):
    with file.open("rb") as opened:
        opened.seek(first)
        return opened.read(length)


def serve_byte_range(document, request):
    """A 206 (or 416) answer to a Range request for a video or captions document; None otherwise."""
    header = request.headers.get("Range")
    if not header or document.file_extension.lower() not in PLAYED_EXTENSIONS:
        return None
    size = document.file.size
    byte_range = requested_range(header, size)
    if byte_range is None:
        return None
    if byte_range == ():
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    first, last = byte_range
    last = min(last, first + MAX_ANSWER_BYTES - 1)
    response = HttpResponse(
        read(document.file, first, last - first + 1), status=206, content_type=document.content_type
    )
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    return response


class DocumentForm(RefusesUploadsWhileUnreachable, BaseDocumentForm):
    pass
