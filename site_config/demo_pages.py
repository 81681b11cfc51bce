"""The demo's questions pages (cost, what to expect, safety) and the pages every clinic site has
(privacy, terms of use, accessibility, non-discrimination), and the clinic settings that link them.

Idempotent: a page is looked up by its slug under its parent and left as it is when it exists, so
a second run changes nothing and an editor's changes stay. The text is written for the demo clinic,
Northwest Ketamine Clinics; claims about the medicine cite the FDA's label for esketamine
(Spravato), and a claim whose source is not yet known says "citation pending".
"""

from conditions.review.models import publishing_without_review
from home.models import StandardPage

SPRAVATO_LABEL = (
    '<a href="https://www.accessdata.fda.gov/scripts/cder/daf/index.cfm?event=overview.process'
    '&amp;ApplNo=211243">SPRAVATO (esketamine) nasal spray, prescribing information</a> '
    "(U.S. Food and Drug Administration, NDA 211243; approved 2019, revised since)"
)
OCR_PORTAL = "https://ocrportal.hhs.gov/ocr/portal/lobby.jsf"

DEMO_BANNER = (
    "This is a demonstration site: the clinic, its people and its contact details are fictional, "
    "and its medical content has not been reviewed by a clinician."
)


def text(html):
    return {"type": "text", "value": html}


def heading(words, level="h2"):
    return {"type": "heading", "value": {"text": words, "level": level}}


def faq(title, items):
    """An FAQ block: `items` are (question, answer HTML) pairs."""
    return {
        "type": "faq",
        "value": {
            "heading": title,
            "items": [{"question": question, "answer": answer} for question, answer in items],
        },
    }


# The questions pages: slug -> title, intro, body.

COST_AND_INSURANCE = {
    "title": "Cost and insurance",
    "intro": "What insurance usually covers, how to claim what it does not, and what the first "
    "consultation costs.",
    "body": [
        faq(
            "Insurance",
            [
                (
                    "Does insurance cover ketamine treatment for depression?",
                    "<p>Usually not. Ketamine given by infusion is approved by the FDA as an anaesthetic; "
                    "using it for depression, PTSD or substance use is <i>off-label</i>, and most health "
                    "plans do not pay for off-label treatment. Some plans repay part of the cost as an "
                    "out-of-network service: we give you a superbill (below) to send them.</p>",
                ),
                (
                    "Is esketamine (Spravato) covered?",
                    "<p>Often, yes. Esketamine nasal spray (Spravato) is approved by the FDA for adults "
                    "with treatment-resistant depression, and for depressive symptoms in adults with "
                    "major depressive disorder who have suicidal thoughts or actions. Because it is "
                    "approved for these uses, many plans cover it, usually after a prior authorization "
                    "showing that other antidepressants have not helped. Source: "
                    f"{SPRAVATO_LABEL}.</p>",
                ),
                (
                    "What is a superbill?",
                    "<p>An itemised receipt with the codes insurers ask for: the diagnosis, the "
                    "treatment, the dates and what you paid. We give you one after each session so you "
                    "can ask your plan to repay what it covers.</p>",
                ),
            ],
        ),
        faq(
            "Paying for treatment",
            [
                (
                    "Can I pay with an HSA or FSA?",
                    "<p>Usually, yes. Treatment a clinician prescribes for a medical condition is an "
                    "eligible expense for most health savings accounts (HSA) and flexible spending "
                    "accounts (FSA). Check with your plan's administrator; IRS Publication 502 explains "
                    "which medical expenses qualify.</p>",
                ),
                (
                    "What does the first consultation cost?",
                    "<p>Nothing. The first consultation, in person or by phone, is free, and you are "
                    "under no obligation to start treatment afterwards.</p>",
                ),
                (
                    "Will I know the cost before I start?",
                    "<p>Yes. Before your first session we give you, in writing, the fee for each session "
                    "of the program your clinician suggests. If you pay for yourself rather than through "
                    "insurance, federal law (the No Surprises Act) gives you the right to a Good Faith "
                    "Estimate of the cost before your care.</p>",
                ),
            ],
        ),
    ],
}

WHAT_TO_EXPECT = {
    "title": "What to expect",
    "intro": "From the first assessment to the ride home: what happens before, during and after a "
    "ketamine session.",
    "body": [
        faq(
            "Before treatment",
            [
                (
                    "What happens at the assessment?",
                    "<p>You meet one of our clinicians, who asks about your health, your mental health, "
                    "the treatments you have tried and the medicines you take, and measures your blood "
                    "pressure. Together you decide whether ketamine treatment suits you; for some people "
                    "it does not, and the clinician will say why and suggest other options.</p>",
                ),
                (
                    "How should I prepare for a session?",
                    "<p>Your clinician tells you when to stop eating and drinking beforehand and which of "
                    "your medicines to take as usual. Wear comfortable clothes, and arrange for someone "
                    "to drive you home: you cannot drive yourself after a session.</p>",
                ),
            ],
        ),
        faq(
            "On the day",
            [
                (
                    "What is a session like?",
                    "<p>You rest in a private, quiet room. Many people feel detached or dreamlike while "
                    "the medicine works, and notice that time or their surroundings seem different; the "
                    "feeling fades within an hour or two of the dose. You can bring music and an eye "
                    "mask, and a member of the clinical team stays close by throughout.</p>",
                ),
                (
                    "How am I monitored?",
                    "<p>We measure your blood pressure, heart rate and oxygen level before the dose, "
                    "during the session and before you leave, because ketamine and esketamine raise "
                    "blood pressure for a while. After esketamine, the FDA's label asks for at least "
                    f"two hours of observation. Source: {SPRAVATO_LABEL}.</p>",
                ),
            ],
        ),
        faq(
            "Afterwards",
            [
                (
                    "Can I drive home?",
                    "<p>No. Someone must drive you home, and you should not drive or use machinery "
                    "until the next day, after a restful night's sleep, as the FDA's label for "
                    f"esketamine advises. Source: {SPRAVATO_LABEL}.</p>",
                ),
                (
                    "How many sessions will I need?",
                    "<p>It differs from person to person. Your clinician plans the sessions with you, "
                    "checks how you are doing before each one, and changes the plan if the treatment "
                    "is not helping.</p>",
                ),
            ],
        ),
    ],
}

SAFETY_AND_SIDE_EFFECTS = {
    "title": "Safety and side effects",
    "intro": "The common short-lived effects of ketamine and esketamine, the risks to know about, and "
    "who should not have them.",
    "body": [
        faq(
            "Side effects",
            [
                (
                    "What side effects are common?",
                    "<p>Most pass within a few hours of a dose. In the studies behind the FDA's approval "
                    "of esketamine, the most common were:</p><ul><li>feeling detached from yourself or "
                    "your surroundings (dissociation)</li><li>dizziness or a spinning feeling</li>"
                    "<li>nausea and sometimes vomiting</li><li>sleepiness</li><li>a rise in blood "
                    "pressure</li><li>anxiety, and numbness or a feeling of being drunk</li></ul>"
                    f"<p>Source: {SPRAVATO_LABEL}.</p>",
                ),
                (
                    "What are the serious risks?",
                    "<p>The FDA's label for esketamine carries a boxed warning about sedation and "
                    "dissociation after a dose, the risk of abuse and misuse, and, as for every "
                    "antidepressant, suicidal thoughts and actions in children and young adults. This is "
                    "why a dose is given at the clinic, never taken home, and why you are observed "
                    f"until the effects have passed. Source: {SPRAVATO_LABEL}.</p>"
                    "<p>Frequent, long-term use of ketamine outside medical care can damage the "
                    "bladder (citation pending).</p>",
                ),
            ],
        ),
        faq(
            "Who should not have it",
            [
                (
                    "Who should not have ketamine or esketamine?",
                    "<p>The FDA's label says esketamine must not be given to people with:</p><ul>"
                    "<li>an aneurysm, or disease of the blood vessels that could lead to one (in the "
                    "brain, chest, abdomen, arms or legs)</li><li>an arteriovenous malformation</li>"
                    "<li>a history of bleeding in the brain</li><li>an allergy to esketamine or "
                    f"ketamine</li></ul><p>Source: {SPRAVATO_LABEL}.</p>",
                ),
                (
                    "What else will my clinician ask about?",
                    "<p>High blood pressure or heart disease, a past psychosis, misuse of alcohol or "
                    "drugs, and pregnancy or breastfeeding all need a careful conversation first: the "
                    "label warns about each. Tell your clinician about every medicine you take, "
                    "including sleeping tablets and pain medicines, which can add to the sedation. "
                    f"Source: {SPRAVATO_LABEL}.</p>",
                ),
            ],
        ),
    ],
}

QUESTIONS = {
    "title": "Questions",
    "intro": "Answers to what people ask us most before they start treatment.",
    "children": {
        "cost-and-insurance": COST_AND_INSURANCE,
        "what-to-expect": WHAT_TO_EXPECT,
        "safety-and-side-effects": SAFETY_AND_SIDE_EFFECTS,
    },
}

# The legal pages: slug -> title, intro, body.

PRIVACY = {
    "title": "Privacy notice",
    "intro": "What this website collects about you, why, and for how long.",
    "body": [
        text(
            "<p>This notice covers this website. The care you receive at Northwest Ketamine Clinics is "
            "covered by our HIPAA Notice of Privacy Practices, which we give you at your first visit "
            "and which the front desk of every clinic will give you on request.</p>"
        ),
        heading("Appointment requests"),
        text(
            "<p>When you ask for an appointment, the form asks only for your name, how to contact you, "
            "the location and time you prefer, and an optional message. Please do not include medical "
            "details: we ask about your health when we speak with you.</p><p>Only our patient "
            "coordinators can read a request. The email that tells them a request has arrived holds "
            "nothing you wrote. A request is kept only while we arrange your appointment, and is then "
            "deleted automatically after the retention period the clinic has set.</p>"
        ),
        heading("No tracking, no advertising"),
        text(
            "<p>This site uses no analytics, no advertising and no tracking pixels, and loads no "
            "scripts or fonts from other companies. Reading a page sets no cookie.</p><p>Two cookies "
            "are set only when they are needed:</p><ul><li><b>csrftoken</b>, when you open a form "
            "such as the appointment request: it proves that a form sent to us came from this site. "
            "</li><li><b>sessionid</b>, only for clinic staff who sign in to edit the site.</li></ul>"
        ),
        heading("What our servers record"),
        text(
            "<p>Like every web server, ours record each request: your device's IP address, the page "
            "asked for, the time and the answer given. We use these records to keep the site secure "
            "and to fix faults, keep them only as long as those purposes need, and never use them to "
            "build a profile of you. The words you search for are counted, without anything that "
            "identifies you, so that we can improve our pages.</p>"
        ),
        heading("Videos and maps"),
        text(
            "<p>A video hosted on YouTube or Vimeo loads nothing from them until you press play; once "
            "you do, that company receives your request under its own privacy policy. Our location "
            "pages show a map as a picture and link to a map service; following the link takes you "
            "to that service's site.</p>"
        ),
        heading("Your choices"),
        text(
            "<p>You may ask us to delete an appointment request before its retention period ends, or "
            "ask what we hold about you, by calling the clinic on the number at the foot of this "
            "page.</p><p>This notice was last updated on 1 December 2026.</p>"
        ),
    ],
}

TERMS = {
    "title": "Terms of use",
    "intro": "The terms on which Northwest Ketamine Clinics offers this website.",
    "body": [
        heading("Information, not medical advice"),
        text(
            "<p>The pages of this site explain conditions, treatments and research in general terms. "
            "They do not replace advice from a clinician who knows you, and reading them does not make "
            "you a patient of the clinic. Ketamine treatment for many of the conditions described is "
            "off-label.</p>"
        ),
        heading("Not for emergencies"),
        text(
            "<p>This site and its appointment form are not watched around the clock. If you are in "
            'crisis, <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a> (Suicide &amp; '
            'Crisis Lifeline); in an emergency, <a href="tel:911">call 911</a>.</p>'
        ),
        heading("Appointment requests"),
        text(
            "<p>Sending an appointment request asks us to contact you; it does not book an appointment "
            "or start treatment. We confirm an appointment only when we have spoken with you.</p>"
        ),
        heading("Accuracy and links"),
        text(
            "<p>We review our pages and correct mistakes when we find them, but medical knowledge "
            "changes: each page says when it was last reviewed where that matters. Links to other "
            "websites are offered for your information; we are not responsible for their content.</p>"
        ),
        heading("Copyright"),
        text(
            "<p>The text of this site belongs to Northwest Ketamine Clinics; you may quote it with a "
            "link to the page. The illustrations are released under CC0 1.0, as each caption says.</p>"
        ),
        heading("Changes and governing law"),
        text(
            "<p>We may change these terms; the version on this page applies from the date below. "
            "These terms are governed by the laws of the State of Oregon.</p><p>Last updated on "
            "1 December 2026.</p>"
        ),
    ],
}

ACCESSIBILITY = {
    "title": "Accessibility statement",
    "intro": "How we make this site usable by everyone, what we know falls short, and how to tell us "
    "about a problem.",
    "body": [
        heading("Our target"),
        text(
            "<p>We aim for every page of this site to meet the Web Content Accessibility Guidelines "
            "(WCAG) 2.2 at level AA: usable with a keyboard alone, with a screen reader, with text "
            "enlarged to 200%, and on a phone.</p>"
        ),
        heading("How we check"),
        text(
            "<p>Every kind of page is tested automatically, before each change is published, with "
            "axe-core (accessibility rules) and the Nu HTML Checker (valid markup), on a desktop and a "
            "phone-sized screen. We also test by hand with a keyboard and a screen reader, and our "
            "editors write alternative text for every informative image and captions for our "
            "videos.</p>"
        ),
        heading("What we know falls short"),
        text(
            "<ul><li>A video hosted on YouTube or Vimeo plays in that company's player, whose "
            "accessibility we do not control; each has a transcript on our page.</li><li>Some "
            "documents we link to, such as research papers, are PDFs published by others and may not "
            "be accessible. Ask us and we will send the information in another format.</li></ul>"
        ),
        heading("Tell us about a problem"),
        text(
            "<p>If something on this site is hard to use, or you need information in another format, "
            "call the clinic on the number at the foot of this page or tell the front desk at any of "
            "our clinics. We answer within five working days.</p><p>This statement was prepared on "
            "1 December 2026.</p>"
        ),
    ],
}

NONDISCRIMINATION = {
    "title": "Non-discrimination notice",
    "intro": "Our duties under Section 1557 of the Affordable Care Act, and the free language and "
    "communication help we offer.",
    "body": [
        text(
            "<p>Northwest Ketamine Clinics complies with applicable federal civil rights laws and does "
            "not discriminate on the basis of race, color, national origin, age, disability or sex "
            "(including sex characteristics, intersex traits, pregnancy or related conditions, sexual "
            "orientation, gender identity and sex stereotypes). We do not exclude people or treat them "
            "differently because of any of these.</p>"
        ),
        heading("Free help we provide"),
        text(
            "<ul><li>For people with disabilities, so they can communicate with us effectively: "
            "qualified sign language interpreters, and written information in other formats (large "
            "print, audio, accessible electronic formats).</li><li>For people whose first language is "
            "not English: qualified interpreters, and information written in other languages.</li>"
            "</ul><p>To ask for any of these, call the clinic on the number at the foot of this page "
            "and ask for our Section 1557 Coordinator. There is no charge.</p>"
        ),
        heading("If you believe we have discriminated"),
        text(
            "<p>You can file a grievance with our Section 1557 Coordinator in person, by phone or in "
            "writing, and the Coordinator will help you if you need it.</p><p>You can also file a "
            "civil rights complaint with the U.S. Department of Health and Human Services, Office for "
            f'Civil Rights, through its <a href="{OCR_PORTAL}">complaint portal</a>, or by mail at 200 '
            "Independence Avenue SW, Room 509F, HHH Building, Washington, DC 20201, or by phone at "
            '<a href="tel:+1-800-368-1019">1-800-368-1019</a> (TDD: 1-800-537-7697).</p>'
        ),
    ],
}

LEGAL_PAGES = {
    "privacy": PRIVACY,
    "terms": TERMS,
    "accessibility": ACCESSIBILITY,
    "non-discrimination": NONDISCRIMINATION,
}
# The clinic settings' legal links: setting -> the page's slug.
LEGAL_LINKS = {
    "privacy_page": "privacy",
    "terms_page": "terms",
    "accessibility_page": "accessibility",
    "nondiscrimination_page": "non-discrimination",
}


def site_page(parent, slug, data, created):
    """The StandardPage at `slug` under `parent`: the existing one as it is, or made and published."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = StandardPage(slug=slug, title=data["title"], intro=data["intro"], body=data.get("body", []))
    parent.add_child(instance=page)
    with publishing_without_review():
        page.save_revision().publish()
    created.append(f"page /{page.get_url_parts()[2].strip('/')}/")
    return page


def add_site_pages(home, created=None):
    """The questions pages under /questions/ and the legal pages under the home page, made once.

    Returns the pages by slug: "questions", its children's slugs and LEGAL_PAGES' slugs. `created`,
    if given, gets a line for each page made now."""
    created = [] if created is None else created
    questions = site_page(home, "questions", QUESTIONS, created)
    pages = {"questions": questions}
    for slug, data in QUESTIONS["children"].items():
        pages[slug] = site_page(questions, slug, data, created)
    if not questions.body.raw_data:
        # The questions page leads to its pages, once they exist (an editor's own body stays).
        questions.body = [
            {
                "type": "card_grid",
                "value": {
                    "heading": "",
                    "cards": [
                        {
                            "image": None,
                            "heading": data["title"],
                            "text": data["intro"],
                            "page": pages[slug].pk,
                            "link_url": "",
                        }
                        for slug, data in QUESTIONS["children"].items()
                    ],
                },
            }
        ]
        with publishing_without_review():
            questions.save_revision().publish()
    for slug, data in LEGAL_PAGES.items():
        pages[slug] = site_page(home, slug, data, created)
    return pages


def link_site_pages(clinic_settings, pages):
    """Fill the clinic settings' legal links, crisis notice and demonstration banner where they are
    empty (an editor's choices stay); saves only if something changed. Returns whether it did."""
    changed = False
    for field, slug in LEGAL_LINKS.items():
        if getattr(clinic_settings, f"{field}_id") is None and slug in pages:
            setattr(clinic_settings, field, pages[slug])
            changed = True
    if not (clinic_settings.crisis_notice or "").strip():
        clinic_settings.crisis_notice = clinic_settings._meta.get_field("crisis_notice").default
        changed = True
    if not clinic_settings.demo_banner.strip():
        clinic_settings.demo_banner = DEMO_BANNER
        changed = True
    if changed:
        clinic_settings.save()
    return changed
