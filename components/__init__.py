"""Rendering components of the Libya Operations Atlas (maps, ...)."""
