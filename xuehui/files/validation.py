"""Upload checks: a file is what its bytes say it is, not what its name claims.

`validate_upload` reads the first bytes (and, for zip containers, the list of members) to
detect the type, then requires the extension of the original name to agree, the size to
stay within `settings.XUEHUI_MAX_UPLOAD_BYTES`, and the name to be a plain base name.
"""

import os
import struct
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from xuehui.lib.bounds import over_limit_texts
from xuehui.lib.text import UTF16_REFUSED, utf16_encoding

HEAD_BYTES = 64
TEXT_SAMPLE_BYTES = 64 * 1024
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class DetectedType:
    """A file type recognised from content, with the extensions a name may carry for it."""

    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]
    inline: bool = False  # safe to show in the browser (PDF, raster images)

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = DetectedType("pdf", "PDF 文档", "application/pdf", ("pdf",), inline=True)
PNG = DetectedType("png", "PNG 图片", "image/png", ("png",), inline=True)
JPEG = DetectedType("jpeg", "JPEG 图片", "image/jpeg", ("jpg", "jpeg"), inline=True)
GIF = DetectedType("gif", "GIF 图片", "image/gif", ("gif",), inline=True)
WEBP = DetectedType("webp", "WebP 图片", "image/webp", ("webp",), inline=True)
BMP = DetectedType("bmp", "BMP 图片", "image/bmp", ("bmp",), inline=True)
DOCX = DetectedType(
    "docx",
    "Word 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
XLSX = DetectedType(
    "xlsx",
    "Excel 工作簿",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
)
PPTX = DetectedType(
    "pptx",
    "PowerPoint 演示文稿",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ("pptx",),
)
# The compound-file container holds .doc, .xls, .ppt and the WPS formats alike; telling
# them apart needs the directory sectors, so the family is accepted under any of its names.
OLE_OFFICE = DetectedType(
    "ole",
    "Office/WPS 文档（旧格式）",
    "application/x-ole-storage",
    ("doc", "xls", "ppt", "wps", "et", "dps"),
)
OFD = DetectedType("ofd", "OFD 版式文档", "application/ofd", ("ofd",))
# Plain text is accepted only where a caller asks for it (spreadsheet imports), by extension.
CSV = DetectedType("csv", "CSV 表格", "text/csv", ("csv",))

ALL_TYPES = (PDF, PNG, JPEG, GIF, WEBP, BMP, DOCX, XLSX, PPTX, OLE_OFFICE, OFD)
TYPES_BY_KEY = {t.key: t for t in (*ALL_TYPES, CSV)}
IMAGE_KEYS = frozenset({"png", "jpeg", "gif", "webp", "bmp"})
DOCUMENT_KEYS = frozenset(t.key for t in ALL_TYPES)
SPREADSHEET_KEYS = frozenset({"xlsx", "ole"})

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})
EXECUTABLE_MAGICS = (
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)


def max_upload_bytes() -> int:
    """Read at call time, so a test or a deployment can change it."""
    return int(getattr(settings, "XUEHUI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def clean_original_name(name: str) -> str:
    """The name without control characters or surrounding blanks; a path is refused."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(c for c in text if unicodedata.category(c) not in {"Cc", "Cf"}).strip()
    if "/" in text or "\\" in text or text in {".", ".."}:
        raise ValidationError(
            "文件名不能包含路径（如“../”或“C:\\”），请只使用文件本身的名称", code="name_path"
        )
    text = text.strip(" .")
    if not text:
        raise ValidationError("文件名为空，请给文件取一个名称后再上传", code="name_empty")
    if len(text) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(text)
        text = stem[: MAX_NAME_LENGTH - len(ext)] + ext
    return text


def name_extension(name: str) -> str:
    return os.path.splitext(name)[1].lstrip(".").lower()


def _zip_type(upload) -> DetectedType | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    if "OFD.xml" in names:
        return OFD
    if "[Content_Types].xml" not in names:
        return None
    for prefix, detected in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
        if any(n.startswith(prefix) for n in names):
            return detected
    return None


def _is_bmp(head: bytes, size: int) -> bool:
    if len(head) < 18 or not head.startswith(b"BM"):
        return False
    declared, dib_size = struct.unpack_from("<I", head, 2)[0], struct.unpack_from("<I", head, 14)[0]
    return declared == size and dib_size in BMP_HEADER_SIZES


def _is_text(upload) -> bool:
    """UTF-8 (with or without BOM), UTF-16 (with or without BOM) or GB18030 text without
    control characters."""
    upload.seek(0)
    sample = upload.read(TEXT_SAMPLE_BYTES)
    upload.seek(0)
    for encoding in (utf16_encoding(sample), "utf-8-sig", "gb18030"):
        if encoding is None:
            continue
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            # the sample may cut a character in two at its end
            try:
                text = sample[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        return not any(ord(c) < 32 and c not in "\t\r\n" for c in text)
    return False


def detect_type(upload, *, size: int) -> DetectedType | None:
    """The type the content shows, or None when it is none that the platform keeps."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    simple = (
        (b"%PDF-", PDF),
        (b"\x89PNG\r\n\x1a\n", PNG),
        (b"\xff\xd8\xff", JPEG),
        (b"GIF87a", GIF),
        (b"GIF89a", GIF),
        (OLE_MAGIC, OLE_OFFICE),
    )
    for magic, detected in simple:
        if head.startswith(magic):
            return detected
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if _is_bmp(head, size):
        return BMP
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    return None


def _upload_size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def _allowed_label(allowed: frozenset) -> str:
    extensions = [e for t in TYPES_BY_KEY.values() if t.key in allowed for e in t.extensions]
    return "、".join(f".{e}" for e in extensions)


def _csv_refusal(upload, original: str) -> str:
    """Why a .csv file is not readable text: its encoding, never a list of other types."""
    upload.seek(0)
    sample = upload.read(TEXT_SAMPLE_BYTES)
    upload.seek(0)
    if utf16_encoding(sample) is not None:
        return f"文件“{original}”无法读取：{UTF16_REFUSED}"
    return f"文件“{original}”不是可读取的CSV文本：请另存为UTF-8或GBK编码的CSV，或使用Excel文件"


def validate_upload(upload, *, allowed: Iterable[str] | None = None) -> DetectedType:
    """Check one uploaded file; return its detected type or raise a ValidationError in Chinese.

    `allowed` narrows the accepted types by key (see `TYPES_BY_KEY`), e.g. images only.
    """
    original = clean_original_name(getattr(upload, "name", ""))
    size = _upload_size(upload)
    if size == 0:
        raise ValidationError(f"文件“{original}”是空文件（0 字节），请检查后重新上传", code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            "文件“{}”大小为 {}，超过上限 {}".format(original, *over_limit_texts(size, limit)),
            code="too_large",
        )
    allowed_keys = frozenset(allowed) if allowed is not None else DOCUMENT_KEYS
    detected = detect_type(upload, size=size)
    if detected is None and "csv" in allowed_keys and name_extension(original) == "csv":
        detected = CSV if _is_text(upload) else None
    if detected is None:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if any(head.startswith(m) for m in EXECUTABLE_MAGICS):
            raise ValidationError(
                f"文件“{original}”的内容是可执行程序或脚本，不允许上传", code="executable"
            )
        if "csv" in allowed_keys and name_extension(original) == "csv":
            raise ValidationError(_csv_refusal(upload, original), code="csv_unreadable")
        raise ValidationError(
            f"无法识别文件“{original}”的内容；只接受 PDF、图片（PNG、JPEG、GIF、WebP、BMP）、"
            "Word、Excel、PowerPoint、WPS 与 OFD 文件",
            code="unknown_type",
        )
    if detected.key not in allowed_keys:
        raise ValidationError(
            f"文件“{original}”是{detected.label}，此处只接受：{_allowed_label(allowed_keys)}",
            code="type_not_allowed",
        )
    extension = name_extension(original)
    if extension not in detected.extensions:
        shown = f".{extension}" if extension else "（无扩展名）"
        raise ValidationError(
            f"文件“{original}”的扩展名 {shown} 与内容不符：内容是{detected.label}，"
            f"扩展名应为 {'、'.join('.' + e for e in detected.extensions)}",
            code="extension_mismatch",
        )
    return detected
