"""Rasa custom actions: thin, they talk to the API over HTTP."""
