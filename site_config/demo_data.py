"""The demo site's content, as data (the clinic's current page: ../shared/seed/).

The building code is the load_demo_content command.
"""

import datetime

from evidence.models import LevelOfEvidence, MagnitudeOfEffect, StudyDesign
from stories.models import ConsentScope

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "demo-admin-dev-only"
# (username, password, group, superuser): development-only logins, never created without DEBUG.
DEMO_ACCOUNTS = [
    (DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD, None, True),
    ("editor", "demo-editor-dev-only", "Editors", False),
    ("reviewer", "demo-reviewer-dev-only", "Medical reviewers", False),
    ("coordinator", "demo-coordinator-dev-only", "Patient coordinators", False),
]
# The demo reviewer is not a real clinician: the byline says so.
DEMO_REVIEWER = {"name": "Demo Reviewer (not a real clinician)", "credentials": "MD", "role": "Demo account"}

# The studies behind the seed page's stats and table (facts from shared/seed/README.md).
# The magnitude of effect was lost from the seed page; it stays "not yet rated"
# until the medical reviewer rates it. Rows whose citation is unknown carry no
# journal or identifier, so the site shows them as "citation pending".
STUDIES = [
    {
        "title": "Ketamine psychedelic therapy (KPT): a review of the results of ten years of research",
        "authors": "Krupitsky EM, Grinenko AY",
        "journal": "J Psychoactive Drugs",
        "year": 1997,
        "volume_pages": "29(2):165-183",
        "doi": "10.1080/02791072.1997.10400185",
        "design": StudyDesign.REVIEW,
        "level_of_evidence": LevelOfEvidence.COHORT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Alcohol use disorder",
        "summary": (
            "65.8% (73 of 111) of patients were abstinent for over one year after ketamine "
            "psychedelic therapy, against 24% (24 of 100) with conventional treatment. "
            "Ketamine was given by intramuscular injection."
        ),
    },
    {
        "title": (
            "Single versus repeated sessions of ketamine-assisted psychotherapy for people "
            "with heroin dependence"
        ),
        "authors": "Krupitsky EM, et al.",
        "journal": "J Psychoactive Drugs",
        "year": 2007,
        "volume_pages": "39(1):13-19",
        "design": StudyDesign.RCT,
        "level_of_evidence": LevelOfEvidence.RCT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Heroin dependence",
        "summary": (
            "50% (13 of 26) were abstinent at one year after three sessions of ketamine-assisted "
            "psychotherapy, against 22.2% (6 of 27) after one session."
        ),
    },
    {
        "title": "Efficacy of ketamine in the treatment of substance use disorders: a systematic review",
        "authors": "Jones JL, Mateus CF, Malcolm RJ, Brady KT, Back SE",
        "journal": "Front Psychiatry",
        "year": 2018,
        "volume_pages": "9:277",
        "doi": "10.3389/fpsyt.2018.00277",
        "design": StudyDesign.SYSTEMATIC_REVIEW,
        "level_of_evidence": LevelOfEvidence.SYSTEMATIC_REVIEW,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Substance use disorders",
        "summary": (
            "Seven studies were reviewed (2 alcohol, 2 cocaine, 3 opioids). Improvements in craving, "
            "motivation, and use were noted for cocaine, and improved two-year abstinence rates for "
            "alcohol and opioids after a single infusion."
        ),
    },
    {
        "title": "Observational study of ketamine in acute alcohol withdrawal",
        "design": StudyDesign.OBSERVATIONAL,
        "level_of_evidence": LevelOfEvidence.COHORT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Alcohol withdrawal",
        "summary": (
            "Ketamine reduced benzodiazepine requirements for acute alcohol withdrawal syndrome (AWS) "
            "and is well tolerated at low doses."
        ),
    },
    {
        "title": "Case report: ketamine for opioid withdrawal in a woman with chronic pain",
        "design": StudyDesign.CASE_REPORT,
        "level_of_evidence": LevelOfEvidence.CASE_REPORT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Opioid withdrawal",
        "summary": (
            "Case study for management of opioid withdrawal in a woman with chronic pain. The patient "
            "dramatically reduced opioid use without any withdrawal symptoms."
        ),
    },
    {
        "title": "Two case reports: intravenous ketamine as a bridge to buprenorphine",
        "design": StudyDesign.CASE_REPORT,
        "level_of_evidence": LevelOfEvidence.CASE_REPORT,
        "magnitude_of_effect": MagnitudeOfEffect.NOT_RATED,
        "effect": "Opioid withdrawal",
        "summary": (
            "Two case reports for treatment of opioid withdrawal symptoms: \u201cThe use of intravenous "
            "ketamine can be considered as a bridge to successful initiation of buprenorphine to wean "
            "the patient off from high opioid doses while providing adequate analgesia during the "
            "transition period.\u201d"
        ),
    },
]

TESTIMONIAL = {
    "quote": (
        "This place saved my life. The staff is always so welcoming and friendly, as well as supportive "
        "and accommodating. Because of these infusions I\u2019ve been able to get my life back in control. "
        "Thank you."
    ),
    "attribution": "Adelle P",
    "consent_date": datetime.date(2026, 1, 15),
    "consent_recorded_by": "Front desk, signed form on file",
    "consent_scope": ConsentScope.WEBSITE,
    "consent_expires": datetime.date(2028, 1, 15),
}

# Not one person, so no public profile: the articles' byline.
AUTHOR = {
    "name": "Clinic editorial team",
    "role": "Patient education",
    "bio": (
        "The clinic's articles are written by its patient education team and checked for accuracy "
        "by the medical director before they are published."
    ),
}

# The conditions pages, articles and testimonials are about: slug -> name.
CONDITIONS = {
    "substance-use-disorder": "Substance use disorder",
    "depression": "Depression",
    "ptsd": "Post-traumatic stress disorder (PTSD)",
}

# Further condition pages; their words and studies are in site_config/demo_conditions.py.
OTHER_CONDITIONS = [
    ("depression", "Ketamine for Depression"),
    ("ptsd", "Ketamine for PTSD"),
]

ARTICLES = [
    {
        "title": "Mental Health Awareness Month: Breaking Barriers with Compassion",
        "conditions": ["substance-use-disorder", "depression"],
        "tags": ["awareness", "stigma"],
        "slug": "mental-health-awareness-month",
        "date": datetime.date(2026, 5, 1),
        "intro": (
            "May marks Mental Health Awareness Month, which is not just a time to shed light on the "
            "significance of mental health, but to dismantle the stigma surrounding mental health hurdles."
        ),
        "body": (
            "<p>At Northwest Ketamine Clinics, we're dedicated to raising awareness and offering support "
            "to everyone affected by mental health conditions. Talking openly about mental health helps "
            "people ask for help sooner.</p>"
        ),
    },
    {
        "title": "Who is a Good Candidate for Ketamine Treatment?",
        "conditions": ["substance-use-disorder", "depression", "ptsd"],
        "tags": ["getting started"],
        "slug": "who-is-a-good-candidate-for-ketamine-treatment",
        "date": datetime.date(2026, 6, 10),
        "intro": (
            "We understand that determining the right candidates for ketamine treatment is a crucial "
            "step in providing effective and safe care. In this blog post, we'll explore the factors "
            "and conditions that make someone a suitable candidate for ketamine therapy."
        ),
        "body": (
            "<p>Whether ketamine treatment is right for you is a decision you make with a clinician, "
            "after a medical assessment that reviews your history, your current medicines and your "
            "goals for treatment.</p>"
        ),
    },
    {
        "title": "What to Expect at Your First Ketamine Appointment",
        "slug": "what-to-expect-at-your-first-appointment",
        "date": datetime.date(2026, 7, 8),
        "conditions": ["depression"],
        "tags": ["getting started"],
        "intro": "A walk through a first visit, from the welcome at reception to the ride home afterwards.",
        "body": (
            "<p>Your first appointment starts with a conversation with the clinical team about your "
            "history and what you hope treatment will change. Plan for someone to drive you home.</p>"
        ),
    },
    {
        "title": "Talking with Family About Trauma and Treatment",
        "slug": "talking-with-family-about-trauma-and-treatment",
        "date": datetime.date(2026, 8, 19),
        "conditions": ["ptsd"],
        "tags": ["family", "stigma"],
        "intro": "Ideas for starting a conversation with the people close to you about trauma and about seeking care.",
        "body": (
            "<p>Choosing when and how much to share is yours to decide. Some people find it easier to "
            "start with what they need from their family than with what happened.</p>"
        ),
    },
    {
        "title": "Recovery Is Not a Straight Line",
        "slug": "recovery-is-not-a-straight-line",
        "date": datetime.date(2026, 9, 30),
        "conditions": ["substance-use-disorder"],
        "tags": ["recovery"],
        "intro": "Setbacks are common in recovery from substance use. Here is how we think about them with patients.",
        "body": (
            "<p>A setback is information, not failure. Talk to your care team about what happened and "
            "what support would help next time.</p>"
        ),
    },
]


# The home page's words (load_demo_content: home_body). A process, not a medical claim: what a
# visitor goes through, as the booking page and the first-appointment article describe it.
HOME_HERO = {
    "heading": "Ketamine treatment, with medical care at every step",
    "standfirst": (
        "Programs for depression, PTSD and substance use, offered alongside therapy and the care of "
        "the clinic's medical team."
    ),
}
HOME_STEPS = {
    "heading": "How treatment works",
    "steps": [
        (
            "A free consultation",
            "Talk with our team about your history, your current care and what you hope treatment "
            "will change.",
        ),
        (
            "A medical assessment",
            "A clinician reviews your health and your medicines, and decides with you whether ketamine "
            "treatment is safe and suitable.",
        ),
        (
            "Treatment sessions",
            "Each session takes place in a private, quiet room at the clinic. Plan for someone to drive "
            "you home afterwards.",
        ),
        (
            "Therapy and follow-up",
            "Time with a counselor helps you make sense of the sessions and plan what comes next.",
        ),
    ],
}
# The team block: the medical review as the site does it (conditions/review), and the people shown.
HOME_TEAM = {
    "heading": "Our clinicians and medical review",
    "statement": (
        "<p>Each page about a condition or a treatment names the clinician who reviewed it and the "
        "date of that review, and is reviewed again when its review falls due. A page without that "
        "line has not yet been through the clinic's medical review.</p>"
    ),
}
# Demo profiles, not real clinicians: their roles and biographies say so; (person, portrait image).
# The clinicians on the team page and the home page's team block, with their public profiles.
DEMO_CLINICIANS = [
    (
        {
            "name": "Jordan Avery",
            "credentials": "MD",
            "role": "Medical director",
            "bio": (
                "Dr Avery is a board-certified psychiatrist who leads the clinic's medical team and "
                "reviews its treatment protocols."
            ),
            "public_profile": True,
            "slug": "jordan-avery",
            "specialties": "Psychiatry, Addiction psychiatry",
            "languages": "English, Spanish",
            "licensure": [
                {"type": "licence", "value": "Licensed by the Oregon Medical Board"},
                {"type": "licence", "value": "Board certified in Psychiatry (ABPN)"},
            ],
            "biography": (
                "<p>Dr Avery completed a residency in psychiatry and a fellowship in addiction "
                "psychiatry. Before joining the clinic, they "
                "spent eight years treating substance use disorders in community mental health.</p>"
                "<p>As medical director, Dr Avery sees every new patient before a first treatment, "
                "sets the clinic's screening and monitoring protocols, and reviews the medical "
                "content of this site.</p>"
            ),
        },
        "portrait_clinician_1",
    ),
    (
        {
            "name": "Riley Chen",
            "credentials": "PMHNP-BC",
            "role": "Psychiatric nurse practitioner",
            "bio": (
                "Riley is a board-certified psychiatric mental health nurse practitioner who "
                "monitors patients through each ketamine session."
            ),
            "public_profile": True,
            "slug": "riley-chen",
            "specialties": "Psychiatric mental health nursing, Depression, Post-traumatic stress disorder",
            "languages": "English, Mandarin",
            "licensure": [
                {
                    "type": "licence",
                    "value": "Licensed by the Oregon State Board of Nursing as a nurse practitioner",
                },
                {"type": "licence", "value": "Board certified, Psychiatric-Mental Health NP (ANCC)"},
            ],
            "biography": (
                "<p>Riley has worked in psychiatric nursing for twelve years, first on an inpatient "
                "unit and then in outpatient care for depression and PTSD.</p>"
                "<p>At the clinic, Riley meets patients before each session, stays with them while "
                "the medicine takes effect, and checks in the day after.</p>"
            ),
        },
        "portrait_clinician_2",
    ),
]

# One demo page of each type, by address: what the site-wide tests visit.
DEMO_PAGES = {
    "home": "/",
    "standard": "/contact/",
    "location index": "/locations/",
    "location": "/locations/portland/",
    "team": "/team/",
    "profile": "/team/jordan-avery/",
    "faq": "/questions/cost-and-insurance/",
    "legal": "/privacy/",
    "condition index": "/conditions/",
    "condition": "/conditions/substance-use-disorder/",
    "treatment index": "/treatments/",
    "treatment": "/treatments/ketamine-therapy/",
    "article index": "/articles/",
    "article": "/articles/who-is-a-good-candidate-for-ketamine-treatment/",
    "search": "/search/?q=cravings",
}
