"""jxkh (绩效考核): a unit's yearly performance-management cycle over its spreadsheets."""

__version__ = "0.1.0"
