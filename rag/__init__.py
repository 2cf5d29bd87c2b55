"""Ofsted children's social care reports: ingest, search and cite."""
