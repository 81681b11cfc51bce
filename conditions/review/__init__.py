"""Medical review: who approved a page's medical claims and when, when it is due again, and
what a reviewer will question.

- models.py: MedicalReviewMixin, the review fields of condition and treatment pages;
- signals.py: approving a page in the "Medical review" workflow records the review;
- content_checks.py: the warnings an editor sees before submitting for review;
- panels.py: the content checks panel in the page editor;
- report.py: the "Medical reviews due" report and its dashboard panel.
"""
