"""The base app's models: pages every site has, site settings, and the conditions list."""

from .locations import LocationIndexPage, LocationPage
from .pages import HomePage, IndexPage, SitePage, StandardPage
from .reusable import ReusableContent
from .settings import ClinicSettings
from .taxonomy import Condition

__all__ = [
    "ClinicSettings",
    "Condition",
    "HomePage",
    "IndexPage",
    "LocationIndexPage",
    "LocationPage",
    "ReusableContent",
    "SitePage",
    "StandardPage",
]
