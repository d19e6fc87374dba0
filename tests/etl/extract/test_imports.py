"""The direction of the imports: the pure side (etl/extract/, etl/render/) knows nothing of the write
side, Scrapy or the ORM, so a fixture file can be pushed through any stage with neither."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PURE = sorted([*(ROOT / "etl" / "extract").rglob("*.py"), *(ROOT / "etl" / "render").rglob("*.py")])
# Everything a pure module may import from this project.
PURE_PACKAGES = ("etl.extract", "etl.render")
FORBIDDEN = ("crawler", "models", "settings", "scrapy", "twisted", "sqlalchemy", "sqlmodel", "alembic", "psycopg")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
            if node.module == "etl":  # from etl import x
                names.update(f"etl.{alias.name}" for alias in node.names)
    return names


def test_the_pure_side_is_found():
    assert {p.name for p in PURE} >= {"parse.py", "tables.py", "metadata.py", "head.py", "encoding.py", "html.py"}


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_pure_module_imports_nothing_from_the_write_side_scrapy_or_the_orm(path):
    bad = sorted(name for name in imported(path)
                 if name.split(".")[0] in FORBIDDEN
                 or (name.startswith("etl.") and not name.startswith(PURE_PACKAGES)))
    assert bad == [], f"{path.relative_to(ROOT)} imports {', '.join(bad)}"


def test_the_check_sees_a_bad_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from etl.load import load_document\nimport sqlmodel\nfrom etl import PARSER_VERSION\n")
    assert imported(module) >= {"etl.load", "sqlmodel", "etl.PARSER_VERSION"}
