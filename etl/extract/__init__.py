"""The pure side: document bytes → canonical record. Imports nothing from the write side, Scrapy or the ORM."""
