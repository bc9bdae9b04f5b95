"""One JSON object per log line, for the access log and anything else logged in production.

A log collector (journald, Loki, Elasticsearch …) reads these lines without a parsing rule: the record's own
fields (time, level, logger, message) plus whatever the caller passed in `extra={"fields": {...}}`.
"""
import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
