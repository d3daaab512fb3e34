"""SQLModel tables and the queries on them; importing the package registers every table."""

from models import workspaces as workspaces
from models.checklists import tables as checklists
from models.crisis import tables as alerts
from models.kpi import tables as kpis
from models.mentions import feed_state
from models.mentions import tables as mentions

__all__ = ["alerts", "checklists", "feed_state", "kpis", "mentions", "workspaces"]
