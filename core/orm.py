"""A faster `Expression.identity` for Django's query compiler (installed by CoreConfig.ready).

Django 6.1 hashes every selected expression of an ordered query while compiling it
(`SQLCompiler._order_by_pairs` maps each selected expression to its position). An expression's
hash is its `identity`, which the generic `Expression.identity` builds by binding the captured
constructor arguments with `inspect.Signature.bind_partial` and `apply_defaults`: about 10 µs an
expression. With modeltranslation a model selects a column per field and language (an event: 60
columns), so an event page's seven ordered queries spent 4–5 ms there, a quarter of the page, and
each M2M prefetch hashed its RawSQL too (docs/performance.md).

Most expressions take plain named parameters, so the binding can be worked out once per class
and then applied with a dict. The tuple is the very one the generic code returns (a test compares
them for every column of every model and for the expressions the portal's queries use), so
equality and hashing are unchanged. A constructor with *args or **kwargs, or arguments that do
not bind, keeps the generic code.
"""

import functools
import inspect

from django.db.models.expressions import Expression
from django.utils.functional import cached_property

_generic_identity = Expression.identity.func
_EMPTY = inspect.Parameter.empty
_PLAIN = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


@functools.cache
def _parameters(cls):
    """((name, default, positional?), …) of `cls.__init__` after self, or None if not all plain."""
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    if any(parameter.kind not in _PLAIN for parameter in parameters):
        return None
    return tuple(
        (parameter.name, parameter.default, parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for parameter in parameters
    )


@functools.cache
def _names(parameters):
    return frozenset(name for name, _default, _is_positional in parameters)


def _fast_identity(self):
    parameters = _parameters(type(self))
    if parameters is None:
        return _generic_identity(self)
    args, kwargs = self._constructor_args
    positional = [name for name, _default, is_positional in parameters if is_positional]
    if len(args) > len(positional):
        return _generic_identity(self)
    bound = dict(zip(positional, args, strict=False))
    if any(name in bound or name not in _names(parameters) for name in kwargs):
        return _generic_identity(self)  # binding fails: the generic code raises as Django does
    bound.update(kwargs)
    identity = [self.__class__]
    for name, default, _is_positional in parameters:
        value = bound.get(name, default)
        if value is _EMPTY:  # a required argument not given: leave it to the generic code
            return _generic_identity(self)
        identity.append((name, self._identity(value)))
    return tuple(identity)


def install():
    if getattr(Expression.identity, "func", None) is _fast_identity:
        return
    identity = cached_property(_fast_identity)
    identity.__set_name__(Expression, "identity")
    Expression.identity = identity
