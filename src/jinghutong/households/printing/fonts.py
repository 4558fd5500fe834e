"""The Chinese font for printed matter.

An embedded TrueType font when one is configured (`JHT_PDF_FONT`, a .ttf/.ttc path) or found in
the usual system places; otherwise reportlab's standard `STSong-Light` CID font, which every PDF
reader knows but which is not embedded (print shops and some viewers substitute their own).
Which one was used is written into each PDF's subject line."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import structlog
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FONT_ENV = "JHT_PDF_FONT"
CID_FALLBACK = "STSong-Light"
# Debian/Ubuntu packages first (fonts-wqy-zenhei is what CI installs), then other distributions.
# OpenType CJK fonts with PostScript outlines (Noto CJK .ttc/.otf) are tried too but reportlab
# cannot embed them; a failed load simply moves on to the next candidate.
SYSTEM_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class PdfFont:
    name: str  # the name registered with reportlab
    source: str  # the file, or the CID font's name
    embedded: bool

    @property
    def description(self) -> str:
        if self.embedded:
            return f"嵌入字体 {Path(self.source).name}"
        return f"标准CJK字体 {self.source}（未嵌入）"


def _try_truetype(path: Path) -> PdfFont | None:
    name = "JHT-" + path.stem
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    except Exception as exc:  # reportlab raises TTFError and plain errors for odd files
        log.info("pdf_font_unusable", path=str(path), error=str(exc))
        return None
    return PdfFont(name=name, source=str(path), embedded=True)


def resolve_font(
    candidates: Iterable[str] = SYSTEM_CANDIDATES, env: Mapping[str, str] = os.environ
) -> PdfFont:
    """The configured font, else the first usable candidate, else the CID fallback."""
    configured = env.get(FONT_ENV, "").strip()
    paths = ([configured] if configured else []) + list(candidates)
    for raw in paths:
        path = Path(raw)
        if path.is_file() and (font := _try_truetype(path)) is not None:
            return font
        if raw == configured:
            log.warning("pdf_font_configured_missing", path=configured)
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return PdfFont(name=CID_FALLBACK, source=CID_FALLBACK, embedded=False)


_lock = threading.Lock()
_font: PdfFont | None = None


def cjk_font() -> PdfFont:
    """The font every printed page uses; resolved once per process (thread-safe)."""
    global _font
    with _lock:
        if _font is None:
            _font = resolve_font()
            log.info("pdf_font", font=_font.description)
        return _font
