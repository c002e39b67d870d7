"""Read-only queries behind the big lists and the audit trail page."""
