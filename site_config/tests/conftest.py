"""Fixtures for the site-wide tests."""

import pytest

from .support import settle


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose on-commit callbacks run at its end, as when its transaction commits.

    What the test set up before it is committed first: on a real site it was saved long ago, and
    its callbacks would not still be waiting in the test's never-committed transaction.
    """

    def block():
        settle()
        return django_capture_on_commit_callbacks(execute=True)

    return block
