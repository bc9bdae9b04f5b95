"""The dashboards own no tables: the count tables they read are the stats app's (danvan.stats.models) and
the notifications are the notifications app's (danvan.notifications.models)."""
