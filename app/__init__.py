"""madoguchi — 窓口カスハラ対応記録."""

__version__ = "0.1.0"
