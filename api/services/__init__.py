"""The core: small functions that decide things, free of HTTP."""
