"""Bar charts as plain numbers for an inline SVG: drawn on the server, no JavaScript.

Each chart is shown next to a table with the same figures (its text alternative).
"""

BAR = 22
GAP = 8
LABEL_WIDTH = 220
PLOT_WIDTH = 360
VALUE_WIDTH = 60


def bar_chart(title, items):
    """Return a horizontal bar chart for (label, value) items; values of None count as 0."""
    items = [(str(label), value or 0) for label, value in items]
    top = max((value for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR + GAP)
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + BAR * 0.7,
                "width": round(PLOT_WIDTH * value / top, 1),
                "value_x": LABEL_WIDTH + round(PLOT_WIDTH * value / top, 1) + 6,
            }
        )
    return {
        "title": title,
        "bars": bars,
        "bar": BAR,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "width": LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        "height": GAP + len(items) * (BAR + GAP),
    }
