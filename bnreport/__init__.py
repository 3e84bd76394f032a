"""bnreport: the batch-normalization counterexample of Dannemann & Junike (2025), machine-checked."""

__version__ = "0.1.0"
