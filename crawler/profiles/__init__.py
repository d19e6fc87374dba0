"""One module per CMS family; each reads list pages (`read_list`) and its paging API (`read_api`)."""
from __future__ import annotations

from types import ModuleType

from crawler.profiles import hanweb, plain, sitemap, trs

PROFILES: dict[str, ModuleType] = {"trs": trs, "hanweb": hanweb, "plain": plain, "sitemap": sitemap}
# Profiles whose list pages are XML, not HTML.
XML_PROFILES = frozenset({"sitemap"})
# Profiles whose links carry no title: the fetched page's own title decides whether it is a report.
UNTITLED_PROFILES = frozenset({"sitemap"})
