"""Queries every page makes, read in SQLite's query plan: they start from the few rows they need."""

from django.db import connection

from wagtail.models import Site

import pytest

from home.models import LocationPage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's plans (PostgreSQL plans by its statistics)"
    ),
]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[3] for row in cursor.fetchall()]


def test_the_footers_locations_are_found_from_the_location_rows_not_by_reading_every_page(home_page):
    steps = plan(LocationPage.objects.for_visitors(Site.objects.get(is_default_site=True)))

    assert not any(step.startswith("SCAN wagtailcore_page") for step in steps), steps
