"""Publishing the rendered chapters: the HTML book, its navigation, the PDFs, screenshots.

Modules: ``book`` (TOC, group and sources pages, the Jupyter Book build), ``nav`` (Sphinx extension:
the sidebar cached per major group), ``browser`` (Chromium and a local server), ``pdf`` and
``pdf_front`` (the PDFs), ``screenshot``, and ``compat``: every patch of Jupyter Book, Sphinx
extensions and the theme, each pinned by a test. Import the module you need: this package imports
nothing itself, so that the Sphinx extension loads without the rest.
"""
