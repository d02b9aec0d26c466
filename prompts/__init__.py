"""Prompt templates, loaded by name at call time."""
