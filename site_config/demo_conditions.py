"""The demo's depression, PTSD and "Ketamine + Therapy" pages, as data: their words, and the
studies their claims rest on.

Every claim about what ketamine does names the study it comes from, and the study is in the
evidence library (the evidence table shows it). The citations are published papers; the
summaries say only what each paper's abstract reports. The clinic's medical reviewer reviews
them like any other page before the site goes live.

The building code is the load_demo_content command.
"""

from evidence.models import LevelOfEvidence, MagnitudeOfEffect, StudyDesign

DEPRESSION_STUDIES = [
    {
        "title": "A randomized trial of an N-methyl-D-aspartate antagonist in treatment-resistant major depression",
        "authors": "Zarate CA Jr, Singh JB, Carlson PJ, et al.",
        "journal": "Arch Gen Psychiatry",
        "year": 2006,
        "volume_pages": "63(8):856-864",
        "doi": "10.1001/archpsyc.63.8.856",
        "design": StudyDesign.RCT,
        "level_of_evidence": LevelOfEvidence.RCT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Treatment-resistant depression",
        "summary": (
            "A double-blind, placebo-controlled crossover trial in 18 adults with treatment-resistant "
            "major depression: one intravenous infusion of ketamine (0.5 mg/kg) improved depression "
            "within 110 minutes compared with placebo; for about a third of participants the response "
            "lasted at least a week."
        ),
    },
]

PTSD_STUDIES = [
    {
        "title": (
            "Efficacy of intravenous ketamine for treatment of chronic posttraumatic stress disorder: "
            "a randomized clinical trial"
        ),
        "authors": "Feder A, Parides MK, Murrough JW, et al.",
        "journal": "JAMA Psychiatry",
        "year": 2014,
        "volume_pages": "71(6):681-688",
        "doi": "10.1001/jamapsychiatry.2014.62",
        "design": StudyDesign.RCT,
        "level_of_evidence": LevelOfEvidence.RCT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Chronic PTSD",
        "summary": (
            "A randomised, double-blind crossover trial in 41 adults with chronic PTSD: a single "
            "ketamine infusion reduced PTSD symptoms 24 hours later more than midazolam, an active "
            "placebo."
        ),
    },
    {
        "title": (
            "A randomized controlled trial of repeated ketamine administration for chronic "
            "posttraumatic stress disorder"
        ),
        "authors": "Feder A, Costi S, Rutter SB, et al.",
        "journal": "Am J Psychiatry",
        "year": 2021,
        "volume_pages": "178(2):193-202",
        "doi": "10.1176/appi.ajp.2020.20050596",
        "design": StudyDesign.RCT,
        "level_of_evidence": LevelOfEvidence.RCT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Chronic PTSD",
        "summary": (
            "A randomised, double-blind trial in 30 adults with chronic PTSD: six ketamine infusions "
            "over two weeks reduced PTSD symptoms more than six infusions of midazolam."
        ),
    },
]

# slug -> the page's words; "studies" names the lists above, shown in the page's evidence table.
CONDITION_PAGES = {
    "depression": {
        "title": "Ketamine for Depression",
        "intro": (
            "How ketamine treatment may help people whose depression has not eased with other "
            "treatments, what the research shows, and what treatment at the clinic involves."
        ),
        "opening": (
            "<p>Depression is common and treatable, but for some people several antidepressants and "
            "therapy have not brought enough relief. Ketamine is one of the options a clinician may "
            "discuss with them.</p>"
        ),
        "disclaimer": (
            "<p>Ketamine given by infusion is not approved by the FDA for depression: its use is "
            "considered \u201coff-label\u201d. Esketamine nasal spray is FDA-approved for "
            "treatment-resistant depression.</p>"
        ),
        "research_heading": "What the research shows",
        "research": (
            "<p>In a placebo-controlled trial in adults with treatment-resistant depression, a single "
            "low-dose infusion of ketamine improved depression within hours, and for some participants "
            "the improvement lasted about a week (Zarate and colleagues, 2006; in the table below).</p>"
            "<p>In 2019 the U.S. Food and Drug Administration approved esketamine, a form of ketamine "
            "given as a nasal spray, for adults with treatment-resistant depression, taken with an oral "
            "antidepressant in a certified clinic (FDA news release, 5 March 2019). Ketamine given by "
            "infusion is not FDA-approved for depression; its use is off-label.</p>"
        ),
        "table_caption": "Depression research",
        "studies": DEPRESSION_STUDIES,
        "care_heading": "What treatment involves",
        "care": (
            "<p>Treatment starts with a medical assessment of your health, your medicines and your "
            "history of depression. If ketamine treatment is suitable, each session takes place in a "
            "private room, with your blood pressure and wellbeing checked by the clinical team "
            "throughout. You keep seeing your own doctor or therapist; we work alongside them.</p>"
        ),
    },
    "ptsd": {
        "title": "Ketamine for PTSD",
        "intro": (
            "How ketamine treatment is being studied for post-traumatic stress disorder (PTSD), what "
            "the trials found, and how the clinic offers it alongside therapy."
        ),
        "opening": (
            "<p>Post-traumatic stress disorder (PTSD) can follow a frightening or distressing event, and "
            "can bring back memories, nightmares, and a constant sense of being on guard. "
            "Trauma-focused therapy is the first treatment for PTSD; ketamine is being studied as a "
            "way to help people for whom it has not been enough.</p>"
        ),
        "disclaimer": (
            "<p>Ketamine is not approved by the FDA for PTSD: its use is considered "
            "\u201coff-label\u201d, and research on it is still at an early stage.</p>"
        ),
        "research_heading": "What the research shows",
        "research": (
            "<p>In two randomised trials in adults with chronic PTSD, ketamine infusions reduced PTSD "
            "symptoms more than midazolam, a sedative used as an active placebo: after a single "
            "infusion (Feder and colleagues, 2014) and over a course of six infusions in two weeks "
            "(Feder and colleagues, 2021). Both are in the table below. The trials were small, and "
            "ketamine is not FDA-approved for PTSD: its use is off-label.</p>"
        ),
        "table_caption": "PTSD research",
        "studies": PTSD_STUDIES,
        "care_heading": "How we offer it",
        "care": (
            "<p>We offer ketamine treatment for PTSD alongside therapy, never instead of it. Before any "
            "session, a clinician talks with you about your history, your current care and your safety. "
            "You choose the pace, and you can stop at any time.</p>"
        ),
    },
}

# The treatment page: what the program is (a description of the clinic's service, not a claim
# about outcomes), and the studies of ketamine given with psychotherapy (cited in the text).
THERAPY_PAGE = {
    "opening": (
        "<p>Ketamine-assisted psychotherapy pairs ketamine sessions with psychotherapy: time with a "
        "licensed mental health counselor to prepare for each session, to be supported during it, "
        "and to make sense of it afterwards.</p>"
    ),
    "program_heading": "How the program works",
    "program": (
        "<ol><li><b>Preparation.</b> One or two sessions with your counselor to talk about what you "
        "hope to change and what the ketamine sessions are like.</li>"
        "<li><b>Ketamine sessions.</b> In a private room at the clinic, with a member of the clinical "
        "team monitoring you throughout and your counselor with you.</li>"
        "<li><b>Integration.</b> A therapy session after each ketamine session, to work with what "
        "came up and plan next steps.</li></ol>"
    ),
    "disclaimer": (
        "<p>Ketamine is not approved by the FDA for use with psychotherapy for depression, PTSD or "
        "substance use: its use in this program is considered \u201coff-label\u201d.</p>"
    ),
    "research_heading": "The research",
    "research": (
        "<p>Ketamine given together with psychotherapy has been studied for alcohol and heroin "
        "dependence: in a randomised trial of people with heroin dependence, more were abstinent a year "
        "later after three sessions of ketamine-assisted psychotherapy than after one (Krupitsky EM, et "
        "al. J Psychoactive Drugs. 2007;39(1):13-19). The studies are summarised on our "
        "substance use disorder page. Ketamine is not FDA-approved for these uses: its use is "
        "off-label.</p>"
    ),
}
