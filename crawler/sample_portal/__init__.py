"""The offline portal network the demo and the crawler tests run against (`nianbao sample-portal`)."""
from crawler.sample_portal.server import DEFAULT_PORT, SamplePortal

__all__ = ["DEFAULT_PORT", "SamplePortal"]
