"""nnlib's modules import one way: no private name taken from another module, no cycle."""

import ast
from pathlib import Path

import pytest

NNLIB = Path(__file__).resolve().parents[1] / "nnlib"
MODULES = {
    ".".join(p.relative_to(NNLIB.parent).with_suffix("").parts).removesuffix(".__init__"): p
    for p in NNLIB.rglob("*.py")
}


def imports(path):
    """(module, name) for every `from nnlib... import name` and `import nnlib...` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nnlib"):
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names if alias.name.startswith("nnlib")]
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_is_imported_from_another_module(module):
    private = [f"{m}.{n}" for m, n in imports(MODULES[module]) if n and n.startswith("_")]
    assert not private, f"{module} imports private names {private}"


def test_there_is_no_import_cycle():
    graph = {}
    for module, path in MODULES.items():
        targets = set()
        for target, name in imports(path):
            if f"{target}.{name}" in MODULES:  # `from nnlib import checks` names a module
                target = f"{target}.{name}"
            if target in MODULES and target != module:
                targets.add(target)
        graph[module] = targets - {"nnlib"} if module != "nnlib" else targets

    def visit(node, stack):
        if node in stack:
            return stack[stack.index(node):] + [node]
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, stack + [node])
            if cycle:
                return cycle
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        assert cycle is None, " -> ".join(cycle)


def test_no_module_is_over_about_400_lines():
    long = {m: n for m, p in MODULES.items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not long, long
