"""A polars integer column onto a compact `array.array`, its bytes copied as they are.

The per-ballot columns the rules read (`Ballots.person`, `.rater`, `.scores`…) are arrays of
machine integers; going through `Series.to_list` made a Python int per cell and took them apart
again (1.3 s of CPU for the nine columns of a million ballots). The bytes come through the
Arrow C stream interface (`__arrow_c_stream__`, a public ABI) read with ctypes: polars has no
other way to hand over its buffer without numpy, which jxkh does not depend on.
"""

from __future__ import annotations

import ctypes
from array import array
from typing import Any


class _Schema(ctypes.Structure):
    pass


_Schema._fields_ = [
    ("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(_Schema))), ("dictionary", ctypes.POINTER(_Schema)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_Schema))), ("private_data", ctypes.c_void_p),
]


class _Array(ctypes.Structure):
    pass


_Array._fields_ = [
    ("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)), ("children", ctypes.POINTER(ctypes.POINTER(_Array))),
    ("dictionary", ctypes.POINTER(_Array)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_Array))), ("private_data", ctypes.c_void_p),
]


class _Stream(ctypes.Structure):
    pass


_Stream._fields_ = [
    ("get_schema", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_Stream), ctypes.POINTER(_Schema))),
    ("get_next", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_Stream), ctypes.POINTER(_Array))),
    ("get_last_error", ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.POINTER(_Stream))),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(_Stream))), ("private_data", ctypes.c_void_p),
]

_capsule_pointer = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p)(
    ("PyCapsule_GetPointer", ctypes.pythonapi)
)

# Arrow's format of each typecode's machine integer (array's "i" is a C int, 4 bytes where polars runs).
_FORMATS = {"i": (b"i", 4), "q": (b"l", 8)}


def extend(kept: array, series: Any) -> None:
    """Append a polars integer column (no nulls) to `kept` ("i" or "q"), cast to its width."""
    import polars as pl

    fmt, size = _FORMATS[kept.typecode]
    assert kept.itemsize == size
    series = series.cast(pl.Int32 if size == 4 else pl.Int64)
    if series.null_count():
        raise ValueError("a column with nulls has no machine integers")
    if not _copy(kept, series, fmt, size):  # an export other than plain chunks of integers: slowly
        for start in range(0, len(series), 1 << 16):
            kept.extend(series.slice(start, 1 << 16).to_list())


def _copy(kept: array, series: Any, fmt: bytes, size: int) -> bool:
    """Append each chunk's data buffer; False (and nothing appended) unless every chunk is plain."""
    capsule = series.__arrow_c_stream__()  # it releases the stream when it goes
    stream = _Stream.from_address(_capsule_pointer(capsule, b"arrow_array_stream"))
    schema = _Schema()
    if stream.get_schema(ctypes.byref(stream), ctypes.byref(schema)):
        return False
    plain = schema.format == fmt
    schema.release(ctypes.byref(schema))
    before = len(kept)
    while plain:
        chunk = _Array()
        if stream.get_next(ctypes.byref(stream), ctypes.byref(chunk)):
            plain = False
            break
        if not chunk.release:  # the end of the stream
            return True
        try:
            if chunk.length and (chunk.n_buffers != 2 or chunk.null_count or not chunk.buffers[1]):
                plain = False
            elif chunk.length:
                start = chunk.buffers[1] + chunk.offset * size
                kept.frombytes((ctypes.c_char * (chunk.length * size)).from_address(start))
        finally:
            chunk.release(ctypes.byref(chunk))
    del kept[before:]
    return False
