"""The search's own records: the vocabulary of the site's indexed pages."""

from django.db import models


class SearchWord(models.Model):
    """A word that the site's indexed pages contain, lower-case, once.

    The search records the words of each page as it indexes it (search/vocabulary.py) and draws
    its "Did you mean ...?" corrections from them, so that a suggestion is a word the site uses,
    never one from elsewhere. Nobody edits these; rebuilding the search index rebuilds them.

    The length and the pairs of the first three letters are stored so that a typo's candidates
    are read through indexes, a few hundred rows, not the whole vocabulary.
    """

    word = models.CharField(max_length=40, unique=True)
    length = models.PositiveSmallIntegerField()
    # Letters 1 and 2, 1 and 3, 2 and 3.
    first_second = models.CharField(max_length=2)
    first_third = models.CharField(max_length=2)
    second_third = models.CharField(max_length=2)

    class Meta:
        indexes = [
            models.Index(fields=["first_second", "length"], name="search_word_first_second"),
            models.Index(fields=["first_third", "length"], name="search_word_first_third"),
            models.Index(fields=["second_third", "length"], name="search_word_second_third"),
        ]

    def __str__(self):
        return self.word

    @classmethod
    def of(cls, word):
        """The record of `word`, already lower-case (vocabulary.WORD), with its index columns."""
        return cls(
            word=word,
            length=len(word),
            first_second=word[0] + word[1],
            first_third=word[0] + word[2],
            second_third=word[1] + word[2],
        )
