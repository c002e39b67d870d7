"""The few colours the pages use for messages, in one place."""

ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"
HINT_STYLE = "color: #666666;"
