"""What a page costs in queries right after a change of content, as the query-count tests measure it.

The tests run with the caches on, as production does, and each starts with an empty cache: the
first page drawn then also reads, once for every page until the next change, when each content
app's next scheduled change is (core.page_cache.next_scheduled_change), one query per schedule.
"""

SCHEDULE = 8
