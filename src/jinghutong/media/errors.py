"""Media errors, each with the sentence the person holding the phone reads."""

from __future__ import annotations

from jinghutong.core.errors import (
    Forbidden,
    Gone,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    UnsupportedMediaType,
    ValidationFailed,
)


class EmptyFile(ValidationFailed):
    detail = "文件是空的，请重新选择后上传"


class FileTooLarge(PayloadTooLarge):
    detail = "文件不能超过10MB，请压缩或分段后再上传"


class UnsupportedFile(UnsupportedMediaType):
    detail = "只能上传照片（JPG、PNG、WebP）或语音（MP3、AAC、M4A、WAV）"


class KindMismatch(UnsupportedMediaType):
    detail = "文件类型与所选的“照片/语音”不一致，请重新选择"


class DamagedFile(ValidationFailed):
    detail = "文件已损坏或不完整，请重新拍摄或录制后上传"


class ImageTooLarge(ValidationFailed):
    detail = "照片尺寸过大，请缩小后再上传"


class VoiceTooLong(ValidationFailed):
    detail = "语音不能超过10分钟，请分段录制"


class MediaNotFound(NotFound):
    detail = "找不到这个附件，可能已被删除或您没有权限查看"


class LinkExpired(Gone):
    detail = "链接已过期，请返回重新打开"


class LinkInvalid(Forbidden):
    detail = "链接无效，请返回重新打开"


class MediaPurged(Gone):
    detail = "已过保存期限，文件已按规定删除"


class StorageUnavailable(ServiceUnavailable):
    detail = "文件暂时无法保存，请稍后再试"


class MediaUnavailable(ValidationFailed):
    """A media id at claim time that is unknown, someone else's, or already attached."""

    detail = "附件无效或已被使用，请重新上传后再提交"
