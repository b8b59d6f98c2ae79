"""The hub and system of record: customers, conversations, messages, tickets, NLG."""
