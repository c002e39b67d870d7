"""The core of every write: the ledger handle, the writer and its audit chain, shared field checks."""
