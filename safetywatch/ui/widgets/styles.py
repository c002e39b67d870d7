"""The few colours the pages use for messages, in one place."""

ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"
HINT_STYLE = "color: #666666;"
#: A figure that needs attention (a repeat offender's count).
ALERT_STYLE = "color: #b71c1c; font-weight: bold;"
