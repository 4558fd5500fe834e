"""What an upload really is, judged by its bytes (never its name or Content-Type header).

Photos are decoded and re-encoded: orientation applied, EXIF (GPS, phone model, time) and every
other metadata dropped, scaled to fit `image_max_side`; JPEG, or PNG when there is transparency.
The pixel count is checked from the header before anything is decoded (decompression bombs).
Voice is kept as sent, with its duration measured. Synchronous: run it in a worker thread."""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

import filetype
from mutagen import MutagenError
from mutagen.aac import AAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.wave import WAVE
from PIL import Image, ImageOps, UnidentifiedImageError

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

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
# video/mp4: an .m4a whose brand is isom/mp42 (checked below to hold AAC audio).
VOICE_TYPES = {"audio/mpeg", "audio/aac", "audio/mp4", "audio/x-wav", "video/mp4"}
# A claimed duration that would need fewer bits per second than any real encoder uses is a lie.
MIN_COMPRESSED_BPS = 6000
# Placeholder data sizes streaming WAV writers leave in the header.
_WAV_STREAMING_SIZES = {0, 0xFFFFFFFF}


@dataclass(frozen=True)
class Inspected:
    kind: str  # "image" | "voice"
    content_type: str
    extension: str
    data: bytes  # what gets stored (re-encoded for photos)
    sha256: str
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None


def inspect_upload(data: bytes, kind: str, limits: MediaSettings) -> Inspected:
    """Raises a media error (413/415/422 with a Chinese detail) for anything not acceptable."""
    if not data:
        raise EmptyFile()
    if len(data) > limits.max_bytes:
        raise FileTooLarge()
    guess = filetype.guess(data)
    mime = guess.mime if guess is not None else None
    if mime not in IMAGE_TYPES | VOICE_TYPES:
        raise UnsupportedFile()
    if kind == "image" and mime not in IMAGE_TYPES:
        raise KindMismatch()
    if kind == "voice" and mime not in VOICE_TYPES:
        raise KindMismatch()
    if kind == "image":
        return _image(data, limits)
    return _voice(data, str(mime), limits)


Image.MAX_IMAGE_PIXELS = MediaSettings().max_image_pixels


# -- photos -------------------------------------------------------------------------------------


def _image(data: bytes, limits: MediaSettings) -> Inspected:
    with warnings.catch_warnings():
        # Our own pixel check below speaks first; Pillow's bomb warning becomes an error too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > limits.max_image_pixels:
                    raise ImageTooLarge()
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # a truncated file fails here ("image file is truncated")
                return _reencode(image, limits)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageTooLarge() from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise DamagedFile() from exc


def _reencode(image: Image.Image, limits: MediaSettings) -> Inspected:
    upright = ImageOps.exif_transpose(image) or image
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    clean = upright.convert("RGBA" if has_alpha else "RGB")
    clean.thumbnail((limits.image_max_side, limits.image_max_side))
    clean.info = {}  # nothing from the original (EXIF, XMP, ICC, text chunks) is written back
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    stored = out.getvalue()
    return Inspected(
        kind="image",
        content_type=content_type,
        extension=extension,
        data=stored,
        sha256=hashlib.sha256(stored).hexdigest(),
        width=clean.width,
        height=clean.height,
    )


# -- voice --------------------------------------------------------------------------------------

_VOICE_FORMATS = {
    "audio/mpeg": (MP3, "audio/mpeg", "mp3"),
    "audio/aac": (AAC, "audio/aac", "aac"),
    "audio/mp4": (MP4, "audio/mp4", "m4a"),
    "video/mp4": (MP4, "audio/mp4", "m4a"),
    "audio/x-wav": (WAVE, "audio/wav", "wav"),
}


def _voice(data: bytes, mime: str, limits: MediaSettings) -> Inspected:
    reader, content_type, extension = _VOICE_FORMATS[mime]
    try:
        parsed = reader(io.BytesIO(data))
    except (MutagenError, struct.error, ValueError, IndexError, EOFError) as exc:
        raise DamagedFile() from exc
    info = parsed.info
    if info is None:
        raise DamagedFile()
    if reader is MP4 and not str(getattr(info, "codec", "")).startswith("mp4a"):
        raise KindMismatch()  # a video, or an MP4 without AAC audio
    if reader is WAVE:
        seconds = _wav_seconds(data, info)
    else:
        seconds = _compressed_seconds(data, float(info.length))
    if seconds > limits.max_voice_seconds:
        raise VoiceTooLong()
    return Inspected(
        kind="voice",
        content_type=content_type,
        extension=extension,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        duration_ms=round(seconds * 1000),
    )


def _compressed_seconds(data: bytes, claimed: float) -> float:
    """The container's duration, refused when the file is too small to hold that much sound."""
    if claimed <= 0:
        raise DamagedFile()
    if len(data) * 8 / claimed < MIN_COMPRESSED_BPS:
        raise DamagedFile()
    return claimed


def _wav_seconds(data: bytes, info: object) -> float:
    """Measured from the sample bytes actually present, not from the header's claim; a header
    claiming more than is there means a truncated (or forged) file."""
    byte_rate = int(getattr(info, "bitrate", 0)) // 8
    chunk = _wav_data_chunk(data)
    if byte_rate <= 0 or chunk is None:
        raise DamagedFile()
    offset, declared = chunk
    present = max(0, len(data) - offset)
    if declared not in _WAV_STREAMING_SIZES and present < declared:
        raise DamagedFile()
    measured = min(present, declared) if declared not in _WAV_STREAMING_SIZES else present
    if measured == 0:
        raise DamagedFile()
    return measured / byte_rate


def _wav_data_chunk(data: bytes) -> tuple[int, int] | None:
    """(offset of the sample bytes, size the header declares) of the RIFF `data` chunk."""
    position = 12
    while position + 8 <= len(data):
        chunk_id, size = struct.unpack_from("<4sI", data, position)
        if chunk_id == b"data":
            return position + 8, size
        position += 8 + size + (size & 1)
    return None
