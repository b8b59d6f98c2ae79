"""Language core shared by the API: language detection, phrase guard, anger detection.

Nothing heavy is imported here; each submodule loads its own resources lazily.
"""
