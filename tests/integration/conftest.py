"""Until the shared database fixture exists: a migrated-by-metadata SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hozen.store.db import Database
from hozen.store.models import Base


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'hozen.sqlite3'}")
    Base.metadata.create_all(db.engine)
    yield db
    db.dispose()
