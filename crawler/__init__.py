"""Collecting reports from portals: Scrapy spiders, CMS profiles, pipelines, the sample portal and the demo."""
