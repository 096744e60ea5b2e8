"""Phrase variables: what a phrase's Jinja reads that compose does not pass to its slot.

A walk over the phrase's syntax tree with the shapes ``drafter.slots`` declares: an unknown
variable, a field a record does not have ("conference.number") or a field Jinja would read as
a dict method ("issuer.items") is reported in Vietnamese, with the closest known name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from jinja2 import nodes

from drafter.phrasebank import Entry
from drafter.slots import Items, Record, Shape, Slot

_DICT_METHODS = frozenset(dir(dict))

Scope = dict[str, Shape | None]
"""The names a part of a phrase may read, each with its shape when known."""


def variables_for(entry: Entry, slot: Slot, lexicon: Mapping[str, Any]) -> dict[str, Shape]:
    """Return what the entry may use: the base, plus what every space it can apply to passes."""
    compatible = [space for space in slot.spaces if _may_apply(entry, space.facts)]
    spaces = compatible or list(slot.spaces)
    variables = slot.base_variables(lexicon)
    shared = set(spaces[0].variables)
    for space in spaces[1:]:
        shared &= set(space.variables)
    for name in shared:
        variables[name] = spaces[0].variables[name]
    return variables


def _may_apply(entry: Entry, domains: Mapping[str, tuple[Any, ...]]) -> bool:
    """Return False when a condition of ``entry`` can never hold with these fact domains."""
    for fact, expected in entry.when.items():
        if fact in domains:
            values = expected if isinstance(expected, list) else [expected]
            if not set(values) & set(domains[fact]):
                return False
    return True


def unknown_reads(
    tree: nodes.Template, variables: Mapping[str, Shape], builtins: set[str]
) -> list[str]:
    """Return why each unknown variable or field ``tree`` reads is wrong, once each, in order."""
    checker = _VariableChecker(variables, builtins)
    checker.visit(tree, dict(variables))
    return checker.problems


def literal_texts(tree: nodes.Node) -> Iterator[str]:
    """Yield the words a phrase writes itself: template text and string constants."""
    for node in tree.find_all((nodes.TemplateData, nodes.Const)):
        if isinstance(node, nodes.TemplateData):
            yield node.data
        elif isinstance(node, nodes.Const) and isinstance(node.value, str):
            yield node.value


class _VariableChecker:
    """Collect reads of unknown variables and of fields a record does not have."""

    def __init__(self, variables: Mapping[str, Shape], builtins: set[str]) -> None:
        self.names = sorted(variables)
        self.builtins = builtins
        self.problems: list[str] = []

    def report(self, reason: str) -> None:
        """Record ``reason`` once."""
        if reason not in self.problems:
            self.problems.append(reason)

    def visit(self, node: nodes.Node, scope: Scope) -> None:
        """Walk ``node`` with the names of ``scope``, recording what it reads that is unknown."""
        if isinstance(node, nodes.For):
            self.visit_for(node, scope)
        elif isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            self.bind(node.target, None, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = None
            inner.update(dict.fromkeys(("caller", "varargs", "kwargs")))
            self.visit_children(node, inner)
        elif isinstance(node, nodes.Name):
            self.check_name(node, scope)
        elif isinstance(node, nodes.Getattr | nodes.Getitem):
            self.visit_children(node, scope)
            self.shape(node, scope)
        else:
            self.visit_children(node, scope)

    def visit_children(self, node: nodes.Node, scope: Scope) -> None:
        """Walk every child of ``node`` in ``scope``."""
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def visit_for(self, node: nodes.For, scope: Scope) -> None:
        """Walk a loop: its body sees the loop variable (with the item shape) and ``loop``."""
        self.visit(node.iter, scope)
        inner = dict(scope)
        item = self.shape(node.iter, scope)
        self.bind(node.target, item.item if isinstance(item, Items) else None, inner)
        inner["loop"] = None
        for child in [*([node.test] if node.test else []), *node.body]:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)

    def check_name(self, node: nodes.Name, scope: Scope) -> None:
        """Record a read of a name neither in scope nor a Jinja global."""
        if node.ctx == "load" and node.name not in scope and node.name not in self.builtins:
            close = difflib.get_close_matches(node.name, self.names, n=1)
            hint = f"; có phải {close[0]}?" if close else ""
            self.report(
                f"biến '{node.name}' không có ở vị trí này{hint} "
                f"(biến dùng được: {', '.join(self.names)})"
            )

    def bind(self, target: nodes.Node, shape: Shape | None, scope: Scope) -> None:
        """Put the names ``target`` assigns into ``scope`` (a tuple's items shape unknown)."""
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)

    def shape(self, node: nodes.Node, scope: Mapping[str, Shape | None]) -> Shape | None:
        """Return the shape of an expression when it is known, reporting unknown fields."""
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            return self.field(node.node, node.attr, scope, attribute=True)
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.field(node.node, node.arg.value, scope, attribute=False)
            base = self.shape(node.node, scope)
            return base.item if isinstance(base, Items) else None
        return None

    def field(
        self, node: nodes.Node, key: str, scope: Mapping[str, Shape | None], *, attribute: bool
    ) -> Shape | None:
        """Return the shape of field ``key`` of ``node``, reporting it when a record lacks it."""
        base = self.shape(node, scope)
        if not isinstance(base, Record):
            return None
        path = f"{_path(node)}.{key}"
        if key not in base.keys:
            close = difflib.get_close_matches(key, list(base.keys), n=1)
            hint = f"; có phải {_path(node)}.{close[0]}?" if close else ""
            self.report(
                f"'{path}' không có: {base.name} không có trường '{key}'{hint} "
                f"(các trường: {', '.join(base.keys)})"
            )
            return None
        if attribute and key in _DICT_METHODS:
            self.report(
                f"Jinja đọc '{path}' thành phương thức của dict; viết {_path(node)}['{key}']"
            )
        return base.keys[key]


def _path(node: nodes.Node) -> str:
    """Return an expression as a clerk reads it: "issuer.name", "parts[…]"."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_path(node.node)}[…]"
    return "…"
