"""Scrapy settings for nianbao (named in scrapy.cfg)."""
