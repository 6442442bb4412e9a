"""Libya Operations Atlas: geography, layers, validation and storage.

Pure Python (no Streamlit): pages and components call into this package, never
the other way round.  Start reading at ``geo.registry`` (what a layer is), then
``geo.admin`` and ``geo.boundaries`` (the geography), ``geo.validation`` and
``geo.store``.
"""
