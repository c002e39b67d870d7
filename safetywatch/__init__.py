"""SafetyWatch (群监网安全监督台账): offline ledger of a coal mine's mass safety supervision network."""

__version__ = "0.1.0"
