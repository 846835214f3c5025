"""Households in Excel: the template, export and an all-or-nothing import, like the roster's (members/excel.py).

Two sheets: 住户 (one row per household at its standard address, with its grid and tags) and 成员 (one row
per person, found by the same address). Headers are fixed Chinese text; every error is named by sheet,
row and column, and nothing is written unless every row is right. Importing the same file twice changes
nothing, and an export imports back to the same households.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from members.excel import (
    HEADER_FILL,
    XLSX,
    CellError,
    Column,
    ImportResult,
    RowError,
    _choice_map,
    _save,
    _text,
)
from portal.models import MOBILE_RE
from portal.workbooks import append_row

from .models import Building, Grid, Household, HouseholdTag, Member, Tag

__all__ = ["XLSX", "export_workbook", "import_workbook", "template_workbook"]

MAX_ROWS = 20000  # the largest communities have a few thousand households; more is a mistake or an attack
TAG_SPLIT = re.compile(r"[、,，;；\s]+")

ADDRESS = (
    Column("小区", "estate", required=True, width=18),
    Column("楼栋", "building", required=True, width=10),
    Column("单元", "entrance", required=True, width=8),
    Column("门牌", "door", required=True, width=8),
)
HOUSEHOLDS = (
    "住户",
    (
        *ADDRESS,
        Column("网格", "grid", width=14),
        Column("户名", "name", required=True),
        Column("标签", "tags", "tags", width=24),
    ),
)
MEMBERS = (
    "成员",
    (
        *ADDRESS,
        Column("姓名", "name", required=True),
        Column("与户主关系", "relation", "choice", width=12),
        Column("手机号", "phone", "phone", width=14),
    ),
)
SHEETS = (HOUSEHOLDS, MEMBERS)
LIMITS = {"estate": 50, "building": 20, "entrance": 10, "door": 10, "grid": 50, "name": 50}


def _labels(choices) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for _value, label in choices]


def _add_sheet(book: Workbook, title: str, columns) -> object:
    ws = book.create_sheet(title)
    ws.append([col.header for col in columns])
    for index, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="9C0006" if col.required else "000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = col.width
        if col.kind == "choice":
            validation = DataValidation(type="list", formula1='"' + ",".join(_labels(Member.Relation.choices)) + '"')
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{MAX_ROWS}")
    ws.freeze_panes = "A2"
    return ws


def _instructions(book: Workbook) -> None:
    ws = book.create_sheet("填写说明")
    ws.column_dimensions["A"].width = 100
    tags = "、".join(_labels(Tag.choices))
    for line in (
        "红色表头为必填列。「住户」表每户一行：小区、楼栋、单元、门牌构成标准地址。",
        f"标签可填多个，用顿号或逗号分隔，可选：{tags}。标签仅社区工作人员可见。",
        "「成员」表每人一行，按相同的标准地址对应到住户；手机号为11位手机号码，可不填。",
        "导入时逐行检查，任何一行有错误则整个文件都不导入；同一文件重复导入不会产生重复记录。",
    ):
        ws.append([line])


def template_workbook() -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, columns in SHEETS:
        _add_sheet(book, title, columns)
    _instructions(book)
    return _save(book)


def export_workbook(community) -> bytes:
    book = Workbook()
    book.remove(book.active)
    households = (
        Household.objects.filter(community=community)
        .select_related("building__grid")
        .prefetch_related("tags")
        .order_by("building__estate", "building__name", "entrance", "door")
    )
    with translation.override("zh-hans"):
        ws = _add_sheet(book, *HOUSEHOLDS)
        for h in households:
            ordered = sorted(h.tags.all(), key=lambda t: Tag.values.index(t.tag))
            tags = "、".join(str(t.get_tag_display()) for t in ordered)
            grid = h.building.grid.name if h.building.grid_id else None
            append_row(ws, [h.building.estate, h.building.name, h.entrance, h.door, grid, h.name, tags or None])
        ws = _add_sheet(book, *MEMBERS)
        members = Member.objects.filter(community=community).select_related("household__building")
        for m in members.order_by(
            "household__building__estate", "household__building__name", "household__entrance", "household__door", "id"
        ):
            h = m.household
            row = [
                h.building.estate,
                h.building.name,
                h.entrance,
                h.door,
                m.name,
                str(m.get_relation_display()),
                m.phone or None,
            ]
            append_row(ws, row)
    _instructions(book)
    return _save(book)


# --- reading ---


class Reader:
    """Checks every row of both sheets; writes only if all are right."""

    def __init__(self, community):
        self.community = community
        self.result = ImportResult()
        self.households: list[dict] = []
        self.members: list[dict] = []
        self.known = set(
            Household.objects.filter(community=community).values_list(
                "building__estate", "building__name", "entrance", "door"
            )
        )
        self.relations = _choice_map(Member, "relation")
        self.tags = self._tag_map()

    @staticmethod
    def _tag_map() -> dict[str, str]:
        mapping = {value: value for value in Tag.values}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                mapping.update({str(label).strip().lower(): value for value, label in Tag.choices})
        mapping.update(
            {"独居老人": Tag.ELDERLY_ALONE, "残疾": Tag.DISABLED, "低保": Tag.ALLOWANCE, "优抚": Tag.ENTITLED}
        )
        mapping.update({"空置": Tag.VACANT, "出租": Tag.RENTED})
        return mapping

    def error(self, sheet: str, row: int, column: str, message) -> None:
        self.result.errors.append(RowError(sheet, row, column, str(message)))

    def read(self, upload) -> ImportResult:
        try:
            book = load_workbook(upload, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            self.error("—", 0, "—", _("This is not an Excel workbook (.xlsx) we can read."))
            return self.result
        if HOUSEHOLDS[0] not in book.sheetnames and MEMBERS[0] not in book.sheetnames:
            self.error(
                "—",
                0,
                "—",
                _("The workbook has none of the sheets %(names)s. Start from the template.") % {"names": "住户、成员"},
            )
            return self.result
        if HOUSEHOLDS[0] in book.sheetnames:
            self.households = self._read_sheet(
                book[HOUSEHOLDS[0]], *HOUSEHOLDS, key=("estate", "building", "entrance", "door")
            )
        if MEMBERS[0] in book.sheetnames:
            self.members = self._read_sheet(
                book[MEMBERS[0]], *MEMBERS, key=("estate", "building", "entrance", "door", "name")
            )
        book.close()
        self._check_member_addresses()
        if self.result.ok:
            self._write()
        return self.result

    def _read_sheet(self, ws, title: str, columns, key: tuple) -> list[dict]:
        rows = ws.iter_rows(values_only=True)
        header = [_text(v) for v in next(rows, ())]
        expected = [col.header for col in columns]
        if header[: len(expected)] != expected:
            self.error(title, 1, "—", _("The header row must be: %(headers)s") % {"headers": "、".join(expected)})
            return []
        parsed, seen = [], {}
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                self.error(title, number, "—", _("A sheet may have at most %(n)s rows.") % {"n": MAX_ROWS})
                return parsed
            values = list(values)[: len(expected)]
            if all(_text(v) == "" for v in values):
                continue
            values += [None] * (len(expected) - len(values))
            data = self._read_row(title, number, columns, values)
            if data is None:
                continue
            row_key = tuple(data[k] for k in key)
            if row_key in seen:
                message = _("The same entry is already on row %(row)s.") % {"row": seen[row_key]}
                self.error(title, number, columns[3].header if title == HOUSEHOLDS[0] else "姓名", message)
                continue
            seen[row_key] = number
            data["_row"] = number
            parsed.append(data)
        return parsed

    def _read_row(self, title: str, number: int, columns, values: list) -> dict | None:
        data, failed = {}, False
        for col, raw in zip(columns, values, strict=True):
            try:
                data[col.field] = self._convert(col, raw)
            except CellError as exc:
                self.error(title, number, col.header, str(exc))
                failed = True
        return None if failed else data

    def _convert(self, col: Column, raw):
        text = _text(raw)
        if "\x00" in text:
            raise CellError(_("The text contains characters that cannot be stored."))
        if col.required and text == "":
            raise CellError(_("This column is required."))
        if col.field in LIMITS and len(text) > LIMITS[col.field]:
            raise CellError(_("At most %(n)s characters.") % {"n": LIMITS[col.field]})
        if col.kind == "choice":
            if text == "":
                return Member.Relation.OTHER
            value = self.relations.get(text.lower())
            if value is None:
                raise CellError(_("“%(value)s” is not one of the choices.") % {"value": text})
            return value
        if col.kind == "tags":
            tags = []
            for part in TAG_SPLIT.split(text):
                if not part:
                    continue
                value = self.tags.get(part.lower())
                if value is None:
                    raise CellError(_("“%(value)s” is not one of the tags.") % {"value": part})
                tags.append(value)
            return sorted(set(tags))
        if col.kind == "phone":
            text = text.replace(" ", "").replace("-", "")
            if text and not MOBILE_RE.match(text):
                raise CellError(_("Enter an 11-digit mobile number."))
        return text

    def _check_member_addresses(self) -> None:
        in_file = {(h["estate"], h["building"], h["entrance"], h["door"]) for h in self.households}
        for m in self.members:
            address = (m["estate"], m["building"], m["entrance"], m["door"])
            if address not in in_file and address not in self.known:
                message = _("No household lives at this address; add it to the sheet “住户” first.")
                self.error(MEMBERS[0], m["_row"], "门牌", message)

    @transaction.atomic
    def _write(self) -> None:
        grids = {g.name: g for g in Grid.objects.filter(community=self.community)}
        buildings = {(b.estate, b.name): b for b in Building.objects.filter(community=self.community)}
        for row in self.households:
            grid = None
            if row["grid"]:
                grid = grids.get(row["grid"]) or Grid.objects.create(community=self.community, name=row["grid"])
                grids[grid.name] = grid
            building = buildings.get((row["estate"], row["building"]))
            if building is None:
                building = Building.objects.create(
                    community=self.community, estate=row["estate"], name=row["building"], grid=grid
                )
                buildings[(building.estate, building.name)] = building
            elif grid is not None and building.grid_id != grid.pk:
                building.grid = grid
                building.save(update_fields=["grid"])
            self._upsert_household(building, row)
        households = {
            (h.building.estate, h.building.name, h.entrance, h.door): h
            for h in Household.objects.filter(community=self.community).select_related("building")
        }
        for row in self.members:
            household = households[(row["estate"], row["building"], row["entrance"], row["door"])]
            self._upsert_member(household, row)

    def _upsert_household(self, building: Building, row: dict) -> None:
        household, created = Household.objects.get_or_create(
            community=self.community,
            building=building,
            entrance=row["entrance"],
            door=row["door"],
            defaults={"name": row["name"]},
        )
        have = set(household.tags.values_list("tag", flat=True))
        changed = not created and household.name != row["name"]
        if changed:
            household.name = row["name"]
            household.save(update_fields=["name"])
        wanted = set(row["tags"])
        if wanted != have:
            household.tags.exclude(tag__in=wanted).delete()
            HouseholdTag.objects.bulk_create(
                [HouseholdTag(community=self.community, household=household, tag=t) for t in wanted - have]
            )
            changed = True
        self._count(created, changed)

    def _upsert_member(self, household: Household, row: dict) -> None:
        member = household.members.filter(name=row["name"]).first()
        if member is None:
            Member.objects.create(
                community=self.community,
                household=household,
                name=row["name"],
                relation=row["relation"],
                phone=row["phone"],
            )
            self._count(True, False)
            return
        changed = [f for f in ("relation", "phone") if getattr(member, f) != row[f]]
        for f in changed:
            setattr(member, f, row[f])
        if changed:
            member.save(update_fields=changed)
        self._count(False, bool(changed))

    def _count(self, created: bool, changed: bool) -> None:
        if created:
            self.result.created += 1
        elif changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1


def import_workbook(community, upload) -> ImportResult:
    return Reader(community).read(upload)
