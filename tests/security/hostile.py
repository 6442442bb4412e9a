"""Hostile text that imported fields may carry: each must be shown as text everywhere."""

from __future__ import annotations

HOSTILE = [
    "<img src=x onerror=window.__xss=1>",
    "<script>window.__xss=1</script>",
    '"><svg onload=window.__xss=1>',
    "<a href=\"javascript:window.__xss=1\">click</a>",
    "[click](javascript:window.__xss=1)",
    "![beacon](https://example.org/beacon.png)",
    "**bold** _it_ `code` # heading",
    "www.example.org and https://example.org/x",
    ":red[coloured] $x^2$ ~~strike~~",
    "O'Brien & Sons <b>bold</b> &amp; &lt;",
    "line one\n# line two\n    code",
    "=1+HYPERLINK(\"https://example.org\",\"x\")",
    "-2+3+cmd|' /C calc'!A0",
]
