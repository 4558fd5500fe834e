"""What an upload really is: real photo and voice bytes, forged and broken ones."""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path

import pytest
from PIL import Image

from jinghutong.core.config import MediaSettings
from jinghutong.media.errors import (
    DamagedFile,
    EmptyFile,
    FileTooLarge,
    ImageTooLarge,
    KindMismatch,
    UnsupportedFile,
    VoiceTooLong,
)
from jinghutong.media.inspect import inspect_upload

FIXTURES = Path(__file__).parents[1] / "fixtures" / "media"
LIMITS = MediaSettings()
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(width: int = 64, height: int = 32, *, orientation: int = 6) -> bytes:
    """A JPEG as a phone takes it: landscape pixels, an Orientation tag, GPS coordinates."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 2, height))  # left half blue
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Phone Maker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (119.0, 42.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def wav_bytes(seconds: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        frames = bytes(128 + int(100 * math.sin(i / 8)) for i in range(int(seconds * rate)))
        w.writeframes(frames)
    return out.getvalue()


def test_a_phone_photo_is_turned_upright_and_loses_gps_and_exif():
    original = phone_photo(64, 32, orientation=6)
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)  # the fixture really carries GPS

    result = inspect_upload(original, "image", LIMITS)

    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    assert (result.width, result.height) == (32, 64)  # orientation 6: rotated to portrait
    with Image.open(io.BytesIO(result.data)) as after:
        assert after.size == (32, 64)
        exif = after.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert ORIENTATION not in exif and 0x010F not in exif
        assert "exif" not in after.info
        # The blue half that was on the left is on top after rotating 90° clockwise.
        assert after.getpixel((16, 8))[2] > 150
        assert after.getpixel((16, 56))[0] > 150
    assert b"Phone Maker" not in result.data


def test_a_png_with_transparency_stays_png_and_webp_becomes_jpeg():
    png = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 255, 0, 100)).save(png, format="PNG")
    webp = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 0, 255)).save(webp, format="WEBP")

    as_png = inspect_upload(png.getvalue(), "image", LIMITS)
    as_jpeg = inspect_upload(webp.getvalue(), "image", LIMITS)

    assert (as_png.content_type, as_png.width, as_png.height) == ("image/png", 20, 10)
    assert as_jpeg.content_type == "image/jpeg"


def test_a_large_photo_is_scaled_to_fit():
    big = io.BytesIO()
    Image.new("RGB", (5000, 1000)).save(big, format="JPEG")
    result = inspect_upload(big.getvalue(), "image", LIMITS)
    assert (result.width, result.height) == (4096, 819)


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = io.BytesIO()
    Image.new("1", (10000, 10000)).save(bomb, format="PNG")  # 100 Mpx in a few kB
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(ImageTooLarge):
        inspect_upload(bomb.getvalue(), "image", LIMITS)


def test_an_exe_named_jpg_is_refused_by_its_bytes():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    with pytest.raises(UnsupportedFile) as caught:
        inspect_upload(exe, "image", LIMITS)
    assert caught.value.status == 415
    assert "照片" in caught.value.message


def test_a_truncated_jpeg_is_damaged():
    photo = phone_photo(400, 300)
    with pytest.raises(DamagedFile) as caught:
        inspect_upload(photo[: len(photo) // 2], "image", LIMITS)
    assert caught.value.status == 422


def test_zero_bytes_and_too_many_bytes_are_refused():
    with pytest.raises(EmptyFile):
        inspect_upload(b"", "image", LIMITS)
    with pytest.raises(FileTooLarge) as caught:
        inspect_upload(b"\xff" * (LIMITS.max_bytes + 1), "voice", LIMITS)
    assert caught.value.status == 413


def test_a_photo_sent_as_voice_is_a_kind_mismatch():
    with pytest.raises(KindMismatch):
        inspect_upload(phone_photo(), "voice", LIMITS)
    with pytest.raises(KindMismatch):
        inspect_upload((FIXTURES / "voice-2s.mp3").read_bytes(), "image", LIMITS)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("voice-2s.mp3", "audio/mpeg"),
        ("voice-2s-bare.mp3", "audio/mpeg"),
        ("voice-2s.aac", "audio/aac"),
        ("voice-2s.m4a", "audio/mp4"),
    ],
)
def test_recorder_voice_formats_are_accepted_with_their_duration(name, content_type):
    data = (FIXTURES / name).read_bytes()
    result = inspect_upload(data, "voice", LIMITS)
    assert result.content_type == content_type
    assert 1900 <= (result.duration_ms or 0) <= 2200
    assert result.data == data  # voice is stored as sent


def test_a_wav_duration_is_measured():
    result = inspect_upload(wav_bytes(3.0), "voice", LIMITS)
    assert (result.content_type, result.duration_ms) == ("audio/wav", 3000)


def test_a_thirty_minute_voice_is_refused():
    thirty_minutes = wav_bytes(30 * 60, rate=2000)  # genuinely 30 min, 3.6 MB
    with pytest.raises(VoiceTooLong) as caught:
        inspect_upload(thirty_minutes, "voice", LIMITS)
    assert "10分钟" in caught.value.message


def test_a_wav_header_claiming_thirty_minutes_over_a_second_of_sound_is_refused():
    short = bytearray(wav_bytes(1.0))
    data_at = short.index(b"data")
    struct.pack_into("<I", short, data_at + 4, 30 * 60 * 8000)  # claims 30 minutes
    struct.pack_into("<I", short, 4, len(short) - 8 + 30 * 60 * 8000)
    with pytest.raises((DamagedFile, VoiceTooLong)):
        inspect_upload(bytes(short), "voice", LIMITS)


def test_an_mp3_cut_to_its_first_bytes_is_refused():
    data = (FIXTURES / "voice-2s.mp3").read_bytes()
    with pytest.raises(DamagedFile):
        inspect_upload(data[:40], "voice", LIMITS)
