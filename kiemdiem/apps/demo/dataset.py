"""The demo đảng bộ cơ sở, shaped like seed 000: Đảng bộ Sở Nội vụ with its cells,
about fifty members with posts, the Đảng ủy, its standing committee, the inspection
committee and the leadership of the Sở. Deterministic: the same names every time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Hồng", "Mỹ"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khang",
    "Long",
    "Nam",
    "Phong",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Phương",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
]


@dataclass(frozen=True)
class CellSpec:
    code: str
    name: str
    agency: str
    size: int
    party_groups: int = 0


# The upper committee that decides the Đảng bộ Sở's own rating (000 §B.1.4).
UPPER = ("DBK", "Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh", date(2008, 1, 15))
ROOT = ("DBSNV", "Đảng bộ Sở Nội vụ", "Sở Nội vụ", date(2005, 3, 1))
CELLS = [
    CellSpec("CB-VP", "Chi bộ Văn phòng", "Văn phòng Sở", 10, party_groups=2),
    CellSpec("CB-TCBC", "Chi bộ Phòng Tổ chức - Biên chế", "Phòng Tổ chức - Biên chế", 7),
    CellSpec("CB-XDCQ", "Chi bộ Phòng Xây dựng chính quyền", "Phòng Xây dựng chính quyền", 7),
    CellSpec("CB-CCHC", "Chi bộ Phòng Cải cách hành chính", "Phòng Cải cách hành chính", 6),
    CellSpec("CB-TT", "Chi bộ Thanh tra Sở", "Thanh tra Sở", 6),
    CellSpec("CB-TDKT", "Chi bộ Ban Thi đua - Khen thưởng", "Ban Thi đua - Khen thưởng", 8),
    CellSpec("CB-VTLT", "Chi bộ Chi cục Văn thư - Lưu trữ", "Chi cục Văn thư - Lưu trữ", 8),
]


@dataclass(frozen=True)
class PersonSpec:
    cell: str
    group: int | None
    full_name: str
    date_of_birth: date
    admitted_on: date
    full_member_on: date | None
    card: str
    civil_servant: bool


def people(seed: int = 2020) -> list[PersonSpec]:
    rng = random.Random(seed)
    out: list[PersonSpec] = []
    used: set[str] = set()
    serial = 0
    for cell in CELLS:
        for i in range(cell.size):
            while True:
                female = rng.random() < 0.48
                name = " ".join(
                    [
                        rng.choice(SURNAMES),
                        rng.choice(MIDDLE_F if female else MIDDLE_M),
                        rng.choice(GIVEN_F if female else GIVEN_M),
                    ]
                )
                if name not in used:
                    used.add(name)
                    break
            born = date(rng.randint(1965, 1996), rng.randint(1, 12), rng.randint(1, 28))
            # The last member of two cells joined in 2020: probationary, under 6 months.
            recent = i == cell.size - 1 and cell.code in ("CB-VP", "CB-TDKT")
            admitted = (
                date(2020, 7, 1 + rng.randint(0, 20))
                if recent
                else date(rng.randint(max(born.year + 20, 1990), 2018), rng.randint(1, 12), 19)
            )
            full = None if recent else date(admitted.year + 1, admitted.month, admitted.day)
            serial += 1
            out.append(
                PersonSpec(
                    cell=cell.code,
                    group=(i % cell.party_groups) + 1 if cell.party_groups else None,
                    full_name=name,
                    date_of_birth=born,
                    admitted_on=admitted,
                    full_member_on=full,
                    card=f"52.{serial:06d}",
                    civil_servant=rng.random() < 0.85,
                )
            )
    return out
