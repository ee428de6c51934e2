"""CPython's argument conversions, with its exact errors: the one place the
shim turns Python arguments into C integers (the "i", "l" and "n" formats)
and words argument-count errors."""
from operator import index as _index

INT_MIN, INT_MAX = -2**31, 2**31 - 1
LONG_MIN, LONG_MAX = -2**63, 2**63 - 1


def c_int(x):
    """An integer argument as a C int (CPython's "i" format)."""
    if x.__class__ is not int:
        x = _index(x)  # TypeError "'float' object cannot be interpreted as an integer"
    if INT_MIN <= x <= INT_MAX:
        return x
    if not LONG_MIN <= x <= LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    if x > 0:
        raise OverflowError("signed integer is greater than maximum")
    raise OverflowError("signed integer is less than minimum")


def c_long(x):
    """An integer argument as a C long (CPython's "l" format)."""
    if x.__class__ is not int:
        x = _index(x)
    if LONG_MIN <= x <= LONG_MAX:
        return x
    raise OverflowError("Python int too large to convert to C long")


def ssize(x):
    """An integer argument as a Py_ssize_t (CPython's "n" format)."""
    if x.__class__ is not int:
        x = _index(x)
    if LONG_MIN <= x <= LONG_MAX:
        return x
    raise OverflowError("Python int too large to convert to C ssize_t")


def argtype(obj):
    """The type name CPython's argument errors show ("None" for None)."""
    return "None" if obj is None else type(obj).__name__


def bad_call(kwname, name, least, most, args, kwargs):
    """The TypeError CPython raises for keywords or a wrong argument count."""
    if kwargs:
        return TypeError("%s() takes no keyword arguments" % kwname)
    n = len(args)
    if least == most:
        return TypeError("%s() takes exactly %d argument%s (%d given)"
                         % (name, least, "" if least == 1 else "s", n))
    if n < least:
        return TypeError("%s() takes at least %d argument%s (%d given)"
                         % (name, least, "" if least == 1 else "s", n))
    return TypeError("%s() takes at most %d arguments (%d given)" % (name, most, n))
