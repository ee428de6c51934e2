"""Helpers for the Python suite: gosock and the native module side by side.

The native socket module is imported here only to compare behaviour with;
gosock itself never uses it."""
import os
import socket as native

import gosock


def open_fds():
    return set(os.listdir("/proc/self/fd"))


def outcome(fn, *args, **kwargs):
    """What a call does: ('ok', value) or (exception type name, errno)."""
    try:
        return ("ok", fn(*args, **kwargs))
    except BaseException as e:  # noqa: BLE001 - comparing every outcome
        return (type(e).__name__, getattr(e, "errno", None))


__all__ = ["native", "gosock", "open_fds", "outcome"]
