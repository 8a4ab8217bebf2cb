"""Every hostile test proves the tool changed none of its inputs.

Each file a builder writes is hashed as it is written, and each workbook the tool opens is
hashed before the tool reads it (when no builder made it); after the test every one must
still have the same SHA-256.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from . import builders


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def inputs_unchanged(monkeypatch):
    """{path: SHA-256} of the test's inputs; checked unchanged after the test."""
    import jxkh.policy
    import jxkh.reader

    registry: dict[Path, str] = {}

    def written(path: Path) -> None:  # a builder (re)wrote it: this is the content to keep
        registry[Path(path).resolve()] = sha256(path)

    def used(path: Path) -> None:
        if not isinstance(path, (str, os.PathLike)):  # a library test's wrong argument: jxkh refuses it
            return
        path = Path(path)
        if path.is_file():
            registry.setdefault(path.resolve(), sha256(path))

    open_workbook, load_policy = jxkh.reader.open_workbook, jxkh.policy.load_policy

    def guarded_open(path, *args, **kwargs):
        used(path)
        return open_workbook(path, *args, **kwargs)

    def guarded_policy(path=None):
        if path is not None:
            used(path)
        return load_policy(path)

    monkeypatch.setattr(jxkh.reader, "open_workbook", guarded_open)
    monkeypatch.setattr(jxkh.policy, "load_policy", guarded_policy)
    builders.on_write.append(written)
    try:
        yield registry
    finally:
        builders.on_write.remove(written)
    modified = changed(registry)
    assert not modified, f"inputs modified: {modified}"


def changed(registry: dict[Path, str]) -> dict[str, str]:
    """{path: "changed" | "deleted"} of the registered inputs that are no longer as recorded."""
    out = {str(p): "deleted" for p in registry if not p.exists()}
    out.update({str(p): "changed" for p in registry if p.exists() and sha256(p) != registry[p]})
    return out


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An empty working folder as the current directory (commands look for their files there)."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder
