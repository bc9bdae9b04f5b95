"""Facts about the database connection that bulk writers need."""


def max_query_params(connection) -> int:
    """How many parameters one statement may carry: SQLite's compiled limit (999 before 3.32, 32,766 or
    more after), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        try:
            import sqlite3

            connection.ensure_connection()
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except (AttributeError, sqlite3.Error):  # Python < 3.11: only Django's conservative figure
            return connection.features.max_query_params or 999
    return connection.features.max_query_params or 65535
