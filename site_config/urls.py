import re

from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from search import views as search_views
from site_config import throttling
from site_config.health import healthz

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path("brand.css", home_views.brand_stylesheet, name="brand_stylesheet"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage" and (
    settings.MEDIA_URL.startswith("/")
):
    # One server, no object storage: images and their renditions are served from MEDIA_ROOT by
    # the app (WhiteNoise serves only files it finds at startup, so it cannot serve uploads).
    # Never documents/: Wagtail serves documents through /documents/, which checks the privacy
    # of their collection; their files under MEDIA_ROOT must not bypass it.
    import posixpath

    from django.http import Http404
    from django.urls import re_path
    from django.views.static import serve

    def serve_media(request, path):
        # serve() normalises the path ("images/../documents/x.pdf"), so check what it will open.
        if posixpath.normpath(path).lstrip("/").split("/")[0] == "documents":
            raise Http404
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media, name="media")
    ]

# Wagtail's page password form, throttled (site_config/throttling.py); ahead of Wagtail's own route.
urlpatterns += [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttling.authenticate_with_password,
        name="throttled_authenticate_with_password",
    ),
]

# Wagtail serves every other URL from the page tree.
urlpatterns += [path("", include(wagtail_urls))]

# A database out of reach is a 503 that asks to retry, not a 500 (site_config/outages.py).
handler500 = "site_config.outages.server_error"
