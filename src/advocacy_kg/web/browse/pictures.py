"""The two pictures: a timeline of letters, legislation and events, and the network of
organisations linked by the actions they co-signed. Both are SVG drawn on the server (no
script needed), each beside a table of the same data; ``?format=json`` gives the data."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from flask import Response, render_template, request, url_for

from ...chronology import LANE_NAMES, TimelineItem
from ...chronology import timeline as build_timeline
from ...network import cosignature_network
from ..urls import advertise
from . import state

#: Drawing area of the timeline (SVG user units).
TIMELINE_WIDTH, LANE_HEIGHT, MARGIN = 960, 90, 60
NETWORK_SIZE = 720


def timeline() -> Response:
    items = state.cached("timeline", build_timeline)
    if _wants_json():
        return _json([asdict(i) for i in items], "timeline")
    body = render_template("browse/timeline.html", items=items, drawing=timeline_drawing(items))
    return _html(body, "timeline")


def network() -> Response:
    graph = state.cached("network", cosignature_network)
    if _wants_json():
        data = {
            "nodes": [asdict(n) for n in graph.nodes],
            "edges": [asdict(e) for e in graph.edges],
        }
        return _json(data, "network")
    body = render_template("browse/network.html", network=graph, size=NETWORK_SIZE)
    return _html(body, "network")


def timeline_drawing(items: list[TimelineItem]) -> dict[str, Any]:
    """Positions of the items (one lane per kind) and the year ticks of the axis."""
    lanes = [lane for lane in LANE_NAMES if any(i.lane == lane for i in items)]
    if not items:
        return {
            "width": TIMELINE_WIDTH,
            "height": 2 * MARGIN,
            "lanes": [],
            "marks": [],
            "ticks": [],
        }
    first = dt.date(items[0].day.year, 1, 1)
    last = dt.date(items[-1].day.year + 1, 1, 1)
    span = max((last - first).days, 1)
    inner = TIMELINE_WIDTH - 2 * MARGIN

    def x_of(day: dt.date) -> float:
        return round(MARGIN + inner * (day - first).days / span, 1)

    marks = []
    stacked: dict[tuple[str, float], int] = {}
    for number, item in enumerate(items, start=1):
        lane = lanes.index(item.lane)
        x = x_of(item.day)
        slot = (item.lane, round(x / 8))  # items closer than 8 units stack upwards
        level = stacked.get(slot, 0)
        stacked[slot] = level + 1
        y = MARGIN + lane * LANE_HEIGHT + LANE_HEIGHT - 20 - 12 * min(level, 5)
        marks.append({"item": item, "x": x, "y": y, "number": number})
    ticks = [
        {"x": x_of(dt.date(year, 1, 1)), "year": year} for year in range(first.year, last.year + 1)
    ]
    lane_rows = [{"name": name, "y": MARGIN + i * LANE_HEIGHT} for i, name in enumerate(lanes)]
    height = MARGIN + len(lanes) * LANE_HEIGHT + 40
    return {
        "width": TIMELINE_WIDTH,
        "height": height,
        "lanes": lane_rows,
        "marks": marks,
        "ticks": ticks,
    }


def _wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.args.get("format") != "html"


def _json(data: Any, endpoint: str) -> Response:
    response = Response(
        json.dumps(data, ensure_ascii=False, default=str), mimetype="application/json"
    )
    return _headers(response, endpoint)


def _html(body: str, endpoint: str) -> Response:
    return _headers(Response(body, mimetype="text/html"), endpoint)


def _headers(response: Response, endpoint: str) -> Response:
    html_url = url_for(f"browse.{endpoint}", format="html")
    json_url = url_for(f"browse.{endpoint}", format="json")
    return advertise(response, [(html_url, "text/html"), (json_url, "application/json")])
