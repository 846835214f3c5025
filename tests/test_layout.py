"""The layout keeps its promises: dependencies between apps point one way, and devtools stays out of production."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _imported_modules(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add((str(path.relative_to(ROOT)), node.module))
    return found


def test_portal_never_imports_the_notices_app():
    offending = {(path, module) for path, module in _imported_modules("portal") if module.split(".")[0] == "notices"}
    assert not offending, offending


def test_no_app_the_deployment_loads_imports_the_development_tools():
    for package in ("portal", "notices", "members", "meetings", "services"):
        offending = {(path, module) for path, module in _imported_modules(package) if module.startswith("devtools")}
        assert not offending, offending
