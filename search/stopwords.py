"""English stop words: the words a search ignores because nearly every text holds them.

This is PostgreSQL's `english` stop list, copied in its order from
/usr/share/postgresql/15/tsearch_data/english.stop (Debian's postgresql-15): the list that the
`english` text search configuration drops from documents and queries. The search uses it on
SQLite too, so that a query such as "what to expect" means the same on both databases, and the
"Did you mean" suggestions never try to correct one of these words.
"""

# In the file's order (it has one a line), so the two can be compared.
STOP_LIST = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own
    same so than too very s t can will just don should now
"""

STOP_WORDS = frozenset(STOP_LIST.split())
