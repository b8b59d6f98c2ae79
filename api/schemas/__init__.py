"""Request and response schemas, one family per resource, separate from the ORM."""
