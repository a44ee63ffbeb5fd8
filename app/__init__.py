"""claimbase: who asserted what, where it was reported, and how it was sourced."""

__version__ = "0.1.0"
