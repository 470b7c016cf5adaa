"""A large .npy matrix read row by row with ``os.pread``, never mapped into the process.

A memory map of a large index's vectors grows the server's resident memory with
every page a question touches (and the kernel reads ahead around each). Reading
the few hundred rows a question needs with ``pread`` keeps them in the kernel's
page cache instead, shared by every replica on the machine and never counted
as the process's memory.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


class RowFile:
    """Rows of a 2-D .npy file on demand: ``rows[indices]``, ``rows[a:b]``, ``len(rows)``, ``rows.shape``."""

    def __init__(self, path: Path):
        with open(path, "rb") as src:
            version = np.lib.format.read_magic(src)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read_header(src)
            self.offset = src.tell()
        if fortran or len(shape) != 2:
            raise ValueError(f"{path}: expected a C-ordered 2-D array")
        self.path, self.shape, self.dtype = path, tuple(shape), np.dtype(dtype)
        self.ndim = 2
        self.row_bytes = self.shape[1] * self.dtype.itemsize
        self.fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return self.shape[0]

    def __del__(self) -> None:
        fd = getattr(self, "fd", None)
        if fd is not None:
            os.close(fd)

    def _run(self, start: int, stop: int) -> np.ndarray:
        data = os.pread(self.fd, (stop - start) * self.row_bytes, self.offset + start * self.row_bytes)
        return np.frombuffer(data, dtype=self.dtype).reshape(stop - start, self.shape[1])

    def __getitem__(self, index) -> np.ndarray:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return self._run(start, max(start, stop))[::step].copy() if step != 1 else self._run(start, max(start, stop))
        rows = np.asarray(index, dtype=np.int64).reshape(-1)
        if not len(rows):
            return np.zeros((0, self.shape[1]), dtype=self.dtype)
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        breaks = np.flatnonzero(np.diff(ordered) > 1) + 1  # runs of neighbouring rows: one read each
        parts = [self._run(int(run[0]), int(run[-1]) + 1)[run - run[0]] for run in np.split(ordered, breaks)]
        out = np.empty((len(rows), self.shape[1]), dtype=self.dtype)
        out[order] = np.concatenate(parts)
        return out

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        whole = self._run(0, len(self))
        return whole if dtype is None else whole.astype(dtype)
