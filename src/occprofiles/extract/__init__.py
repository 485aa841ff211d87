"""One extract module per source: read a verified raw file, return tidy DataFrames.

Extract functions are pure functions of their input path. They keep the source's values and flags
(footnote codes, suppression flags) and rename columns to unit-bearing snake_case; they do not join
sources or derive figures (that is the core/out layers' job in ``occprofiles.build``).
"""
