"""The study library: every medical claim on the site points at a Study kept here once."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from wagtail.models import Page, ReferenceIndex
from wagtail.search import index

from home.usage import pages_using


class LevelOfEvidence(models.TextChoices):
    """How strong a study's design makes its evidence: a fixed scale, strongest first.

    After the usual hierarchy of evidence (e.g. the Oxford CEBM levels): a
    systematic review of trials outweighs one trial, which outweighs an
    observational study, a case series, a single case, and expert opinion.
    """

    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review or meta-analysis"
    RCT = "rct", "Randomised controlled trial"
    COHORT = "cohort", "Cohort or observational study"
    CASE_SERIES = "case_series", "Case series"
    CASE_REPORT = "case_report", "Case report"
    EXPERT_OPINION = "expert_opinion", "Expert opinion"


class MagnitudeOfEffect(models.TextChoices):
    """How large an effect the study found, as the clinic's medical reviewer rates it."""

    LARGE = "large", "Large"
    MODERATE = "moderate", "Moderate"
    SMALL = "small", "Small"
    UNCLEAR = "unclear", "None or unclear"
    NOT_RATED = "not_rated", "Not yet rated"


# What a level means, where its name alone does not say (shown in the evidence table's legend).
LEVEL_EXPLANATIONS = {
    LevelOfEvidence.SYSTEMATIC_REVIEW: "a review that pools many studies",
    LevelOfEvidence.CASE_SERIES: "a report on a group of patients",
    LevelOfEvidence.CASE_REPORT: "a report on one patient",
}
# How many bars a magnitude shows; the others show none.
MAGNITUDE_BARS = {MagnitudeOfEffect.LARGE: 3, MagnitudeOfEffect.MODERATE: 2, MagnitudeOfEffect.SMALL: 1}


def evidence_scales():
    """Both scales as the legend lists them: [(label, explanation or bars)], strongest first."""
    levels = [(level.label, LEVEL_EXPLANATIONS.get(level, "")) for level in LevelOfEvidence]
    magnitudes = [(magnitude.label, MAGNITUDE_BARS.get(magnitude, 0)) for magnitude in MagnitudeOfEffect]
    return {"levels": levels, "magnitudes": magnitudes, "level_bars": len(levels)}


class StudyDesign(models.TextChoices):
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review"
    META_ANALYSIS = "meta_analysis", "Meta-analysis"
    RCT = "rct", "Randomised controlled trial"
    NON_RANDOMISED = "non_randomised", "Non-randomised controlled study"
    OBSERVATIONAL = "observational", "Observational study"
    CASE_SERIES = "case_series", "Case series"
    CASE_REPORT = "case_report", "Case report"
    REVIEW = "review", "Narrative review"


# ASCII digits only: \d would also take other scripts' digits, which no DOI or PMID has.
DOI_RE = re.compile(r"^10\.[0-9]{4,9}/\S+$")


def validate_doi(value):
    if not DOI_RE.match(value):
        raise ValidationError(
            "Enter a DOI such as 10.3389/fpsyt.2018.00277 (without https://doi.org/).",
            code="invalid_doi",
        )


def validate_year(value):
    if value > datetime.date.today().year:
        raise ValidationError("The year cannot be in the future.", code="future_year")


class Study(index.Indexed, models.Model):
    """A published study (or one whose citation is still being traced) that pages cite."""

    title = models.CharField(max_length=500)
    authors = models.CharField(
        max_length=500, blank=True, help_text="As cited, e.g. 'Jones JL, Mateus CF, Malcolm RJ'."
    )
    journal = models.CharField(max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), validate_year],
    )
    volume_pages = models.CharField(
        "Volume, issue and pages", max_length=100, blank=True, help_text="e.g. 29(2):165-183"
    )
    doi = models.CharField(
        "DOI",
        max_length=255,
        blank=True,
        validators=[validate_doi],
        help_text="e.g. 10.3389/fpsyt.2018.00277",
    )
    pmid = models.CharField(
        "PubMed ID",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,10}$", "A PubMed ID is digits only, e.g. 30057463.")],
    )
    url = models.URLField("URL", blank=True, max_length=500)
    design = models.CharField(max_length=32, choices=StudyDesign.choices)
    level_of_evidence = models.CharField(max_length=32, choices=LevelOfEvidence.choices)
    magnitude_of_effect = models.CharField(max_length=16, choices=MagnitudeOfEffect.choices)
    effect = models.CharField(
        "Effect or condition studied",
        max_length=120,
        help_text="What the study concerns, as the evidence table's first column shows it, e.g. 'Alcohol withdrawal'.",
    )
    summary = models.TextField(
        blank=True,
        help_text="One or two plain-language sentences on what the study found, as the evidence table shows them.",
    )

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("authors"),
        index.AutocompleteField("authors"),
        index.SearchField("doi"),
        index.SearchField("pmid"),
        index.SearchField("summary"),
        index.SearchField("effect"),
        index.AutocompleteField("effect"),
        index.FilterField("level_of_evidence"),
        index.FilterField("design"),
        index.FilterField("year"),
        index.FilterField("doi"),
        index.FilterField("pmid"),
        index.FilterField("effect"),
    ]

    class Meta:
        verbose_name_plural = "studies"
        ordering = ["effect", "-year", "title"]
        permissions = [
            # A change to a study that live pages cite changes those pages at once, with no
            # medical review of the pages themselves: it takes a reviewer's permission.
            ("change_cited_study", "Can change studies that live pages cite"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"], condition=~models.Q(doi=""), name="evidence_study_unique_doi"
            ),
            models.UniqueConstraint(
                fields=["pmid"], condition=~models.Q(pmid=""), name="evidence_study_unique_pmid"
            ),
        ]

    def __str__(self):
        return f"{self.short_citation}: {self.title}"

    def citing_pages(self):
        """Pages whose content cites this study, live or not."""
        return pages_using(self)

    def delete(self, *args, **kwargs):
        live_pages = list(self.citing_pages().live())
        if live_pages:
            titles = ", ".join(f"'{page.title}'" for page in live_pages)
            raise models.ProtectedError(
                f"This study is cited by live pages ({titles}); remove it from them first.",
                set(live_pages),
            )
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        # The database constraints guard the same rule; this puts the message on the field.
        errors = {}
        for name in ("doi", "pmid"):
            value = getattr(self, name)
            if not value:
                continue
            other = Study.objects.filter(**{f"{name}__iexact": value}).exclude(pk=self.pk).first()
            if other is not None:
                label = self._meta.get_field(name).verbose_name
                errors[name] = f"The library already has a study with this {label}: {other}."
        if errors:
            raise ValidationError(errors)

    @property
    def citation_pending(self):
        """True while the study cannot be traced to a publication: nothing is invented for it."""
        return not (self.doi or self.pmid or self.url or self.journal)

    @property
    def author_list(self):
        """The authors as a list, without a closing 'et al.'."""
        return [
            name.strip() for name in self.authors.split(",") if name.strip() not in ("", "et al.", "et al")
        ]

    @property
    def first_author_surname(self):
        first = self.authors.split(",")[0].strip()
        return first.split(" ")[0] if first else ""

    @property
    def short_citation(self):
        if self.citation_pending:
            return "Citation pending"
        author = self.first_author_surname
        if author and "," in self.authors:
            author += " et al."
        return ", ".join(part for part in [author, str(self.year or "")] if part)

    # Vancouver style lists six authors, then "et al."
    VANCOUVER_MAX_AUTHORS = 6

    @property
    def vancouver_citation(self):
        """The reference as AMA/Vancouver style writes it, without the DOI (templates link it).

        'Jones JL, Mateus CF, Malcolm RJ, et al. Efficacy of ketamine ... Front Psychiatry. 2018;9:277.'
        """
        if self.citation_pending:
            return f"{self.title.rstrip('.')}. Citation pending."
        authors = self.author_list
        author_text = ", ".join(authors[: self.VANCOUVER_MAX_AUTHORS])
        if len(authors) > self.VANCOUVER_MAX_AUTHORS or self.authors.rstrip(". ").endswith("et al"):
            author_text += ", et al"
        source = ";".join(part for part in [str(self.year or ""), self.volume_pages] if part)
        parts = [author_text, self.title.rstrip("."), self.journal, source]
        return " ".join(f"{part.rstrip('.')}." for part in parts if part)

    def structured_data(self):
        """The study as a schema.org ScholarlyArticle, for a page's JSON-LD citations."""
        data = {"@type": "ScholarlyArticle", "name": self.title}
        if self.authors:
            data["author"] = [{"@type": "Person", "name": name} for name in self.author_list]
        if self.year:
            data["datePublished"] = str(self.year)
        if self.journal:
            data["isPartOf"] = {"@type": "Periodical", "name": self.journal}
        if self.link:
            data["url"] = self.link
        if self.doi:
            data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": self.doi}
        return data

    @property
    def level_rank(self):
        """1 (weakest) to 6 (strongest), for the page's rating icon."""
        values = LevelOfEvidence.values
        return len(values) - values.index(self.level_of_evidence) if self.level_of_evidence in values else 0

    @property
    def magnitude_rank(self):
        """0 (none, unclear or not rated) to 3 (large)."""
        return MAGNITUDE_BARS.get(self.magnitude_of_effect, 0)

    @property
    def identifiers(self):
        """The study's public identifiers as (label, identifier, address), DOI first, then PubMed;
        its URL when it has neither."""
        found = []
        if self.doi:
            found.append(("doi:", self.doi, f"https://doi.org/{self.doi}"))
        if self.pmid:
            found.append(("PMID: ", self.pmid, f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"))
        if not found and self.url:
            found.append(("", self.url, self.url))
        return found

    @property
    def link(self):
        """The best public address for the study: DOI, then PubMed, then its URL."""
        identifiers = self.identifiers
        return identifiers[0][2] if identifiers else ""


def live_pages_citing(studies):
    """{study pk: [live pages that cite it]} for the studies that live pages cite, in two queries."""
    pks = [str(study.pk) for study in studies if study.pk is not None]
    if not pks:
        return {}
    references = (
        ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(Study),
            to_object_id__in=pks,
            base_content_type=ReferenceIndex._get_base_content_type(Page),
        )
        .values_list("to_object_id", "object_id")
        .distinct()
    )
    page_ids_by_study = {}
    for study_pk, page_pk in references:
        page_ids_by_study.setdefault(int(study_pk), set()).add(int(page_pk))
    pages = Page.objects.live().filter(pk__in=set().union(*page_ids_by_study.values())).in_bulk()
    cited = {}
    for study_pk, page_ids in page_ids_by_study.items():
        live = sorted((pages[pk] for pk in page_ids if pk in pages), key=lambda page: page.title)
        if live:
            cited[study_pk] = live
    return cited


class StudyImport(models.Model):
    """An import, from its preview on: the file is kept here, not in the confirmation form, and
    confirming it applies it (or, if it is large, queues it for the task worker, whose progress
    and, if it stopped, reasons the admin's status page shows)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed, not confirmed"
        QUEUED = "queued", "Waiting for the task worker"
        CHECKING = "checking", "Checking every row"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Stopped"

    # A preview may be confirmed this long after it was made, by the one who made it.
    PREVIEW_MAX_AGE = datetime.timedelta(hours=1)
    # A preview never confirmed is deleted this long after it was made (at the next preview).
    PREVIEW_KEPT = datetime.timedelta(days=1)

    filename = models.TextField()
    data = models.BinaryField(help_text="The file as it was previewed.")
    defaults = models.JSONField(default=dict, help_text="The classification new studies start with.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    total = models.PositiveIntegerField(default=0, help_text="Studies to create or update.")
    done = models.PositiveIntegerField(default=0, help_text="Studies created or updated so far.")
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import of {self.filename} ({self.get_status_display().lower()})"

    @classmethod
    def delete_old_previews(cls):
        """Deletes the previews never confirmed, so that the table does not grow without bound."""
        cls.objects.filter(
            status=cls.Status.PREVIEWED, created_at__lt=timezone.now() - cls.PREVIEW_KEPT
        ).delete()

    @classmethod
    def confirm_preview(cls, pk, user, status):
        """Moves the user's own unexpired preview `pk` on to `status`, and returns it; None if
        there is no such preview (expired, someone else's, or already confirmed).

        One UPDATE does it, so of two confirmations at once (a double click) only one gets it."""
        claimed = cls.objects.filter(
            pk=pk,
            status=cls.Status.PREVIEWED,
            started_by=user,
            created_at__gte=timezone.now() - cls.PREVIEW_MAX_AGE,
        ).update(status=status)
        return cls.objects.get(pk=pk) if claimed else None

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_under_way(self):
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.RUNNING)

    @property
    def percent_done(self):
        return 100 * self.done // self.total if self.total else (100 if self.is_finished else 0)
