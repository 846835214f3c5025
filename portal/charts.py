"""Server-rendered, accessible SVG bar charts (no chart library, no CDN).

A chart is drawn from plain numbers; the template shows the SVG with a
<title> and <desc> and the same numbers as a table beside it, so a screen
reader or a printout loses nothing. Vertical bars suit a dozen short labels
(months); horizontal bars suit long names (units, service items). A fixed
`scale_max` (100 for percentages) keeps rates comparable between charts.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format, localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#b3121f", "#1f5fa8", "#d48a00", "#2e7d32", "#6a1b9a", "#455a64"]
LABEL_CHARS = 9  # horizontal charts cut longer names in the drawing; the table keeps them whole
# Scale tops whose quarters are round numbers (240 → ticks of 60, 600 → ticks of 150).
NICE_TOPS = (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10)


TENTH = Decimal("0.1")


def svg_number(value: float) -> str:
    """A coordinate as `floatformat:"1u"` writes it (one decimal, rounded half up, never localised), quicker."""
    rounded = Decimal(str(value)).quantize(TENTH, ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):f}"


def shown_number(value: float, decimal_separator: str) -> str:
    """A value as `floatformat:"-1"` writes it: a whole number bare, any other to one decimal (half up)."""
    exact = Decimal(str(value))
    if exact == int(exact):
        return str(int(exact))
    rounded = exact.quantize(TENTH, ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):f}".replace(".", decimal_separator)


def nice_top(value: float) -> float:
    """The smallest round scale top at or above value, so the four gridlines fall on readable numbers."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in NICE_TOPS if m * power >= value - 1e-9)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str
    value: float

    @property
    def end_x(self) -> float:
        return self.x + self.width

    @property
    def mid_y(self) -> float:
        return self.y + self.height / 2


@dataclass
class BarChart:
    title: str
    description: str
    labels: list[str]
    series: list[tuple[str, list[float]]]  # (series name, one value per label)
    unit: str = ""
    width: int = 0  # 640 for vertical bars, 480 for horizontal ones (their text stays readable on a phone)
    height: int = 260
    horizontal: bool = False
    scale_max: float | None = None
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    label_positions: list[tuple[float, str]] = field(default_factory=list)

    LEFT, BOTTOM, TOP = 44, 36, 12
    ROW = 26  # height of one label's row in a horizontal chart

    def __post_init__(self) -> None:
        self.width = self.width or (480 if self.horizontal else 640)
        values = [v for _name, row in self.series for v in row]
        top = self.scale_max or nice_top(max(values, default=0))
        if self.horizontal:
            self._layout_horizontal(top)
        else:
            self._layout_vertical(top)

    def _tick_label(self, value: float) -> str:
        text = f"{value:g}" if value < 10 else f"{value:.0f}"
        return f"{text}{self.unit}" if self.unit == "%" else text

    def _layout_vertical(self, top: float) -> None:
        plot_w = self.width - self.LEFT - 8
        plot_h = self.height - self.BOTTOM - self.TOP
        groups = max(len(self.labels), 1)
        group_w = plot_w / groups
        bar_w = group_w * 0.8 / max(len(self.series), 1)
        for s, (name, row) in enumerate(self.series):
            color = PALETTE[s % len(PALETTE)]
            for i, value in enumerate(row):
                h = plot_h * (min(value, top) / top)
                x = self.LEFT + i * group_w + group_w * 0.1 + s * bar_w
                self.bars.append(Bar(x, self.TOP + plot_h - h, bar_w, h, color, f"{name} {self.labels[i]}", value))
        for k in range(5):
            self.ticks.append((self.TOP + plot_h - plot_h * k / 4, self._tick_label(top * k / 4)))
        step = max(1, groups // 12)
        for i, label in enumerate(self.labels):
            if i % step == 0:
                self.label_positions.append((self.LEFT + (i + 0.5) * group_w, label))

    def _layout_horizontal(self, top: float) -> None:
        # Room on the left for the names; the height grows with the number of rows.
        self.LEFT = 132
        rows = max(len(self.labels), 1)
        self.height = self.TOP + rows * self.ROW + self.BOTTOM
        plot_w = self.width - self.LEFT - 40  # room for the value printed after the longest bar
        bar_h = self.ROW * 0.7 / max(len(self.series), 1)
        for s, (name, row) in enumerate(self.series):
            color = PALETTE[s % len(PALETTE)]
            for i, value in enumerate(row):
                w = plot_w * (min(value, top) / top)
                y = self.TOP + i * self.ROW + self.ROW * 0.15 + s * bar_h
                self.bars.append(Bar(self.LEFT, y, w, bar_h, color, f"{self.labels[i]} {name}", value))
        for k in range(5):
            self.ticks.append((self.LEFT + plot_w * k / 4, self._tick_label(top * k / 4)))
        for i, label in enumerate(self.labels):
            short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
            self.label_positions.append((self.TOP + (i + 0.5) * self.ROW, short))

    @property
    def baseline(self) -> float:
        return self.height - self.BOTTOM

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(name, PALETTE[s % len(PALETTE)]) for s, (name, _row) in enumerate(self.series)]

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        return [(label, [row[i] for _name, row in self.series]) for i, label in enumerate(self.labels)]

    # --- drawn in Python: a template tag per number and label was most of the time /open/ took to draw ---

    @property
    def drawing(self) -> SafeString:
        """The bars, gridlines and labels inside the <svg>, written as includes/bar_chart.html lays them out."""
        top, left, baseline = localize(self.TOP), localize(self.LEFT), localize(self.baseline)
        below, beside, unit = localize(self.baseline + 16), localize(self.LEFT - 6), escape(self.unit)
        separator = get_format("DECIMAL_SEPARATOR")
        out = ["\n        "]
        if self.horizontal:
            for at, label in self.ticks:
                x = svg_number(at)
                out.append(_item(_line(x, x, top, baseline, "#ddd"), _text(x, below, 11, "middle", label)))
            out.append("\n        ")
            for at, label in self.label_positions:
                out.append(_item(_text(beside, svg_number(at), 12, "end", label, middle=True)))
            out.append("\n        ")
            single = len(self.series) == 1
            for bar in self.bars:
                value = shown_number(bar.value, separator)
                note = (
                    f'<text x="{svg_number(bar.end_x)}" dx="4" y="{svg_number(bar.mid_y)}" font-size="11" '
                    f'dominant-baseline="middle" fill="#333">{value}{unit}</text>'
                )
                out.append(_item(_rect(bar, value, unit), note if single else ""))
            out.append(f"\n        {_line(left, left, top, baseline, '#333')}\n      ")
        else:
            width = localize(self.width)
            for at, label in self.ticks:
                y = svg_number(at)
                out.append(_item(_line(left, width, y, y, "#ddd"), _text(beside, y, 11, "end", label, middle=True)))
            out.append("\n        ")
            for bar in self.bars:
                out.append(_item(_rect(bar, shown_number(bar.value, separator), unit)))
            out.append(f"\n        {_line(left, width, baseline, baseline, '#333')}\n        ")
            for at, label in self.label_positions:
                out.append(_item(_text(svg_number(at), below, 11, "middle", label)))
            out.append("\n      ")
        return mark_safe("".join(out))  # noqa: S308 - every label and name is escaped by _text and _rect

    @property
    def table_body(self) -> SafeString:
        """The rows of the table beside the drawing: the same numbers, each label and value in full."""
        separator, unit = get_format("DECIMAL_SEPARATOR"), escape(self.unit)
        out = ["\n        "]
        for label, values in self.rows:
            cells = "".join(f'<td class="text-end">{shown_number(v, separator)}{unit}</td>' for v in values)
            out.append(f'\n          <tr><th scope="row" class="fw-normal">{escape(label)}</th>{cells}</tr>\n        ')
        out.append("\n      ")
        return mark_safe("".join(out))  # noqa: S308 - labels escaped, values are numbers


def _item(*elements: str) -> str:
    """One pass of a loop of the chart template: its elements each on a line, indented as the template had them."""
    return "".join(f"\n          {element}" for element in elements) + "\n        "


def _line(x1, x2, y1, y2, stroke: str) -> str:
    return f'<line x1="{x1}" x2="{x2}" y1="{y1}" y2="{y2}" stroke="{stroke}" stroke-width="1"/>'


def _text(x, y, size: int, anchor: str, label: str, *, middle: bool = False) -> str:
    baseline = ' dominant-baseline="middle"' if middle else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}"{baseline} fill="#333">{escape(label)}</text>'
    )


def _rect(bar: Bar, value: str, unit: str) -> str:
    return (
        f'<rect x="{svg_number(bar.x)}" y="{svg_number(bar.y)}" width="{svg_number(bar.width)}" '
        f'height="{svg_number(bar.height)}" fill="{escape(bar.color)}"><title>{escape(bar.label)}: '
        f"{value}{unit}</title></rect>"
    )
