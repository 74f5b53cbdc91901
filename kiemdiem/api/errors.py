"""Errors as the API returns them: Vietnamese, naming the field, like the pages."""

from __future__ import annotations

from typing import Any

# Pydantic's error types, worded for an office clerk.
MESSAGES = {
    "missing": "Thiếu trường bắt buộc",
    "int_parsing": "Phải là số nguyên",
    "int_type": "Phải là số nguyên",
    "decimal_parsing": "Phải là số",
    "float_parsing": "Phải là số",
    "date_from_datetime_parsing": "Ngày không hợp lệ (định dạng yyyy-mm-dd)",
    "date_parsing": "Ngày không hợp lệ (định dạng yyyy-mm-dd)",
    "date_type": "Ngày không hợp lệ (định dạng yyyy-mm-dd)",
    "time_parsing": "Giờ không hợp lệ (định dạng HH:MM)",
    "string_type": "Phải là chuỗi ký tự",
    "bool_parsing": "Phải là true hoặc false",
    "list_type": "Phải là danh sách",
    "dict_type": "Phải là đối tượng (tên: giá trị)",
    "greater_than_equal": "Không được nhỏ hơn giới hạn cho phép",
    "less_than_equal": "Không được lớn hơn giới hạn cho phép",
    "string_too_long": "Quá dài",
    "json_invalid": "Nội dung JSON không hợp lệ",
    "extra_forbidden": "Trường không được phép",
    "nul_character": "Không được chứa ký tự NUL (\\u0000)",
    "lone_surrogate": "Chứa ký tự không hợp lệ (nửa cặp UTF-16, không phải văn bản)",
    "int_too_large": "Số quá lớn",
}


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        field = ".".join(loc) or "__all__"
        message = MESSAGES.get(error.get("type", ""), "Giá trị không hợp lệ")
        out.append({"field": field, "message": f"{field}: {message}"})
    return out
