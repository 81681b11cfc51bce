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
from site_config.demo_appointments import add_appointment_page
from site_config.demo_conditions import CONDITION_PAGES, THERAPY_PAGE
from site_config.demo_data import (
    ARTICLES,
    AUTHOR,
    CONDITIONS,
    DEMO_ACCOUNTS,
    DEMO_CLINICIANS,
    DEMO_REVIEWER,
    HOME_HERO,
    HOME_STEPS,
    HOME_TEAM,
    OTHER_CONDITIONS,
    STUDIES,
    TESTIMONIAL,
)
from site_config.demo_images import load_demo_images
from site_config.demo_locations import add_locations
from site_config.demo_pages import add_site_pages, link_site_pages
from site_config.demo_people import add_team_page, update_demo_people
from site_config.demo_reusable import add_reusable_content
from site_config.demo_trust import update_demo_testimonial, with_comparison
from site_config.demo_video import add_demo_video
from stories.models import ArticleIndexPage, ArticlePage, Person, Testimonial


def rich_text(html):
    return {"type": "text", "value": html}


# The demo's pictures where they are used (the images: site_config/demo_images.py).
# The condition pages' heroes: slug -> (heading, standfirst); their image is hero_<slug>, decorative.
CONDITION_HEROES = {
    "depression": (
        "Care for depression, at your own pace",
        "Talk with our clinical team about whether ketamine treatment fits your care, alongside the "
        "support you already have.",
    ),
    "ptsd": (
        "A calm place to begin",
        "Ketamine treatment offered with therapy and medical care, in a quiet clinic, at a pace you choose.",
    ),
}
# Each article's hero: slug -> (image, alt text written for the article).
ARTICLE_IMAGES = {
    "mental-health-awareness-month": (
        "article_awareness",
        "Soft circles of teal, sage and peach overlapping one another.",
    ),
    "who-is-a-good-candidate-for-ketamine-treatment": (
        "article_candidate",
        "A path across a green meadow dividing into two.",
    ),
    "what-to-expect-at-your-first-appointment": (
        "article_first_visit",
        "An open door letting warm light into a room with an armchair and a plant.",
    ),
    "talking-with-family-about-trauma-and-treatment": (
        "article_family",
        "Simple figures of different heights standing close together at dusk.",
    ),
    "recovery-is-not-a-straight-line": (
        "article_recovery",
        "A dotted line climbing over rolling hills, dipping and rising again.",
    ),
}
# The booking page's reading list: (article slug, card text); the image is the article's own.
READING_BEFORE_A_VISIT = [
    (
        "who-is-a-good-candidate-for-ketamine-treatment",
        "What a clinician looks at when you ask whether ketamine treatment is right for you.",
    ),
    (
        "what-to-expect-at-your-first-appointment",
        "From the welcome at reception to the ride home afterwards.",
    ),
    (
        "talking-with-family-about-trauma-and-treatment",
        "Ideas for starting a conversation with the people close to you.",
    ),
]


def off_label_notice(html):
    return {"type": "notice", "value": {"kind": "disclaimer", "heading": "", "text": html}}


def picture(image, alt_text="", decorative=False):
    """An ImageBlock's value: the image with the alt text written for this use, or decorative."""
    return {"image": image.pk, "alt_text": "" if decorative else alt_text, "decorative": decorative}


def hero(heading, standfirst, image, alt_text, buttons):
    """A hero block; `buttons` are (label, page) pairs."""
    return {
        "type": "hero",
        "value": {
            "heading": heading,
            "standfirst": standfirst,
            "image": picture(image, alt_text, decorative=not alt_text),
            "buttons": [{"label": label, "page": page.pk, "link_url": ""} for label, page in buttons],
        },
    }


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
        # The illustrations are in place before any page that shows one (home_page() may too).
        self.images = images = load_demo_images(self.created)
        home = self.home_page()
        studies = {study["title"]: self.study(study) for study in STUDIES}
        testimonial = self.testimonial()
        self.locations_index, _locations = add_locations(home, self.created)
        # The appointment request form: where every "Book a consultation" button leads.
        booking = add_appointment_page(home)
        contact = self.page(
            home,
            StandardPage,
            slug="contact",
            title="Contact us",
            intro="Call us, visit us, or ask for an appointment online: our team answers within one working day.",
            body=[
                {"type": "locations", "value": {"heading": "Visit us"}},
                rich_text(
                    "<p>Not sure whether ketamine treatment is right for you? A first consultation is free: "
                    "it is a conversation with our team about your history and your options, with no "
                    "obligation to go on.</p>"
                ),
                {"type": "video", "value": add_demo_video()},
            ],
        )
        # Written once, chosen on many pages: the off-label disclaimer and the booking call to action.
        self.disclaimer, self.booking = add_reusable_content(booking_page=booking)
        book = {"type": "reusable_content", "value": self.booking.pk}
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
            body=[
                hero(
                    "Therapy and ketamine treatment, together",
                    "Sessions with a licensed counselor trained in psychedelic therapy, and medical care "
                    "from the clinic's team throughout.",
                    images["treatment_ketamine_therapy"],
                    "",
                    [("Book a consultation", booking)],
                ),
                rich_text(THERAPY_PAGE["opening"]),
                {"type": "heading", "value": {"text": THERAPY_PAGE["program_heading"], "level": "h2"}},
                rich_text(THERAPY_PAGE["program"]),
                {
                    "type": "image",
                    "value": {
                        "image": picture(
                            images["treatment_room"],
                            "A quiet room with a large window onto green hills, a teal armchair and a lamp.",
                        ),
                        "caption": "Each session takes place in a private, quiet room at the clinic.",
                        "credit": "Illustration: Northwest Ketamine Clinics (CC0 1.0)",
                    },
                },
                {"type": "heading", "value": {"text": THERAPY_PAGE["research_heading"], "level": "h2"}},
                rich_text(THERAPY_PAGE["research"]),
                off_label_notice(THERAPY_PAGE["disclaimer"]),
                book,
            ],
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
                title=CONDITION_PAGES[slug]["title"],
                intro=CONDITION_PAGES[slug]["intro"],
                condition=conditions_treated[slug],
                body=self.condition_body(slug, booking, book),
            )
            for slug, _title in OTHER_CONDITIONS
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
                hero_image=images[ARTICLE_IMAGES[article["slug"]][0]],
                hero_alt=ARTICLE_IMAGES[article["slug"]][1],
                body=[rich_text(article["body"])],
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
            body=self.sud_body(studies, testimonial, therapy, articles, booking),
        )
        self.reading_before_a_visit(contact, articles)
        self.home_body(home, booking, conditions, articles_index, testimonial)
        # The people exist once the home page's team does: their public profiles, and the team page.
        update_demo_people()
        self.team = add_team_page(home)
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
            Site.objects.get(is_default_site=True), booking, contact, conditions, treatments, articles_index
        )
        link_site_pages(
            ClinicSettings.for_site(Site.objects.get(is_default_site=True)),
            add_site_pages(home, self.created),
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

    def home_body(self, home, booking, conditions, articles_index, testimonial):
        """The home page's blocks, once the pages they show exist: added while its body is empty
        (a home page made now, or one made before it had blocks); an editor's blocks stay."""
        if home.body.raw_data:
            return
        team = []
        for person, portrait in DEMO_CLINICIANS:
            clinician, created = Person.objects.get_or_create(
                name=person["name"], defaults={**person, "photo": self.images.get(portrait)}
            )
            if created:
                self.created.append(f"demo profile '{clinician.name}'")
            team.append(clinician)
        team.append(Person.objects.get(name=AUTHOR["name"]))
        hero_image = self.images.get("hero_home")
        home.body = [
            {
                "type": "hero",
                "value": {
                    **HOME_HERO,
                    # A picture of the mood, not of information: decorative.
                    "image": {"image": hero_image.pk, "alt_text": "", "decorative": True}
                    if hero_image
                    else None,
                    "buttons": [
                        {"label": "Book a consultation", "page": booking.pk, "link_url": ""},
                        {"label": "Conditions we treat", "page": conditions.pk, "link_url": ""},
                    ],
                },
            },
            {
                "type": "page_cards",
                "value": {"index": conditions.pk, "heading": "", "count": None, "link_label": ""},
            },
            {
                "type": "steps",
                "value": {
                    "heading": HOME_STEPS["heading"],
                    "steps": [{"title": title, "text": text} for title, text in HOME_STEPS["steps"]],
                },
            },
            {"type": "testimonial", "value": {"testimonial": testimonial.pk}},
            {"type": "team", "value": {**HOME_TEAM, "people": [person.pk for person in team]}},
            {
                "type": "page_cards",
                "value": {
                    "index": articles_index.pk,
                    "heading": "Latest articles",
                    "count": 3,
                    "link_label": "Read all our articles",
                },
            },
            # The booking call to action, written once as reusable content.
            {"type": "reusable_content", "value": self.booking.pk},
        ]
        home.save_revision().publish()
        self.created.append("home page blocks")

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
            # Its disclosures and the patient's signed authorization, without which it cannot go live.
            update_demo_testimonial(testimonial)
            testimonial.save_revision().publish()
            self.testimonial_created = True
            self.created.append("testimonial")
        elif update_demo_testimonial(testimonial):
            # A database built before testimonials needed one: the patient's signed authorization.
            self.created.append("testimonial's signed authorization")
        return testimonial

    def author(self):
        person, created = Person.objects.get_or_create(
            name=AUTHOR["name"], defaults={**AUTHOR, "photo": self.images["portrait_editorial_team"]}
        )
        if created:
            self.created.append("author")
        return person

    def sud_body(self, studies, testimonial, therapy, articles, booking):
        """The seed page, part by part and in order (shared/seed/README.md)."""
        krupitsky_1997, krupitsky_2007, jones, withdrawal, case_pain, case_bridge = (
            studies[study["title"]] for study in STUDIES
        )
        first_visit = next(article for article in articles if article.slug.startswith("what-to-expect"))
        return [
            # The seed page opened with its title over a picture: the page header and this hero.
            hero(
                "Recovery, one step at a time",
                "Ketamine treatment alongside therapy and medical care, for people working towards "
                "recovery from alcohol, opioid or other substance use.",
                self.images["hero_substance_use_disorder"],
                "",
                [("Book a consultation", booking), ("Ketamine + Therapy", therapy)],
            ),
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
            # The off-label disclaimer, written once as reusable content (site_config/demo_reusable.py).
            {"type": "reusable_content", "value": self.disclaimer.pk},
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
                        with_comparison(
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
                            }
                        ),
                        with_comparison(
                            {
                                "figure": "50",
                                "unit": "%",
                                "caption": (
                                    "One-year heroin abstinence rates following three ketamine + therapy sessions."
                                ),
                                "study": krupitsky_2007.pk,
                                "citation": "",
                            }
                        ),
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
                "type": "image_text",
                "value": {
                    "image": picture(
                        self.images["treatment_room"],
                        "A quiet room with a large window onto green hills, a teal armchair and a lamp.",
                    ),
                    "text": (
                        "<h3>A quiet room for each session</h3>"
                        "<p>Sessions take place in a private, quiet room at the clinic. Plan for someone "
                        "to drive you home afterwards.</p>"
                        f'<p><a linktype="page" id="{first_visit.pk}">What to expect at your first '
                        "appointment</a></p>"
                    ),
                    "image_side": "right",
                },
            },
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
            # The booking call to action, written once as reusable content.
            {"type": "reusable_content", "value": self.booking.pk},
        ]

    def condition_body(self, slug, booking, book):
        """A condition page's blocks: its hero, what it is, the off-label disclaimer, the research with
        its studies in an evidence table, what treatment involves, and the booking call to action."""
        words = CONDITION_PAGES[slug]
        return [
            hero(
                *CONDITION_HEROES[slug], self.images[f"hero_{slug}"], "", [("Book a consultation", booking)]
            ),
            rich_text(words["opening"]),
            # The off-label notice for this condition (the reusable one is about addictions).
            off_label_notice(words["disclaimer"]),
            {"type": "heading", "value": {"text": words["research_heading"], "level": "h2"}},
            rich_text(words["research"]),
            {
                "type": "evidence_table",
                "value": {
                    "caption": words["table_caption"],
                    "rows": [{"study": self.study(study).pk, "summary": ""} for study in words["studies"]],
                },
            },
            {"type": "heading", "value": {"text": words["care_heading"], "level": "h2"}},
            rich_text(words["care"]),
            {
                "type": "related_articles",
                "value": {"heading": "Related articles", "mode": "latest", "count": 3, "articles": []},
            },
            book,
        ]

    def reading_before_a_visit(self, contact, articles):
        """A card grid of articles on the booking page, added when this run made the page (it is
        made before the articles, so an editor's later changes to it stay)."""
        if contact.pk not in self.created_ids:
            return
        by_slug = {article.slug: article for article in articles}
        cards = [
            {
                "image": by_slug[slug].hero_image_id,
                "heading": by_slug[slug].title,
                "text": text,
                "page": by_slug[slug].pk,
                "link_url": "",
            }
            for slug, text in READING_BEFORE_A_VISIT
        ]
        contact.body = [
            *contact.body.raw_data,
            {"type": "card_grid", "value": {"heading": "Reading before your visit", "cards": cards}},
        ]
        contact.save_revision().publish()

    def clinic_settings(self, site, booking, contact, conditions, treatments, articles_index):
        """Fill the site settings once; after that they are the editors' to change."""
        clinic = ClinicSettings.for_site(site)
        if clinic.header_links.raw_data:
            return
        clinic.phone = "(503) 555-0100"  # a 555 number: fictional, for the demo
        clinic.booking_page = booking
        clinic.header_links = [
            {"type": "link", "value": {"label": "Conditions", "page": conditions.pk, "link_url": ""}},
            {"type": "link", "value": {"label": "Treatments", "page": treatments.pk, "link_url": ""}},
            {"type": "link", "value": {"label": "Articles", "page": articles_index.pk, "link_url": ""}},
        ]
        clinic.footer_links = [
            {"type": "link", "value": {"label": "Book a consultation", "page": booking.pk, "link_url": ""}},
            {"type": "link", "value": {"label": "Contact us", "page": contact.pk, "link_url": ""}},
            {
                "type": "link",
                "value": {"label": "Our clinic", "page": self.locations_index.pk, "link_url": ""},
            },
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
        Person.objects.get_or_create(
            user=reviewer, defaults={**DEMO_REVIEWER, "photo": self.images["portrait_reviewer"]}
        )
        self.stdout.write(
            self.style.WARNING(
                f"Demo accounts (development only) at {settings.WAGTAILADMIN_BASE_URL}/admin/: "
                + "; ".join(
                    f"{group or 'administrator'}: '{username}' / '{password}'"
                    for username, password, group, _ in DEMO_ACCOUNTS
                )
            )
        )
