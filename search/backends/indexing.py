"""Indexing additions shared by the backends: the vocabulary that "Did you mean" draws from.

When pages are indexed, the words of their indexed title and text are recorded in
search.vocabulary, read back from the index rows just written (one query per batch), so the
vocabulary holds the words the index holds. A full rebuild (`update_index`) starts it afresh.
"""

from wagtail.models import Page

from modelsearch.utils import get_content_type_pk

from ..vocabulary import clear_words, record_words


class VocabularyIndexMixin:
    # The index entry's columns holding the plain text of the title and of the other fields.
    TEXT_COLUMNS = ("title_text", "body_text")

    # Whether indexed() needs the rows of every model, not only of pages (SQLite's emphasis column).
    INDEXES_EVERY_MODEL = False

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        is_page = issubclass(model, Page)
        if not objs or not model.get_search_fields() or not (is_page or self.INDEXES_EVERY_MODEL):
            return
        entries = list(
            self.entries.filter(
                content_type_id=get_content_type_pk(model), object_id__in=[str(obj.pk) for obj in objs]
            ).values_list("id", "object_id", *self.TEXT_COLUMNS)
        )
        self.indexed(model, objs, [(entry_id, object_id) for entry_id, object_id, *_ in entries])
        if is_page:
            record_words(text for _, _, *texts in entries for text in texts if text)

    def indexed(self, model, objs, entries):
        """What a backend adds to the (entry id, object id) rows just written; nothing by default."""


class VocabularyRebuilderMixin:
    def start(self):
        index = super().start()
        clear_words()
        return index
