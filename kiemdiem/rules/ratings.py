"""Ratings (mức chất lượng) and criterion levels (cấp độ), with their order.

Internally a rating is compared by rank: 4 is the top of every scale
(EXCELLENT, or CLEAN_STRONG in the 2014 model), 1 the bottom.
"""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    EXCELLENT = "EXCELLENT"
    GOOD = "GOOD"
    COMPLETED = "COMPLETED"
    NOT_COMPLETED = "NOT_COMPLETED"
    CLEAN_STRONG = "CLEAN_STRONG"
    WEAK = "WEAK"


class Level(StrEnum):
    OUTSTANDING = "OUTSTANDING"
    GOOD = "GOOD"
    AVERAGE = "AVERAGE"
    POOR = "POOR"


RANK: dict[str, int] = {
    "EXCELLENT": 4,
    "CLEAN_STRONG": 4,
    "GOOD": 3,
    "COMPLETED": 2,
    "NOT_COMPLETED": 1,
    "WEAK": 1,
}

LEVEL_RANK: dict[str, int] = {"OUTSTANDING": 4, "GOOD": 3, "AVERAGE": 2, "POOR": 1}

TOP = 4
BOTTOM = 1

# The official terms, exactly as the documents write them.
RATING_LABEL: dict[str, str] = {
    "EXCELLENT": "Hoàn thành xuất sắc nhiệm vụ",
    "GOOD": "Hoàn thành tốt nhiệm vụ",
    "COMPLETED": "Hoàn thành nhiệm vụ",
    "NOT_COMPLETED": "Không hoàn thành nhiệm vụ",
    "CLEAN_STRONG": "Trong sạch vững mạnh",
    "WEAK": "Yếu kém",
}

LEVEL_LABEL: dict[str, str] = {
    "OUTSTANDING": "Xuất sắc",
    "GOOD": "Tốt",
    "AVERAGE": "Trung bình",
    "POOR": "Kém",
}

STANDARD_SCALE: tuple[str, ...] = ("EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED")
SCALE_2014_ORGANIZATION: tuple[str, ...] = ("CLEAN_STRONG", "GOOD", "COMPLETED", "WEAK")


def rank(code: str) -> int:
    return RANK[code]


def label(code: str) -> str:
    return RATING_LABEL[code]
