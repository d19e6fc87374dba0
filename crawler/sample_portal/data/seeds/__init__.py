"""The five seed reports (plain-text renderings of real reports)."""
