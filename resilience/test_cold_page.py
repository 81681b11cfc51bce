"""A cold page (after a change, after a deploy) asked for by many visitors at once is rendered
once: the others, on either worker, wait for that render's entry in the shared cache."""

import threading

from .conftest import WORKERS

VISITORS = 8  # every thread of both workers (GUNICORN_THREADS default 4)
PATH = "/conditions/substance-use-disorder/"


def test_a_cold_page_asked_for_by_many_at_once_is_rendered_once(stack):
    for _ in range(2 * WORKERS):  # every worker warm: templates compiled, connections open
        assert stack.get(PATH).status == 200
    stack.manage("shell", "-c", "from home import page_cache; page_cache.invalidate('a test')")
    start = threading.Barrier(VISITORS)
    answers = []

    def visitor():
        start.wait()
        answers.append(stack.get(PATH))

    threads = [threading.Thread(target=visitor) for _ in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer.status for answer in answers] == [200] * VISITORS
    assert sorted(answer.headers.get("X-Page-Cache") for answer in answers) == ["hit"] * (VISITORS - 1) + [
        "miss"
    ]
    assert len({answer.body for answer in answers}) == 1
