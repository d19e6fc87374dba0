"""Portal definitions (settings/portals.yaml): read, validated and selected before any request is made.

A portal is one government site's 年报 column: where its list starts, which CMS profile reads it,
which hosts it may fetch from, and per-portal politeness or layout overrides. A mistake in the file is a
PortalConfigError naming the file, the portal and the key, so a crawl never starts half-configured.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import yaml

from crawler.profiles import PROFILES

_KEYS = {"name", "title", "profile", "start_urls", "allowed_domains", "tags", "enabled", "overrides"}
_OVERRIDES: dict[str, type | tuple[type, ...]] = {
    "download_delay": (int, float),   # seconds between requests to this portal
    "concurrency": int,               # parallel requests to this portal
    "max_pages": int,                 # list pages read at most (a guard against endless paging)
    "search_api": str,                # TRS 动静结合: path of the JSON search API (default /fjdzapp/search)
    "list_selector": str,             # plain: CSS selector of the list area
    "next_text": str,                 # plain: regex of the "next page" link text
    "include": str,                   # sitemap: regex a URL must match to be a candidate report page
    "encoding": str,                  # decode this portal's pages with this charset whatever they declare
}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class PortalConfigError(ValueError):
    """The portal file cannot be used; the message names the file, the portal and the problem."""


@dataclass(frozen=True)
class Portal:
    name: str
    profile: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    title: str = ""
    tags: tuple[str, ...] = ()
    enabled: bool = True
    overrides: dict[str, Any] = field(default_factory=dict)

    def allows(self, url: str) -> bool:
        """True when `url` is on one of this portal's hosts (an entry with a port must match it too)."""
        parts = urlsplit(url)
        if not _is_http(parts):
            return False
        for domain in self.allowed_domains:
            if ":" in domain:
                if _netloc(parts) == domain:
                    return True
            elif parts.hostname == domain or parts.hostname.endswith("." + domain):
                return True
        return False

    def option(self, key: str, default: Any = None) -> Any:
        return self.overrides.get(key, default)


def load_portals(path: str | Path) -> dict[str, Portal]:
    """Every portal of the file, by name, validated."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PortalConfigError(f"{path}: cannot read the portal file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise PortalConfigError(f"{path}: not valid YAML: {exc}") from exc
    entries = raw.get("portals") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise PortalConfigError(f"{path}: expected a top-level 'portals:' list with at least one portal")
    portals: dict[str, Portal] = {}
    for index, entry in enumerate(entries, 1):
        portal = _portal(entry, f"{path}: portal #{index}")
        if portal.name in portals:
            raise PortalConfigError(f"{path}: portal '{portal.name}' is defined twice")
        portals[portal.name] = portal
    return portals


def select_portals(portals: dict[str, Portal], spec: str) -> list[Portal]:
    """The portals a `-a portal=` value names: `all` (enabled ones), names or tags, comma-separated."""
    chosen: dict[str, Portal] = {}
    for word in (w.strip() for w in (spec or "").split(",")):
        if not word:
            continue
        if word == "all":
            matches = [p for p in portals.values() if p.enabled]
        elif word in portals:
            matches = [portals[word]]
        else:
            matches = [p for p in portals.values() if word in p.tags]
        if not matches:
            known = ", ".join(sorted(portals))
            raise PortalConfigError(f"no portal or tag named '{word}' (portals: {known}; or 'all')")
        chosen.update((p.name, p) for p in matches)
    if not chosen:
        raise PortalConfigError("no portal selected: pass -a portal=NAME (or a tag, or 'all')")
    return list(chosen.values())


def _portal(entry: Any, where: str) -> Portal:
    if not isinstance(entry, dict):
        raise PortalConfigError(f"{where}: expected a mapping, got {type(entry).__name__}")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise PortalConfigError(f"{where}: 'name' must be lower-case letters, digits, '-' or '_' (got {name!r})")
    where = f"{where.split(': ')[0]}: portal '{name}'"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise PortalConfigError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")
    profile = entry.get("profile")
    if not isinstance(profile, str) or profile not in PROFILES:
        raise PortalConfigError(f"{where}: 'profile' must be one of {', '.join(PROFILES)} (got {profile!r})")
    start_urls = _strings(entry.get("start_urls"), where, "start_urls")
    for url in start_urls:
        if not _is_http(urlsplit(url)):
            raise PortalConfigError(f"{where}: start URL {url!r} is not an http(s) URL")
    domains = _strings(entry.get("allowed_domains") or [_netloc(urlsplit(u)) for u in start_urls], where, "allowed_domains")
    overrides = entry.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise PortalConfigError(f"{where}: 'overrides' must be a mapping")
    for key, value in overrides.items():
        expected = _OVERRIDES.get(key)
        if expected is None:
            raise PortalConfigError(f"{where}: unknown override '{key}' (known: {', '.join(sorted(_OVERRIDES))})")
        if not isinstance(value, expected) or isinstance(value, bool):
            raise PortalConfigError(f"{where}: override '{key}' has the wrong type ({value!r})")
    for key in ("include", "next_text"):
        if key in overrides:
            try:
                re.compile(overrides[key])
            except re.error as exc:
                raise PortalConfigError(f"{where}: override '{key}' is not a valid regex: {exc}") from exc
    portal = Portal(
        name=name, profile=profile, start_urls=tuple(start_urls), allowed_domains=tuple(domains),
        title=str(entry.get("title") or ""), tags=tuple(_strings(entry.get("tags") or [], where, "tags", True)),
        enabled=bool(entry.get("enabled", True)), overrides=dict(overrides),
    )
    outside = [u for u in start_urls if not portal.allows(u)]
    if outside:
        raise PortalConfigError(f"{where}: start URL {outside[0]} is outside allowed_domains {list(domains)}")
    return portal


def _strings(value: Any, where: str, key: str, empty_ok: bool = False) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PortalConfigError(f"{where}: '{key}' must be a list of strings")
    if not value and not empty_ok:
        raise PortalConfigError(f"{where}: '{key}' is empty")
    return value


def _is_http(parts: SplitResult) -> bool:
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _netloc(parts: SplitResult) -> str:
    """host:port as allowed_domains names a host with a port (no userinfo, lower-case host)."""
    return f"{parts.hostname}:{parts.port}" if parts.port else (parts.hostname or "")
