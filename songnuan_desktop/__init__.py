"""Songnuan (送暖): hardship-assistance work of a township trade-union office."""

__version__ = "0.1.0"
