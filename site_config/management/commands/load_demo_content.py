"""Build the demo site from the clinic's current condition page (../shared/seed/).

Idempotent: every object is looked up before it is created, and an existing
object is left as it is, so a second run changes nothing and never overwrites
what an editor has changed since.
"""

from io import StringIO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Page, Site

from conditions.models import ConditionIndexPage, ConditionPage, TreatmentIndexPage, TreatmentPage
from conditions.review.models import publishing_without_review
from evidence.models import Study
from home.models import ClinicSettings, Condition, HomePage, StandardPage
from site_config.demo_data import (
    ARTICLES,
    AUTHOR,
    CONDITIONS,
    DEMO_ACCOUNTS,
    DEMO_NOTE,
    DEMO_REVIEWER,
    OTHER_CONDITIONS,
    STUDIES,
    TESTIMONIAL,
)
from stories.models import ArticleIndexPage, ArticlePage, Person, Testimonial


def rich_text(html):
    return {"type": "text", "value": html}


class Command(BaseCommand):
    help = "Builds the demo site (idempotent). --demo-admin also creates a development-only admin."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-admin",
            action="store_true",
            help="Create development-only logins: an administrator, an editor and a reviewer (needs DEBUG).",
        )

    @transaction.atomic
    def handle(self, *args, demo_admin=False, **options):
        self.created = []
        self.created_ids = set()  # pages created by this run
        self.testimonial_created = False
        home = self.home_page()
        studies = {study["title"]: self.study(study) for study in STUDIES}
        testimonial = self.testimonial()
        contact = self.page(
            home,
            StandardPage,
            slug="contact",
            title="Book a consultation",
            intro="Talk to our team about whether ketamine treatment could help you.",
            body=[rich_text(DEMO_NOTE + "<p>The clinic's booking form and phone number go here.</p>")],
        )
        treatments = self.page(
            home,
            TreatmentIndexPage,
            slug="treatments",
            title="Treatments",
            intro="The programs the clinic offers.",
        )
        therapy = self.page(
            treatments,
            TreatmentPage,
            slug="ketamine-therapy",
            title="Ketamine + Therapy",
            intro=(
                "Work through challenging life issues with Ketamine Assisted Psychotherapy, our most "
                "involved program, with a licensed mental health counselor trained in psychedelic therapy."
            ),
            body=[rich_text(DEMO_NOTE)],
        )
        conditions = self.page(
            home,
            ConditionIndexPage,
            slug="conditions",
            title="Conditions we treat",
            intro="Conditions for which the clinic offers ketamine treatment.",
        )
        conditions_treated = {slug: self.condition(slug, name) for slug, name in CONDITIONS.items()}
        condition_pages = {
            slug: self.page(
                conditions,
                ConditionPage,
                slug=slug,
                title=title,
                intro=f"Information on {title.lower()} is being prepared by the clinic's medical team.",
                condition=conditions_treated[slug],
                body=[rich_text(DEMO_NOTE)],
            )
            for slug, title in OTHER_CONDITIONS
        }
        articles_index = self.page(
            home,
            ArticleIndexPage,
            slug="articles",
            title="Articles",
            intro="News and guides from the clinic.",
        )
        author = self.author()
        articles = [
            self.page(
                articles_index,
                ArticlePage,
                slug=article["slug"],
                title=article["title"],
                date=article["date"],
                intro=article["intro"],
                author=author,
                body=[rich_text(DEMO_NOTE + article["body"])],
            )
            for article in ARTICLES
        ]
        condition_pages["substance-use-disorder"] = self.page(
            conditions,
            ConditionPage,
            slug="substance-use-disorder",
            title="Ketamine for Substance Use Disorder",
            condition=conditions_treated["substance-use-disorder"],
            intro=(
                "How ketamine treatment may help people with substance use disorders, what the research "
                "shows so far, and the programs we offer."
            ),
            body=self.sud_body(studies, testimonial, therapy, articles, contact),
        )
        # Topics can be set once the condition pages exist; only on articles made now,
        # so an editor's changes to an existing article stay.
        for article, data in zip(articles, ARTICLES, strict=True):
            if article.pk in self.created_ids:
                article.conditions.set([conditions_treated[slug] for slug in data["conditions"]])
                article.tags.set(data["tags"])
                article.save_revision().publish()
        if self.testimonial_created:
            testimonial.condition = conditions_treated["substance-use-disorder"]
            testimonial.save_revision().publish()

        self.clinic_settings(
            Site.objects.get(is_default_site=True), contact, conditions, treatments, articles_index
        )
        call_command("setup_editorial_roles", stdout=StringIO())
        if demo_admin:
            self.demo_accounts()
        if self.created:
            self.stdout.write(self.style.SUCCESS("Created: " + ", ".join(self.created)))
        else:
            self.stdout.write("The demo content is already in place; nothing changed.")

    def home_page(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's first migration leaves a plain "Welcome" page where the home page goes.
            for page in root.get_children().filter(content_type__model="page", depth=2, slug="home"):
                page.delete()
            home = root.add_child(
                instance=HomePage(
                    title="Northwest Ketamine Clinics",
                    slug="home",
                    intro="Ketamine treatment for depression, anxiety, PTSD, chronic pain and addiction.",
                )
            )
            home.save_revision().publish()
            self.created.append("home page")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or site.root_page_id != home.pk:
            # The site's address makes full URLs (feeds, canonical links); take it
            # from the admin's base URL, which `make run` sets to where it serves.
            address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            site = site or Site(is_default_site=True)
            site.hostname = address.hostname or "localhost"
            site.port = address.port or (443 if address.scheme == "https" else 80)
            site.root_page = home
            site.site_name = "Northwest Ketamine Clinics"
            site.save()
        return home

    def page(self, parent, model, slug, **fields):
        existing = parent.get_children().filter(slug=slug).specific().first()
        if existing is not None:
            return existing
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        # The demo claims no medical review: its pages go live without one, so they show no byline.
        with publishing_without_review():
            page.save_revision().publish()
        self.created_ids.add(page.pk)
        self.created.append(f"page /{page.get_url_parts()[2].strip('/')}/")
        return page

    def condition(self, slug, name):
        condition, created = Condition.objects.get_or_create(slug=slug, defaults={"name": name})
        if created:
            self.created.append(f"condition '{name}'")
        return condition

    def study(self, data):
        lookup = {"doi": data["doi"]} if data.get("doi") else {"title": data["title"]}
        study, created = Study.objects.get_or_create(**lookup, defaults=data)
        if created:
            self.created.append(f"study '{study.short_citation}'")
        return study

    def testimonial(self):
        testimonial = Testimonial.objects.filter(attribution=TESTIMONIAL["attribution"]).first()
        if testimonial is None:
            testimonial = Testimonial.objects.create(live=False, **TESTIMONIAL)
            testimonial.save_revision().publish()
            self.testimonial_created = True
            self.created.append("testimonial")
        return testimonial

    def author(self):
        person, created = Person.objects.get_or_create(name=AUTHOR["name"], defaults=AUTHOR)
        if created:
            self.created.append("author")
        return person

    def sud_body(self, studies, testimonial, therapy, articles, contact):
        """The seed page, part by part and in order (shared/seed/README.md)."""
        krupitsky_1997, krupitsky_2007, jones, withdrawal, case_pain, case_bridge = (
            studies[study["title"]] for study in STUDIES
        )
        return [
            {
                "type": "feature",
                "value": {
                    "heading": "Reduce Cravings",
                    "icon": "brain",
                    "text": (
                        "<p>Ketamine has been found helpful in the treatment of many forms of substance "
                        "use disorders (SUDs), including alcoholism, opioids, and cocaine addictions.</p>"
                    ),
                },
            },
            {
                "type": "notice",
                "value": {
                    "kind": "disclaimer",
                    "heading": "",
                    "text": (
                        "<p>Ketamine for the treatment of addictions is still in the experimental stage "
                        "and is considered \u201coff-label use\u201d by the FDA. However, research has shown "
                        "promising results and is continuing to evolve.</p>"
                    ),
                },
            },
            rich_text(
                "<p>While still experimental, research has shown that ketamine can help change how your "
                "brain deals with cravings, improve motivation to quit, and can smooth out the ups and "
                "downs common in the first stages of recovery. Ketamine treatment might also make therapy "
                "more effective, increasing your likelihood of success.</p>"
            ),
            {
                "type": "feature",
                "value": {
                    "heading": "Avoid Relapse",
                    "icon": "shield",
                    "text": (
                        "<p>Studies suggest that ketamine can lessen the chance of restarting addictive "
                        "substances or relapsing into addictions.</p>"
                    ),
                },
            },
            {"type": "heading", "value": {"text": "How ketamine works to treat addictions", "level": "h2"}},
            rich_text(
                "<p>While research is ongoing, studies indicate several ways that ketamine works in the "
                "treatment of substance use disorders.</p>"
                "<p>Ketamine blocks the NMDA receptor, which, through a chain of events, helps regulate "
                "mood and is also important in the formation of memories. By disrupting the memory "
                "pathways (it does not cause memory loss), ketamine can weaken or even eliminate common "
                "triggers that cause addiction.</p>"
                "<p>Ketamine regrows and strengthens neurons, helping forge new pathways that are "
                "essential to the formation of new memories and thought processes, helping reduce "
                "cravings and relapse. And the best part? This process could help improve and enhance "
                "the effects of therapy and help treat the issues that caused the addiction in the "
                "first place.</p>"
            ),
            {
                "type": "stats",
                "value": {
                    "stats": [
                        {
                            "figure": "65.8",
                            "unit": "%",
                            # The seed said "ketamine infusions"; the study gave ketamine by
                            # intramuscular injection, so the caption names the therapy instead.
                            "caption": (
                                "One-year alcohol abstinence rates following inpatient treatment and "
                                "ketamine psychedelic therapy."
                            ),
                            "study": krupitsky_1997.pk,
                            "citation": "",
                        },
                        {
                            "figure": "50",
                            "unit": "%",
                            "caption": (
                                "One-year heroin abstinence rates following three ketamine + therapy sessions."
                            ),
                            "study": krupitsky_2007.pk,
                            "citation": "",
                        },
                    ]
                },
            },
            {
                "type": "evidence_table",
                "value": {
                    "caption": "Substance Use Disorder research",
                    "rows": [
                        {"study": study.pk, "summary": ""}
                        for study in (jones, withdrawal, case_pain, case_bridge)
                    ],
                },
            },
            {"type": "testimonial", "value": {"testimonial": testimonial.pk}},
            {
                "type": "program_cards",
                "value": {
                    "heading": "Treatment options for substance abuse",
                    "cards": [{"program": therapy.pk, "title": "", "summary": ""}],
                },
            },
            {
                "type": "related_articles",
                "value": {
                    "heading": "Related articles",
                    "mode": "chosen",
                    "articles": [article.pk for article in articles],
                    "count": 3,
                },
            },
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Is ketamine treatment right for you?",
                    "text": "<p>Talk to our team in a free, confidential consultation.</p>",
                    "button_label": "Book a consultation",
                    "page": contact.pk,
                    "link_url": "",
                },
            },
        ]

    def clinic_settings(self, site, contact, conditions, treatments, articles_index):
        """Fill the site settings once; after that they are the editors' to change."""
        clinic = ClinicSettings.for_site(site)
        if clinic.header_links.raw_data:
            return
        clinic.phone = "(503) 555-0100"  # a 555 number: fictional, for the demo
        clinic.address = "Demo address: the clinic's street address goes here"
        clinic.opening_hours = "Mon-Fri 8am-6pm\nSat 9am-1pm"
        clinic.booking_page = contact
        clinic.header_links = [
            {"type": "link", "value": {"label": "Conditions", "page": conditions.pk, "link_url": ""}},
            {"type": "link", "value": {"label": "Treatments", "page": treatments.pk, "link_url": ""}},
            {"type": "link", "value": {"label": "Articles", "page": articles_index.pk, "link_url": ""}},
        ]
        clinic.footer_links = [
            {"type": "link", "value": {"label": "Book a consultation", "page": contact.pk, "link_url": ""}},
        ]
        clinic.save()
        self.created.append("clinic settings")

    def demo_accounts(self):
        """Development-only accounts: an administrator, an editor and a medical reviewer."""
        if not settings.DEBUG:
            raise CommandError("The demo accounts are for development only; DEBUG is off.")
        User = get_user_model()
        for username, password, group, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_superuser": superuser,
                    "is_staff": superuser,
                    "email": f"{username}@example.com",
                },
            )
            if created:
                user.set_password(password)
                user.save()
                if group:
                    user.groups.add(Group.objects.get(name=group))
        reviewer = User.objects.get(username="reviewer")
        Person.objects.get_or_create(user=reviewer, defaults=DEMO_REVIEWER)
        self.stdout.write(
            self.style.WARNING(
                f"Demo accounts (development only) at {settings.WAGTAILADMIN_BASE_URL}/admin/: "
                + "; ".join(
                    f"{group or 'administrator'}: '{username}' / '{password}'"
                    for username, password, group, _ in DEMO_ACCOUNTS
                )
            )
        )
