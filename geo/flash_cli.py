"""``python -m geo flash add …``: one flash update from the command line.

Why: the same fast path as the Flash page's form, for scripts and for teams
working from a terminal; it goes through ``geo.flash_events.add`` (validated
like an import, one new version, audited) and refreshes the public feeds.

    python -m geo flash add --title "Clashes in Murzuq" --date 2026-11-29 --type "armed clashes" \\
        --place Murzuq --baladiya LY032204 --affected 1200 --source "DTM Flash Update 12" \\
        --text "Clashes erupted in the town centre; families moved to Sebha."
"""

from __future__ import annotations

import argparse

from geo import flash_events, flash_feed
from geo.registry import EVENT_TYPES
from geo.store import open_store


def cmd_flash_add(args: argparse.Namespace) -> int:
    place = args.place
    lat, lon = args.lat, args.lon
    baladiyas = [b for arg in args.baladiya or [] for b in arg.replace(",", ";").split(";") if b.strip()]
    if place and (lat is None or lon is None):
        found = flash_events.find_place(place)  # ValidationError (nothing stored) when unknown
        lat, lon = found.lat, found.lon
        if found.baladiya_pcode and not baladiyas:
            baladiyas = [found.baladiya_pcode]
    draft = flash_events.Draft(
        title=args.title, date=args.date, event_type=args.type, summary=args.text, source=args.source,
        baladiya_pcodes=baladiyas, place=place, lat=lat, lon=lon, location_approximate=args.approximate,
        people_affected=args.affected, people_displaced=args.displaced, illustrative=args.illustrative,
        title_ar=args.title_ar, summary_ar=args.text_ar)
    version, row = flash_events.add(open_store(), draft, actor=args.actor, source_name=flash_events.CLI_SOURCE)
    base = flash_feed.base_url()
    flash_feed.refresh(base)
    print(f"flash_updates v{version.version}: added {row['event_id']} ({row['date']:%Y-%m-%d}, "
          f"{row['event_type']}): {row['title']}; permalink {flash_feed.permalink(base, row['event_id'])}")
    return 0


def add_parser(sub) -> None:
    """Register ``flash add`` on the ``python -m geo`` command line."""
    flash = sub.add_parser("flash", help="flash updates: add one event")
    actions = flash.add_subparsers(dest="flash_command", required=True, metavar="ACTION")
    p = actions.add_parser("add", help="validate one flash update and store it as a new version (audited)")
    p.add_argument("--title", required=True, help="what happened, e.g. 'Clashes in Murzuq'")
    p.add_argument("--date", required=True, help="the day it happened, YYYY-MM-DD (not in the future)")
    p.add_argument("--type", required=True, metavar="TYPE", help=f"one of: {', '.join(EVENT_TYPES)}")
    p.add_argument("--place", help="where: a town or baladiya name (or pcode), looked up in the gazetteer")
    p.add_argument("--lat", type=float, help="latitude (with --lon): exact coordinates instead of --place")
    p.add_argument("--lon", type=float, help="longitude")
    p.add_argument("--approximate", action="store_true", help="the coordinates are approximate")
    p.add_argument("--baladiya", action="append", metavar="PCODE",
                   help="an affected baladiya pcode (repeat, or separate with ';')")
    p.add_argument("--affected", help="people affected")
    p.add_argument("--displaced", help="people displaced")
    p.add_argument("--source", required=True, help="where the information comes from")
    p.add_argument("--text", required=True, help="what happened, as plain text")
    p.add_argument("--title-ar", help="the title in Arabic, for the Arabic page (optional)")
    p.add_argument("--text-ar", help="the text in Arabic, for the Arabic page (optional)")
    p.add_argument("--illustrative", action="store_true", help="the figures are illustrative, not published")
    p.add_argument("--actor", metavar="WHO", help="who is adding it, for the audit log (default: login name)")
    p.set_defaults(func=cmd_flash_add)
