"""Occupation Profiles: reproducible occupation chapters from public US labour-market data."""

__version__ = "0.1.0"
