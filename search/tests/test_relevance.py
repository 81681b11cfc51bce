"""What the search finds, and in what order: the demo site, stemming, ranking, and chosen records."""

import datetime

import pytest

from stories.tests.support import chosen_testimonial, heading_block, text_block

from .support import make_condition_pages, result_items, result_urls, results, search_html, urls_in

pytestmark = pytest.mark.django_db

SUD_URL = "/conditions/substance-use-disorder/"


# --- The demo site -----------------------------------------------------------------------------


def test_withdrawal_finds_the_substance_use_disorder_page(client, demo):
    # "withdrawal" is only in the studies the page's evidence table cites.
    assert result_urls(client, q="withdrawal") == [SUD_URL]


def test_good_candidate_ranks_the_good_candidate_article_first(client, demo):
    found = results(client, q="good candidate")

    assert found[0] == (
        "/articles/who-is-a-good-candidate-for-ketamine-treatment/",
        "Who is a Good Candidate for Ketamine Treatment?",
    )


@pytest.mark.parametrize("query", ["cravings", "craving", "Cravings"])
def test_stemming_finds_cravings_either_way_and_marks_the_match(client, demo, query):
    html = search_html(client, {"q": query})

    assert urls_in(html)[0] == SUD_URL
    (sud_result,) = [item for item in result_items(html) if SUD_URL in item]
    assert "<mark>Cravings</mark>" in sud_result


def test_ptsd_finds_the_ptsd_condition_page(client, demo):
    found = results(client, q="PTSD")

    assert found[0] == ("/conditions/ptsd/", "Ketamine for PTSD")


@pytest.mark.parametrize(
    ("result_type", "prefix"),
    [("articles", "/articles/"), ("conditions", "/conditions/"), ("treatments", "/treatments/")],
)
def test_type_filter_limits_results_to_that_type(client, demo, result_type, prefix):
    everything = result_urls(client, q="ketamine")
    filtered = result_urls(client, q="ketamine", type=result_type)

    assert filtered  # the demo site has ketamine pages of every type
    assert all(url.startswith(prefix) for url in filtered)
    assert sorted(filtered) == sorted(url for url in everything if url.startswith(prefix))


def test_unknown_type_filter_searches_everything(client, demo):
    everything = result_urls(client, q="ketamine")
    html = search_html(client, {"q": "ketamine", "type": "recipes"})

    found = urls_in(html)
    assert sorted(found) == sorted(everything)
    assert {url.split("/")[1] for url in found} == {"articles", "conditions", "treatments"}
    assert '<input type="radio" name="type" value="" checked> Everything' in html


def test_type_filter_is_kept_in_the_pagination_links(client, make_condition):
    make_condition_pages(make_condition, "Anxiety", 12)

    html = search_html(client, {"q": "anxiety", "type": "conditions"})

    assert "?q=anxiety&amp;type=conditions&amp;page=2" in html


# --- Ranking -----------------------------------------------------------------------------------


def test_a_title_match_ranks_above_a_body_only_match(client, make_article):
    # The body-only article is made first, so creation order cannot explain the ranking.
    make_article(
        "Clinic news for the autumn",
        intro="What changed at the clinic this season.",
        body=[text_block("<p>We read the new psilocybin research with interest.</p>")],
    )
    make_article("Psilocybin and ketamine compared", intro="Two treatments side by side.")

    assert result_urls(client, q="psilocybin") == [
        "/articles/psilocybin-and-ketamine-compared/",
        "/articles/clinic-news-for-the-autumn/",
    ]


def test_a_standfirst_match_ranks_above_a_body_only_match(client, make_article):
    make_article(
        "Clinic news for the autumn",
        intro="What changed at the clinic this season.",
        body=[text_block("<p>Our neurofeedback room opened in October.</p>")],
    )
    make_article("A new room", intro="Neurofeedback arrives at the clinic.")

    assert result_urls(client, q="neurofeedback") == [
        "/articles/a-new-room/",
        "/articles/clinic-news-for-the-autumn/",
    ]


# --- Words that come from blocks and chosen records --------------------------------------------


def stats_block(caption, study=None):
    return {
        "type": "stats",
        "value": {
            "stats": [
                {
                    "figure": "40",
                    "unit": "%",
                    "caption": caption,
                    "study": study.pk if study else None,
                    "citation": "" if study else "Doe J. J Test Med. 2020;1:1-2.",
                }
            ]
        },
    }


def test_a_stat_caption_makes_its_page_findable(client, make_condition):
    make_condition(
        title="Ketamine for Depression", body=[stats_block("Remission among veterans after six infusions.")]
    )
    make_condition(title="Ketamine for PTSD")

    html = search_html(client, {"q": "veterans"})

    assert urls_in(html) == ["/conditions/ketamine-for-depression/"]
    assert "<mark>veterans</mark>" in html


def test_an_evidence_summary_makes_its_page_findable_through_the_chosen_study(
    client, make_condition, make_study
):
    study = make_study(summary="Fewer relapses were seen among gamblers at twelve months.", effect="Gambling")
    body = [
        {
            "type": "evidence_table",
            "value": {"caption": "Research", "rows": [{"study": study.pk, "summary": ""}]},
        }
    ]
    make_condition(title="Ketamine for Addiction", body=body)
    make_condition(title="Ketamine for PTSD")

    assert result_urls(client, q="gamblers") == ["/conditions/ketamine-for-addiction/"]


def test_a_stat_source_study_makes_its_page_findable(client, make_condition, make_study):
    study = make_study(title="Esketamine spray in adolescents", summary="A small trial.")
    make_condition(
        title="Ketamine for Depression", body=[stats_block("Response at four weeks.", study=study)]
    )

    assert result_urls(client, q="adolescents") == ["/conditions/ketamine-for-depression/"]


def test_a_consented_live_testimonial_makes_its_page_findable(client, make_condition, make_testimonial):
    testimonial = make_testimonial(quote="The nurses were wonderfully patient with my questions.")
    make_condition(title="Ketamine for Depression", body=[chosen_testimonial(testimonial)])

    assert result_urls(client, q="wonderfully patient") == ["/conditions/ketamine-for-depression/"]


@pytest.mark.parametrize(
    "fields",
    [
        {"consent": False},
        {"live": False},
        {"consent_expires": datetime.date(2020, 1, 1)},
    ],
    ids=["no consent", "not live", "consent expired"],
)
def test_a_testimonial_that_may_not_be_shown_does_not_make_its_page_findable(
    client, make_condition, make_testimonial, fields
):
    testimonial = make_testimonial(quote="The nurses were wonderfully patient with my questions.", **fields)
    make_condition(title="Ketamine for Depression", body=[chosen_testimonial(testimonial)])

    assert result_urls(client, q="wonderfully") == []


# --- What a result shows -----------------------------------------------------------------------


def test_results_show_the_type_and_for_articles_the_date(
    client, make_article, make_condition, make_treatment
):
    make_article("Sleep and recovery", date=datetime.date(2026, 3, 9), intro="Why sleep matters.")
    make_condition(title="Ketamine for Sleep Disorders", intro="Sleep problems and ketamine.")
    make_treatment(title="Sleep clinic", intro="Our sleep program.")

    html = search_html(client, {"q": "sleep"})

    items = {urls_in(item)[0]: item for item in result_items(html)}
    assert set(items) == {
        "/articles/sleep-and-recovery/",
        "/conditions/ketamine-for-sleep-disorders/",
        "/treatments/sleep-clinic/",
    }
    assert (
        '<p class="search-result__type">Article · <time datetime="2026-03-09">March 9, 2026</time></p>'
        in items["/articles/sleep-and-recovery/"]
    )
    assert (
        '<p class="search-result__type">Condition</p>' in items["/conditions/ketamine-for-sleep-disorders/"]
    )
    assert '<p class="search-result__type">Treatment</p>' in items["/treatments/sleep-clinic/"]


def test_the_snippet_comes_from_the_body_when_the_summary_does_not_match(client, make_article):
    make_article(
        "Clinic news",
        intro="What changed this season.",
        body=[text_block("<p>Our neurofeedback room opened in October.</p>")],
    )

    html = search_html(client, {"q": "neurofeedback"})

    assert "Our <mark>neurofeedback</mark> room opened in October." in html


@pytest.mark.parametrize("make_page", ["article", "condition page"])
def test_a_match_only_in_a_one_word_lower_case_heading_is_marked_in_the_snippet(
    client, make_article, make_condition, make_page
):
    # A heading's text is text whatever its shape; a one-word lower-case heading is not an icon name.
    body = [heading_block("cravings"), text_block("<p>What the first weeks are like.</p>")]
    if make_page == "article":
        page = make_article("Clinic news", intro="What changed this season.", body=body)
    else:
        page = make_condition(title="Ketamine for Addiction", intro="How ketamine may help.", body=body)

    html = search_html(client, {"q": "cravings"})

    [item] = result_items(html)
    assert urls_in(item) == [page.url]
    snippet = '<p class="search-result__snippet"><mark>cravings</mark> What the first weeks are like.</p>'
    assert snippet in item


def test_a_title_match_ranks_above_a_standfirst_match_above_a_body_match(client, make_article):
    # Same lengths everywhere, and the body match made last, so its larger id would win a tie.
    make_article(
        "Neurofeedback at the clinic",
        intro="A quiet new room opened.",
        body=[text_block("<p>It is calm.</p>")],
    )
    make_article(
        "A quiet room at the clinic",
        intro="Neurofeedback room opened.",
        body=[text_block("<p>It is calm.</p>")],
    )
    make_article("A quiet room at the clinic", slug="body-match", intro="A quiet new room opened.",
                 body=[text_block("<p>Neurofeedback is calm.</p>")])  # fmt: skip

    assert result_urls(client, q="neurofeedback") == [
        "/articles/neurofeedback-at-the-clinic/",
        "/articles/a-quiet-room-at-the-clinic/",
        "/articles/body-match/",
    ]
