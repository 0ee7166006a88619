"""A faster `Col.identity` for Django's query compiler (installed by CoreConfig.ready).

Django 6.1 hashes every selected column of an ordered query while compiling it
(`SQLCompiler._order_by_pairs` maps each selected expression to its position). A column's hash
is its `identity`, which the generic `Expression.identity` builds by binding the constructor's
arguments with `inspect.Signature.bind_partial`: about 10 µs a column. With modeltranslation a
model selects a column per field and language (an event: 60 columns), so an event page's seven
ordered queries spent 4–5 ms there, a quarter of the page (docs/performance.md).

`Col.__init__(alias, target, output_field=None)` is fixed, so its identity can be built straight
from the captured arguments. The tuple is the very one the generic code returns (a test compares
them for every column of every model), so equality and hashing are unchanged. A subclass with a
constructor of its own keeps the generic code.
"""

from django.db.models.expressions import Col, Expression
from django.utils.functional import cached_property

_generic_identity = Expression.identity.func
_NAMES = ("alias", "target", "output_field")


def _col_identity(self):
    if type(self).__init__ is not Col.__init__:
        return _generic_identity(self)
    args, kwargs = self._constructor_args
    bound = dict(zip(_NAMES, args, strict=False))
    bound.update(kwargs)
    return (type(self), *((name, self._identity(bound.get(name))) for name in _NAMES))


def install():
    if getattr(Col.identity, "func", None) is _col_identity:
        return
    identity = cached_property(_col_identity)
    identity.__set_name__(Col, "identity")
    Col.identity = identity
