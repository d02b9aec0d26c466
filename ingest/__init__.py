"""briefbot ingestion: load, clean, deduplicate, chunk and embed articles into Chroma.

Usable alone as a library; imports nothing from `bot`.
"""
