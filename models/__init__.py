"""SQLModel tables and the queries on them; importing the package registers every table."""

from models import alerts as alerts
from models import checklists as checklists
from models import feed_state as feed_state
from models import kpis as kpis
from models import mentions as mentions
from models import workspaces as workspaces

__all__ = ["alerts", "checklists", "feed_state", "kpis", "mentions", "workspaces"]
