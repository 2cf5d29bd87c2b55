"""Ofsted children's social care reports: ingest, search and cite."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ofsted-rag")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0.26.0+checkout"
