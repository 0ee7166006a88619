"""django-modeltranslation's multilingual queryset classes, made once per queryset class
(installed by CoreConfig.ready).

Every `Model.objects` call on a translated model goes through modeltranslation's manager, which
turns the queryset into a MultilingualQuerySet with `multilingual_queryset_factory`. For a model
with its own queryset class (EventQuerySet, MemberQuerySet, ArticleQuerySet…) that function builds
a new class, `class NewClass(old_cls, MultilingualQuerySet)`, on every call. Building a class costs
more than most of what a queryset does, each one is a reference cycle that only the garbage
collector frees, and Python's method caches start cold for every new class.

The class depends only on the queryset class it is made from, so it is made once per queryset
class and kept. Pages with several such querysets count 0.5–0.9 million instructions fewer (the
home page 31.8 -> 31.0, the member profile 27.2 -> 26.3: docs/performance.md, session 10).
"""

import functools

from modeltranslation import manager

_factory = manager.multilingual_queryset_factory
_made = functools.cache(lambda old_cls: _factory(old_cls, instantiate=False))


def multilingual_queryset_factory(old_cls, instantiate=True):
    """modeltranslation's factory, giving the same class each time for the same `old_cls`."""
    new_class = _made(old_cls)
    return new_class() if instantiate else new_class


def install():
    if manager.multilingual_queryset_factory is not multilingual_queryset_factory:
        manager.multilingual_queryset_factory = multilingual_queryset_factory
