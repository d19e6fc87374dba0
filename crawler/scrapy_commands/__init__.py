"""Scrapy commands of the project (COMMANDS_MODULE): `crawl` with a portal check and an honest exit status."""
