"""SQLModel tables and the queries on them; importing the package registers every table."""

from models import checklists as checklists

__all__ = ["checklists"]
