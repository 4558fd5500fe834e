"""The font: an embedded TrueType when one is configured or installed, else STSong-Light."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from jinghutong.households.printing import fonts
from jinghutong.households.printing.door_plates import DoorPlate, DoorPlateSheet, render_door_plates
from jinghutong.households.printing.fonts import CID_FALLBACK, FONT_ENV, resolve_font

SHEET = DoorPlateSheet(
    "上坊村 户码门牌",
    "大市派出所",
    [DoorPlate("上坊村下坞12号", "方**", "hABCDEFGHIJKLMNOPQRSTUV", "上坊村第1微网格", "方建国")],
)


def _installed_truetype() -> str | None:
    for candidate in fonts.SYSTEM_CANDIDATES:
        if Path(candidate).is_file() and resolve_font([candidate], env={}).embedded:
            return candidate
    return None


def test_without_any_font_file_the_standard_cid_font_is_used():
    font = resolve_font([], env={})

    assert font.name == CID_FALLBACK and not font.embedded
    assert "STSong-Light" in font.description


def test_a_configured_font_that_does_not_exist_is_skipped(tmp_path):
    font = resolve_font([], env={FONT_ENV: str(tmp_path / "missing.ttf")})

    assert font.name == CID_FALLBACK


def test_a_file_that_is_not_a_font_is_skipped(tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font at all")

    assert resolve_font([str(bogus)], env={}).name == CID_FALLBACK


def test_the_configured_font_wins_over_the_system_ones():
    installed = _installed_truetype()
    if installed is None:
        pytest.skip("no embeddable CJK TrueType font installed (apt-get install fonts-wqy-zenhei)")
    font = resolve_font(["/nonexistent.ttf"], env={FONT_ENV: installed})

    assert font.embedded and font.source == installed


def test_with_the_cid_fallback_the_text_still_renders_and_extracts(monkeypatch):
    monkeypatch.setattr(fonts, "_font", resolve_font([], env={}))

    content = render_door_plates(SHEET)

    reader = PdfReader(io.BytesIO(content))
    assert "上坊村下坞12号" in reader.pages[0].extract_text()
    assert "STSong-Light" in str(reader.metadata.subject)


def test_an_embedded_font_is_embedded_and_named_in_the_subject(monkeypatch):
    installed = _installed_truetype()
    if installed is None:
        pytest.skip("no embeddable CJK TrueType font installed (apt-get install fonts-wqy-zenhei)")
    monkeypatch.setattr(fonts, "_font", resolve_font([installed], env={}))

    content = render_door_plates(SHEET)

    reader = PdfReader(io.BytesIO(content))
    assert "户主：方**" in reader.pages[0].extract_text()
    assert f"嵌入字体 {Path(installed).name}" in str(reader.metadata.subject)
    assert b"/FontFile2" in content
