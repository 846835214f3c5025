"""Server-rendered, accessible SVG bar charts (no chart library, no CDN).

A chart is drawn from plain numbers; the template shows the SVG with a
<title> and <desc> and the same numbers as a table beside it, so a screen
reader or a printout loses nothing.
"""

from dataclasses import dataclass, field

PALETTE = ["#b3121f", "#1f5fa8", "#d48a00", "#2e7d32", "#6a1b9a", "#455a64"]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str
    value: float


@dataclass
class BarChart:
    title: str
    description: str
    labels: list[str]
    series: list[tuple[str, list[float]]]  # (series name, one value per label)
    unit: str = ""
    width: int = 640
    height: int = 260
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    label_positions: list[tuple[float, str]] = field(default_factory=list)

    LEFT, BOTTOM, TOP = 44, 36, 12

    def __post_init__(self) -> None:
        values = [v for _name, row in self.series for v in row]
        top = max(values, default=0) or 1
        plot_w = self.width - self.LEFT - 8
        plot_h = self.height - self.BOTTOM - self.TOP
        groups = max(len(self.labels), 1)
        group_w = plot_w / groups
        bar_w = group_w * 0.8 / max(len(self.series), 1)
        for s, (name, row) in enumerate(self.series):
            color = PALETTE[s % len(PALETTE)]
            for i, value in enumerate(row):
                h = plot_h * (value / top)
                x = self.LEFT + i * group_w + group_w * 0.1 + s * bar_w
                self.bars.append(Bar(x, self.TOP + plot_h - h, bar_w, h, color, f"{name} {self.labels[i]}", value))
        for k in range(5):
            value = top * k / 4
            self.ticks.append((self.TOP + plot_h - plot_h * k / 4, f"{value:g}" if value < 10 else f"{value:.0f}"))
        step = max(1, groups // 12)
        for i, label in enumerate(self.labels):
            if i % step == 0:
                self.label_positions.append((self.LEFT + (i + 0.5) * group_w, label))

    @property
    def baseline(self) -> float:
        return self.height - self.BOTTOM

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(name, PALETTE[s % len(PALETTE)]) for s, (name, _row) in enumerate(self.series)]

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        return [(label, [row[i] for _name, row in self.series]) for i, label in enumerate(self.labels)]
