"""Plotly charts with the atlas's conventions: colour-blind-safe colours,
a caption with the source, and PNG download from the chart's own toolbar
(rendered in the browser: works offline).
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from components.layers import CATEGORICAL

CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2},
          "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _show(fig, key: str, source: str, illustrative: bool) -> None:
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=330, colorway=CATEGORICAL,
                      legend={"orientation": "h", "y": -0.2})
    st.plotly_chart(fig, key=key, config=CONFIG, width="stretch")
    st.caption(f"Source: {source}" + (" — illustrative figures" if illustrative else "")
               + ". PNG: camera icon on the chart.")


def line(frame: pd.DataFrame, x: str, y: str, *, title: str, key: str, source: str, color: str | None = None,
         illustrative: bool = False, labels: dict | None = None) -> None:
    if frame.empty:
        st.info("No data for this chart.")
        return
    fig = px.line(frame, x=x, y=y, color=color, markers=True, title=title, labels=labels or {})
    _show(fig, key, source, illustrative)


def bar(frame: pd.DataFrame, x: str, y: str, *, title: str, key: str, source: str, color: str | None = None,
        illustrative: bool = False, labels: dict | None = None, horizontal: bool = False) -> None:
    if frame.empty:
        st.info("No data for this chart.")
        return
    fig = px.bar(frame, x=y if horizontal else x, y=x if horizontal else y, color=color, title=title,
                 labels=labels or {}, orientation="h" if horizontal else "v")
    _show(fig, key, source, illustrative)
