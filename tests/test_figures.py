"""The headline figures' HTML (components.figures): every text escaped, the change's arrow from its direction."""

from __future__ import annotations

from components.figures import Figure, html_block


def test_every_text_is_escaped():
    block = html_block([Figure("<b>Migrants</b> · Tripoli & Misrata", "<5", "+3 <since> R27", True, "note <i>")])
    assert "<b>" not in block and "<i>" not in block and "<since>" not in block
    assert "&lt;b&gt;Migrants&lt;/b&gt; · Tripoli &amp; Misrata" in block
    assert '<div class="atlas-figure-value">&lt;5</div>' in block
    assert "note &lt;i&gt;" in block


def test_the_arrow_follows_the_direction_and_only_a_change_has_one():
    up, down, same, bare = (html_block([f]) for f in (
        Figure("Migrants", "636,426", "+9,546 since R27", True),
        Figure("IDPs", "343,180", "-1 since R27", False),
        Figure("Returnees", "447,388", "0 since R27", None),
        Figure("Projects", "12")))
    assert "arrow_upward" in up and "arrow_downward" not in up
    assert "arrow_downward" in down and "arrow_upward" not in down
    assert "arrow_" not in same and "0 since R27" in same
    assert "atlas-figure-change" not in bare and "arrow_" not in bare


def test_figures_stand_in_one_row_in_their_order():
    block = html_block([Figure(str(n), str(n * 10)) for n in range(1, 5)])
    assert block.startswith('<div class="atlas-figures">') and block.count('class="atlas-figure"') == 4
    assert [block.index(f">{n * 10}<") for n in range(1, 5)] == sorted(block.index(f">{n * 10}<") for n in range(1, 5))
