"""Charts with matplotlib's object API and the Agg canvas: no pyplot, no global state, no display.

Each function takes plain rows and returns the image bytes (PNG or SVG).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from homologue.analysis.periods import start
from homologue.errors import InputError

FORMATS = ("png", "svg")


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InputError(f"charts are written as .png or .svg, not .{fmt}")
    out = io.BytesIO()
    fig.savefig(out, format=fmt, metadata={"Software": None} if fmt == "png" else {"Date": None})
    return out.getvalue()


def chart_format(path: str) -> str:
    fmt = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if fmt not in FORMATS:
        raise InputError(f"{path}: the chart file must end in .png or .svg")
    return fmt


def timeline_chart(rows: Sequence[Mapping], title: str, fmt: str = "png") -> bytes:
    """One row of markers per counterpart along time; marker shape by event type."""
    dated = [r for r in rows if r.get("date")]
    counterparts = sorted({r["counterpart"] for r in dated})
    types = sorted({r["type"] for r in dated})
    fig = _figure(8, 1.2 + 0.45 * max(1, len(counterparts)))
    ax = fig.add_subplot()
    markers = "os^Dv<>pP*X"
    for i, kind in enumerate(types):
        pts = [r for r in dated if r["type"] == kind]
        ax.scatter([start(r["date"]) for r in pts],
                   [counterparts.index(r["counterpart"]) for r in pts],
                   marker=markers[i % len(markers)], s=60, label=kind)
    ax.set_yticks(range(len(counterparts)), counterparts)
    ax.set_ylim(-0.7, len(counterparts) - 0.3)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    if types:
        ax.legend(loc="upper left", fontsize="small")
    fig.autofmt_xdate()
    return _save(fig, fmt)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str,
              fmt: str = "png") -> bytes:
    """Horizontal bars, the first label on top (for rankings)."""
    fig = _figure(7, 1.2 + 0.35 * max(1, len(labels)))
    ax = fig.add_subplot()
    ax.barh(range(len(labels))[::-1], values)
    ax.set_yticks(range(len(labels))[::-1], labels)
    ax.set_title(title)
    return _save(fig, fmt)


def monthly_chart(counts: Mapping[str, Mapping[str, int]], title: str, fmt: str = "png") -> bytes:
    """Stacked bars of events per month and type; ``counts`` is month -> type -> n."""
    months = sorted(counts)
    types = sorted({t for c in counts.values() for t in c})
    fig = _figure(8, 3.5)
    ax = fig.add_subplot()
    bottom = [0] * len(months)
    for kind in types:
        values = [counts[m].get(kind, 0) for m in months]
        ax.bar(range(len(months)), values, bottom=bottom, label=kind)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_xticks(range(len(months)), months, rotation=60, fontsize="small")
    ax.set_title(title)
    if types:
        ax.legend(fontsize="small")
    return _save(fig, fmt)
