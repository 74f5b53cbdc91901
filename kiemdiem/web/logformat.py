"""One log line format for the app and its server (settings.LOGGING, gunicorn's
logconfig_dict): a JSON object a line, UTC time, Vietnamese as written."""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",  # ISO 8601, UTC
    "json_ensure_ascii": False,
}
