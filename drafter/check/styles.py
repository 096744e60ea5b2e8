"""OOXML style resolution: the formatting a paragraph shows, resolved as Word resolves it.

A property may be set on the run, on its character style chain, on the paragraph, on the
paragraph style chain or in the document defaults; the nearest level that sets it wins. A
clerk's document sets formatting at any of these levels, so each is read here.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
"""The WordprocessingML namespace, as ElementTree and lxml spell qualified names."""
EMU_PER_MM = 36000
EMU_PER_PT = 12700


def style_chain(paragraph: Any) -> list[Any]:
    """Return the paragraph's style and its base styles, nearest first.

    A file may declare styles based on each other in a circle (A on B, B on A): each style is
    taken once, so the walk ends.
    """
    chain: list[Any] = []
    seen: set[str] = set()
    style = paragraph.style
    while style is not None and (style.style_id or style.name) not in seen:
        seen.add(style.style_id or style.name)
        chain.append(style)
        style = style.base_style
    return chain


def defaults_rpr(document: Any) -> Any:
    """Return the document's default run properties (``w:rPrDefault``), or None."""
    return document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")


def font_attribute(element: Any, attribute: str) -> str | None:
    """Return the font an rPr names for ``attribute`` (ascii, hAnsi), theme fonts shown so."""
    fonts = None if element is None else element.find(f"{W}rFonts")
    if fonts is None:
        return None
    theme = fonts.get(f"{W}{attribute}Theme")
    if theme is not None:
        return f"phông của chủ đề ({theme})"
    value = fonts.get(f"{W}{attribute}")
    return None if value is None else str(value)


def run_fonts(document: Any, paragraph: Any, run: Any) -> set[str]:
    """Return the fonts a run's text shows in, resolved as Word does (run, styles, defaults)."""
    holders = [run._r.rPr]
    char_style = run.style
    while char_style is not None:
        holders.append(char_style.element.rPr)
        char_style = char_style.base_style
    holders += [style.element.rPr for style in style_chain(paragraph)]
    holders.append(defaults_rpr(document))
    found = set()
    for attribute in ("ascii", "hAnsi"):
        for holder in holders:
            value = font_attribute(holder, attribute)
            if value is not None:
                found.add(value)
                break
    return found


def font_value(document: Any, paragraph: Any, attribute: str) -> Any:
    """Return a font property as shown: the text runs (first that sets it), styles, defaults."""
    runs = [run for run in paragraph.runs if run.text.strip()] or list(paragraph.runs)
    values = [getattr(run.font, attribute) for run in runs]
    set_values = [value for value in values if value is not None]
    if set_values and len(set_values) == len(values):
        odd = [value for value in set_values if is_on(value) != is_on(set_values[0])]
        return odd[0] if odd else set_values[0]
    inherited = _inherited_font_value(document, paragraph, attribute)
    odd = [value for value in set_values if is_on(value) != is_on(inherited)]
    if attribute == "size":
        odd = [value for value in set_values if value != inherited]
    return odd[0] if odd else inherited


def _inherited_font_value(document: Any, paragraph: Any, attribute: str) -> Any:
    """Return a font property as the paragraph's styles (or, for the size, defaults) set it."""
    for style in style_chain(paragraph):
        value = getattr(style.font, attribute)
        if value is not None:
            return value
    if attribute == "size":
        size = defaults_rpr(document).find(f"{W}sz")
        return None if size is None else int(size.get(f"{W}val")) * EMU_PER_PT // 2
    return None


def is_on(value: Any) -> bool:
    """Return whether a bold/italic/underline value is on (WD_UNDERLINE.NONE is off)."""
    if value is None or value is False:
        return False
    return value is True or int(value) != 0


def format_value(paragraph: Any, attribute: str) -> Any:
    """Return a paragraph format property: the paragraph's own, else its styles', else None."""
    value = getattr(paragraph.paragraph_format, attribute)
    if value is not None:
        return value
    for style in style_chain(paragraph):
        value = getattr(style.paragraph_format, attribute)
        if value is not None:
            return value
    return None


_JUSTIFICATIONS = {
    "left": "left",
    "start": "left",
    "center": "center",
    "right": "right",
    "end": "right",
    "both": "justify",
    "distribute": "justify",
}
"""Each ``w:jc`` value as the alignment a reader sees; LibreOffice writes "start" and "end"."""


def alignment(paragraph: Any) -> str | None:
    """Return the paragraph's alignment (left, center, right, justify) read from ``w:jc``.

    Read from the XML, not python-docx: a document LibreOffice saved writes "start" and "end"
    (ECMA-376, 2nd edition on), which python-docx cannot map. None for any other value.
    """
    holders = [paragraph._p.pPr] + [style.element.pPr for style in style_chain(paragraph)]
    for p_pr in holders:
        jc = None if p_pr is None else p_pr.find(f"{W}jc")
        if jc is not None:
            return _JUSTIFICATIONS.get(str(jc.get(f"{W}val")))
    return "left"


def line_spacing(paragraph: Any) -> tuple[Any, Any]:
    """Return (line_spacing, rule) taken together from the nearest level that sets them."""
    holders = [paragraph.paragraph_format] + [s.paragraph_format for s in style_chain(paragraph)]
    for holder in holders:
        if holder.line_spacing is not None:
            return holder.line_spacing, holder.line_spacing_rule
    return 1.0, None


def has_border(paragraph: Any, edge: str) -> bool:
    """Return whether the nearest level that sets the paragraph's ``edge`` border draws one."""
    holders = [paragraph._p.pPr] + [style.element.pPr for style in style_chain(paragraph)]
    for p_pr in holders:
        line = None if p_pr is None else p_pr.find(f"{W}pBdr/{W}{edge}")
        if line is not None:
            return line.get(f"{W}val") not in ("nil", "none")
    return False
