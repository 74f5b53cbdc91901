"""Word templates (docxtpl) that cannot run code.

A template is data an administrator uploads, so it is rendered in Jinja's immutable
sandbox with no globals (no `cycler`, `range`, `lipsum`…) and a few plain filters, and an
uploaded one is read first: every tag may only name fields, read their parts, loop, test
and use the plain filters — no call, no attribute or key starting with "_", no macro,
import or include. A tag that reaches further is refused with the tag named.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import ChainableUndefined, DictLoader, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .longtable import marker_row, stream_rows

# Plain filters a clerk may reasonably use in a form; everything else is refused.
FILTERS = (
    "default",
    "d",
    "e",
    "escape",
    "first",
    "last",
    "length",
    "count",
    "lower",
    "upper",
    "title",
    "capitalize",
    "trim",
    "join",
    "replace",
    "round",
    "int",
    "float",
    "string",
    "truncate",
    "wordcount",
    "center",
    "indent",
)
ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Slice,
    nodes.For,
    nodes.If,
    nodes.CondExpr,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Add,
    nodes.Sub,
    nodes.Mul,
    nodes.Div,
    nodes.FloorDiv,
    nodes.Mod,
    nodes.Concat,
    nodes.Tuple,
    nodes.List,
    nodes.Filter,
    nodes.Test,
    nodes.Assign,
    nodes.Keyword,
)


class TemplateRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with nothing to reach but the context."""

    def __init__(self) -> None:
        # No loader with anything in it: {% include %} and {% import %} find nothing.
        super().__init__(autoescape=True, undefined=ChainableUndefined, loader=DictLoader({}))
        self.globals.clear()
        self.filters = {name: self.filters[name] for name in FILTERS if name in self.filters}
        self.tests = {
            name: test
            for name, test in self.tests.items()
            if name
            in ("defined", "undefined", "none", "number", "string", "even", "odd", "in", "eq")
        }

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not attr.startswith("_") and super().is_safe_attribute(obj, attr, value)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        raise SecurityError("mẫu văn bản không được gọi hàm")


def environment() -> ImmutableSandboxedEnvironment:
    return _Environment()


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_dotted(node.node)}[{arg!r}]"
    if isinstance(node, nodes.Call):
        return f"{_dotted(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"{_dotted(node.node) if node.node else '…'}|{node.name}"
    return type(node).__name__


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    yield node
    for child in node.iter_child_nodes():
        yield from _walk(child)


def _refuse(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Call):
        return f"gọi hàm “{_dotted(node)}”"
    if not isinstance(node, ALLOWED_NODES):
        return f"lệnh “{type(node).__name__}”"
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return f"thuộc tính ẩn “{_dotted(node)}”"
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
        and node.arg.value.startswith("_")
    ):
        return f"khóa ẩn “{_dotted(node)}”"
    if isinstance(node, nodes.Name) and node.name.startswith("_"):
        return f"tên ẩn “{node.name}”"
    if isinstance(node, nodes.Filter) and node.name not in FILTERS:
        return f"bộ lọc “{node.name}”"
    return None


def _sources(body: bytes) -> Iterator[str]:
    """Every text of the document Jinja will render: body, headers, footers, footnotes
    (as docxtpl prepares them) and the core properties."""
    tpl = DocxTemplate(io.BytesIO(body))
    tpl.init_docx()
    doc: Any = tpl.docx
    for part in doc.part.package.parts:
        if part.partname.startswith("/word/") and part.content_type.endswith("+xml"):
            blob = part.blob
            yield tpl.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob)
    props = doc.core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        yield getattr(props, name) or ""


def check_template(body: bytes) -> set[str]:
    """The fields a template asks for; raises TemplateRefused naming the first tag that
    reaches for anything but fields."""
    from jinja2 import meta

    env = environment()
    asked: set[str] = set()
    for source in _sources(body):
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateRefused(f"thẻ mẫu sai: {exc.message}") from exc
        for node in _walk(tree):
            why = _refuse(node)
            if why is not None:
                raise TemplateRefused(
                    f"thẻ mẫu không được phép: {why} (mẫu chỉ được ghi tên trường, "
                    "vòng lặp và điều kiện)"
                )
        asked |= meta.find_undeclared_variables(tree)
    # Names bound by a loop are not fields the document must give.
    return asked


LONG = 500  # rows beyond which a list is streamed into the paper (longtable.py)


def docx_render(source: str | IO[bytes], context: dict[str, Any], *, long: str = "rows") -> bytes:
    """A DOCX from a template, rendered in the sandbox. A list `context[long]` of more
    than LONG rows (dicts) is written into its table row by row (longtable.py)."""
    rows = context.get(long)
    if isinstance(rows, list) and len(rows) > LONG and isinstance(rows[0], dict):
        if isinstance(source, str):
            with open(source, "rb") as f:
                body = f.read()
        else:
            body = source.read()
        fields = list(rows[0])
        once = _render(io.BytesIO(body), {**context, long: [marker_row(fields)]})
        out = io.BytesIO()
        if stream_rows(once, fields, rows, out):
            return out.getvalue()
        source = io.BytesIO(body)  # rows not in one table row of their own: the usual way
    return _render(source, context)


def _render(source: str | IO[bytes], context: dict[str, Any]) -> bytes:
    template = DocxTemplate(source)
    try:
        template.render(context, jinja_env=environment(), autoescape=True)
    except SecurityError as exc:
        raise TemplateRefused(f"mẫu văn bản bị chặn: {exc}") from exc
    except TemplateError as exc:
        raise TemplateRefused(f"mẫu văn bản lỗi: {exc}") from exc
    except Exception as exc:  # whatever else a template makes Jinja raise: refused, not a 500
        raise TemplateRefused(f"mẫu văn bản lỗi ({type(exc).__name__})") from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def paragraphs(body: bytes) -> Iterator[str]:
    """Every paragraph's text, tables included (for the unclosed-tag check)."""
    from docx.table import Table

    def walk(container: Any) -> Iterator[str]:
        for block in container.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(cell)
            else:
                yield block.text

    yield from walk(Document(io.BytesIO(body)))
