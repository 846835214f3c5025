"""Roster workbooks: the template, export, and an all-or-nothing import.

The workbook is a file format shared with the units' offices, so its sheet
names and column headers are fixed Chinese text whatever the UI language, and
choices are written with their Chinese labels (English labels and the stored
codes are read too). Rows are matched on natural keys — a unit by name, a seat
by unit, holder and term start, a member by name and phone — so importing the
same file twice changes nothing, and an export imports back to the same roster.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.models import MOBILE_RE
from portal.uploads import check_unzipped_size
from portal.workbooks import append_row, lay_out_book

from .models import CommitteeSeat, PartyMember, Unit
from .ordering import committee_order, unit_order

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="F8D7DA")
DATE_FORMAT = "yyyy-mm-dd"
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
MAX_ROWS = 5000  # a community roster is hundreds of rows; more is a mistake or an attack


@dataclass(frozen=True)
class Column:
    header: str  # fixed Chinese header: part of the file format
    field: str
    kind: str = "text"  # text | date | choice | unit | phone
    required: bool = False
    width: int = 16
    optional: bool = False  # a trailing column that files made before it existed may lack


@dataclass(frozen=True)
class Sheet:
    title: str
    model: type
    columns: tuple[Column, ...]
    key: tuple[str, ...]


UNITS = Sheet(
    "成员单位",
    Unit,
    (
        Column("单位名称", "name", required=True, width=30),
        Column("单位类别", "kind", "choice", required=True),
        Column("党组织名称", "party_org_name", width=28),
        Column("党组织层级", "party_org_level", "choice"),
        Column("联系人", "contact_name"),
        Column("联系电话", "contact_phone"),
        Column("地址", "address", width=28),
        Column("加入大党委日期", "joined_on", "date"),
        Column("退出日期", "left_on", "date"),
    ),
    key=("name",),
)
SEATS = Sheet(
    "大党委委员",
    CommitteeSeat,
    (
        Column("所在单位", "unit", "unit", required=True, width=30),
        Column("姓名", "holder_name", required=True),
        Column("单位职务", "holder_title", width=24),
        Column("委员职务", "role", "choice", required=True),
        Column("任期起", "term_start", "date", required=True),
        Column("任期止", "term_end", "date"),
    ),
    key=("unit", "holder_name", "term_start"),
)
MEMBERS = Sheet(
    "党员",
    PartyMember,
    (
        Column("姓名", "name", required=True),
        Column("手机号", "phone", "phone"),
        Column("党员类别", "kind", "choice", required=True),
        Column("报到单位", "home_unit", "unit", width=30),
        Column("所在党组织", "party_org", width=28),
        Column("报到日期", "registered_on", "date"),
        Column("特长", "skills", width=24),
        Column("服务时间", "availability", width=20),
        # Written so a round trip keeps who is pending or declined; the import never changes a status.
        Column("状态", "status", "choice", optional=True),
    ),
    key=("name", "phone"),
)
SHEETS = (UNITS, SEATS, MEMBERS)


# --- writing -------------------------------------------------------------------------------------------------


def _choice_labels(model, field_name: str) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for _value, label in model._meta.get_field(field_name).choices]


def _add_sheet(book: Workbook, sheet: Sheet):
    ws = book.create_sheet(sheet.title)
    append_row(ws, [col.header for col in sheet.columns])
    for index, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="9C0006" if col.required else "000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = col.width
        if col.kind == "choice":
            options = ",".join(_choice_labels(sheet.model, col.field))
            validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=not col.required)
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}2000")
    ws.freeze_panes = "A2"
    return ws


def _instructions(book: Workbook) -> None:
    ws = book.create_sheet("填写说明")
    ws.column_dimensions["A"].width = 100
    for line in (
        "红色表头为必填列。日期请写成 2024-01-01 的格式。类别、层级、职务请从下拉列表中选择。",
        "「大党委委员」和「党员」表中的单位须是系统中已有的成员单位，或在本文件「成员单位」表中列出。",
        "导入时逐行检查，任何一行有错误则整个文件都不导入；同一文件重复导入不会产生重复记录。",
        "更换委员时请保留原委员一行并填写任期止，再为新委员新增一行。",
    ):
        append_row(ws, [line])


def template_workbook() -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        _add_sheet(book, sheet)
    _instructions(book)
    lay_out_book(book)
    return _save(book)


def _cell_value(obj, col: Column):
    value = getattr(obj, col.field)
    if col.kind == "choice":
        with translation.override("zh-hans"):
            return str(getattr(obj, f"get_{col.field}_display")())
    if col.kind == "unit":
        return value.name if value is not None else None
    if value in ("", None):
        return None
    return value


def export_workbook(community) -> bytes:
    book = Workbook()
    book.remove(book.active)
    units = unit_order(Unit.objects.filter(community=community))
    seats = committee_order(CommitteeSeat.objects.filter(community=community).select_related("unit"))
    members = PartyMember.objects.filter(community=community).select_related("home_unit").order_by("name", "phone")
    for sheet, rows in ((UNITS, units), (SEATS, seats), (MEMBERS, members)):
        ws = _add_sheet(book, sheet)
        for obj in rows:
            append_row(ws, [_cell_value(obj, col) for col in sheet.columns])
        for index, col in enumerate(sheet.columns, start=1):
            if col.kind == "date":
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = DATE_FORMAT
    _instructions(book)
    lay_out_book(book)
    return _save(book)


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading -------------------------------------------------------------------------------------------------


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # near-duplicates: imported, but worth a look
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class CellError(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("Write a date such as 2024-01-01."))


def _choice_map(model, field_name: str) -> dict[str, str]:
    """Stored code, Chinese label or English label (any case) -> stored code."""
    choices = model._meta.get_field(field_name).choices
    mapping = {value.lower(): value for value, _label in choices}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            mapping.update({str(label).strip().lower(): value for value, label in choices})
    return mapping


class Reader:
    """Parses and checks a whole workbook; writes only if every row is right."""

    def __init__(self, community):
        self.community = community
        self.result = ImportResult()
        self.known_units = {u.name: u for u in Unit.objects.filter(community=community)}
        self.file_units: set[str] = set()
        self.rows: dict[str, list[tuple[int, dict]]] = {}

    def error(self, sheet: Sheet, row: int, column: str, message: str) -> None:
        self.result.errors.append(RowError(sheet.title, row, column, str(message)))

    def read(self, upload) -> ImportResult:
        try:
            # A few hundred kilobytes of .xlsx can hold a cell of hundreds of megabytes: refused unopened.
            check_unzipped_size(upload)
        except ValidationError as exc:
            self.result.errors.append(RowError("—", 0, "—", " ".join(exc.messages)))
            return self.result
        try:
            book = load_workbook(upload, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            self.result.errors.append(RowError("—", 0, "—", _("This is not an Excel workbook (.xlsx) we can read.")))
            return self.result
        present = [sheet for sheet in SHEETS if sheet.title in book.sheetnames]
        if not present:
            names = "、".join(sheet.title for sheet in SHEETS)
            message = _("The workbook has none of the sheets %(names)s. Start from the template.") % {"names": names}
            self.result.errors.append(RowError("—", 0, "—", message))
            return self.result
        for sheet in present:
            self._read_sheet(sheet, book[sheet.title])
        book.close()
        if self.result.ok:
            self._write()
        return self.result

    def _read_sheet(self, sheet: Sheet, ws) -> None:
        rows = ws.iter_rows(values_only=True)
        header = [_text(v) for v in next(rows, ())]
        expected = [col.header for col in sheet.columns]
        required = [col.header for col in sheet.columns if not col.optional]
        if header[: len(expected)] != expected and [h for h in header if h][: len(expected)] != required:
            self.error(sheet, 1, "—", _("The header row must be: %(headers)s") % {"headers": "、".join(expected)})
            return
        parsed = self.rows.setdefault(sheet.title, [])
        seen: dict[tuple, int] = {}
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                message = _("A sheet may have at most %(n)s rows.") % {"n": MAX_ROWS}
                self.error(sheet, number, "—", message)
                return
            values = list(values)[: len(expected)]
            if all(_text(v) == "" for v in values):
                continue
            values += [None] * (len(expected) - len(values))
            data = self._read_row(sheet, number, values)
            if data is None:
                continue
            key = tuple(data[k] for k in sheet.key)
            if key in seen:
                message = _("The same entry is already on row %(row)s.") % {"row": seen[key]}
                self.error(sheet, number, sheet.columns[0].header, message)
                continue
            seen[key] = number
            parsed.append((number, data))
            if sheet is UNITS:
                self.file_units.add(data["name"])
        if sheet is MEMBERS:
            self._check_phones(parsed)

    def _read_row(self, sheet: Sheet, number: int, values: list) -> dict | None:
        data, failed = {}, False
        for col, raw in zip(sheet.columns, values, strict=True):
            try:
                data[col.field] = self._convert(sheet, col, raw)
            except CellError as exc:
                self.error(sheet, number, col.header, str(exc))
                failed = True
        if not failed:
            failed = not self._check_row(sheet, number, data)
        return None if failed else data

    def _convert(self, sheet: Sheet, col: Column, raw):
        text = _text(raw)
        if col.required and text == "":
            raise CellError(_("This column is required."))
        if col.kind == "date":
            return _parse_date(raw)
        if col.kind == "choice":
            if text == "":
                return sheet.model._meta.get_field(col.field).get_default()
            value = _choice_map(sheet.model, col.field).get(text.lower())
            if value is None:
                raise CellError(_("“%(value)s” is not one of the choices.") % {"value": text})
            return value
        if col.kind == "unit":
            if text and text not in self.known_units and text not in self.file_units:
                raise CellError(_("No member unit is called “%(name)s”.") % {"name": text})
            return text
        if col.kind == "phone":
            text = text.replace(" ", "").replace("-", "")
            if text and not MOBILE_RE.match(text):
                raise CellError(_("Enter an 11-digit mobile number."))
            return text
        try:
            return sheet.model._meta.get_field(col.field).clean(text, None)
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from exc

    def _check_row(self, sheet: Sheet, number: int, data: dict) -> bool:
        pairs = {UNITS: ("joined_on", "left_on", "退出日期"), SEATS: ("term_start", "term_end", "任期止")}
        if sheet in pairs:
            start, end, header = pairs[sheet]
            if data[start] and data[end] and data[end] < data[start]:
                self.error(sheet, number, header, _("The end date is before the start date."))
                return False
        if sheet is MEMBERS and data["kind"] == PartyMember.Kind.IN_SERVICE and not data["home_unit"]:
            self.error(sheet, number, "报到单位", _("An in-service party member needs a home unit."))
            return False
        return True

    def _check_phones(self, parsed: list[tuple[int, dict]]) -> None:
        """One mobile number is one member: refuse a number used by another name; warn of a name with two numbers."""
        existing = PartyMember.objects.filter(community=self.community).exclude(phone="")
        by_phone = {m.phone: m.name for m in existing.only("name", "phone")}
        by_name: dict[str, set[str]] = {}
        for m in existing.only("name", "phone"):
            by_name.setdefault(m.name, set()).add(m.phone)
        in_file: dict[str, tuple[int, str]] = {}
        for number, data in parsed:
            name, phone = data["name"], data["phone"]
            if phone:
                if phone in in_file and in_file[phone][1] != name:
                    first_row, first_name = in_file[phone]
                    message = _("This mobile number is also on row %(row)s, under the name %(name)s.")
                    self.error(MEMBERS, number, "手机号", message % {"row": first_row, "name": first_name})
                elif by_phone.get(phone, name) != name:
                    message = _("This mobile number is already on the roster as %(name)s.")
                    self.error(MEMBERS, number, "手机号", message % {"name": by_phone[phone]})
                in_file.setdefault(phone, (number, name))
            others = sorted(by_name.get(name, set()) - {phone})
            if others:
                message = _("%(name)s is also on the roster with the mobile number %(phones)s: is it the same person?")
                self.result.warnings.append(
                    RowError(MEMBERS.title, number, "姓名", message % {"name": name, "phones": "、".join(others)})
                )
            by_name.setdefault(name, set()).add(phone)

    @transaction.atomic
    def _write(self) -> None:
        for _number, data in self.rows.get(UNITS.title, []):
            self._upsert(Unit, {"name": data.pop("name")}, data)
        units = {u.name: u for u in Unit.objects.filter(community=self.community)}
        for _number, data in self.rows.get(SEATS.title, []):
            data["unit"] = units[data["unit"]]
            key = {k: data.pop(k) for k in SEATS.key}
            self._upsert(CommitteeSeat, key, data)
        for _number, data in self.rows.get(MEMBERS.title, []):
            data["home_unit"] = units.get(data["home_unit"]) if data["home_unit"] else None
            key = {k: data.pop(k) for k in MEMBERS.key}
            self._upsert(PartyMember, key, data)

    def _upsert(self, model, key: dict, values: dict) -> None:
        obj = model.objects.filter(community=self.community, **key).first()
        if obj is not None and model is PartyMember:
            # Confirming or declining is the registration's own step, never a spreadsheet's.
            values.pop("status", None)
        if obj is None:
            model.objects.create(community=self.community, **key, **values)
            self.result.created += 1
            return
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if not changed:
            self.result.unchanged += 1
            return
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        self.result.updated += 1


def import_workbook(community, upload) -> ImportResult:
    return Reader(community).read(upload)


def sanitize_filename(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "-", text).strip("-")
