"""Record kinds: one module per kind of record, its input, its checks and its use cases."""
