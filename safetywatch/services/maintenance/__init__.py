"""Opening a database, backups and restores, verification, demo data."""
