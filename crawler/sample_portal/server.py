"""The sample portal network on 127.0.0.1: one small HTTP server per site, each on its own port.

Separate ports make each site its own host:port for Scrapy — its own robots.txt, download slot and
allowed domain — as separate government portals are. `port=0` lets the OS pick free ports (tests);
`port=N` serves the sites on N, N+1, … in the order of sites.SPECS (what settings/portals.yaml expects).

    with SamplePortal(port=0) as portal:
        print(portal.portals_yaml())     # portal-file entries for these ports
        portal.manifest()                # the reports served, with their truth
        portal.requests                  # (site, method, path, status) of every request answered
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import yaml

from crawler.sample_portal.sites import SPECS, Resource, Site, build_sites, portal_entries

DEFAULT_PORT = 8360
SERVER_NAMES = {"trs": "TRS WCM", "hanweb": "Apache-Coyote/1.1", "plain": "nginx", "sitemap": "nginx"}


def bases_for(port: int, host: str = "127.0.0.1") -> dict[str, str]:
    """Base URLs of the sites when served from `port` on."""
    return {spec.name: f"http://{host}:{port + i}" for i, spec in enumerate(SPECS)}


def manifest_for(port: int = DEFAULT_PORT, seed: int = 2024) -> list[dict[str, Any]]:
    """The manifest of a sample portal served from `port` (by this or another process), without serving."""
    return [truth.to_dict() for site in build_sites(bases_for(port), seed) for truth in site.reports]


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve("GET", b"")

    def do_HEAD(self) -> None:
        self._serve("HEAD", b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._serve("POST", self.rfile.read(length) if length else b"")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Quiet: the network keeps its own request log."""

    def _serve(self, method: str, form: bytes) -> None:
        network, site = self.server.network, self.server.site
        path, _, query = self.path.partition("?")
        if path == "/robots.txt":
            resource = Resource(site.robots.encode(), "text/plain; charset=utf-8")
        else:
            resource = site.answer(method, path, query, form)
        if resource is None:
            resource = Resource(b"<html><head><title>404 Not Found</title></head><body><h1>404</h1>"
                                b"<p>\xe6\x82\xa8\xe8\xae\xbf\xe9\x97\xae\xe7\x9a\x84\xe9\xa1\xb5\xe9\x9d\xa2"
                                b"\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8</p></body></html>", status=404)
        status = resource.status
        if resource.quirk == "flaky" and network.first_request(site.name, path):
            resource = Resource(b"<html><body><h1>500 Internal Server Error</h1></body></html>", status=500)
            status = 500
        if resource.quirk == "slow":
            time.sleep(network.slow_seconds)
        network.log(site.name, method, self.path, status)
        self.send_response(status)
        self.send_header("Server", SERVER_NAMES[site.spec.profile])
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        if resource.location:
            self.send_header("Location", site.url(resource.location))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(resource.body)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], network: SamplePortal) -> None:
        super().__init__(address, _Handler)
        self.network = network
        self.site: Site  # set once every port is bound and the content is built


class SamplePortal:
    """The sample sites, bound to ports at construction, serving once started."""

    def __init__(self, port: int = DEFAULT_PORT, host: str = "127.0.0.1", seed: int = 2024,
                 slow_seconds: float = 2.0) -> None:
        self.host, self.seed, self.slow_seconds = host, seed, slow_seconds
        self.requests: list[tuple[str, str, str, int]] = []
        self._lock = threading.Lock()
        self._seen: set[tuple[str, str]] = set()
        self._servers = [_SiteServer((host, port + i if port else 0), self) for i in range(len(SPECS))]
        self.bases = {spec.name: f"http://{host}:{srv.server_address[1]}" for spec, srv in zip(SPECS, self._servers,
                                                                                               strict=True)}
        self.sites = build_sites(self.bases, seed)
        for server, site in zip(self._servers, self.sites, strict=True):
            server.site = site
        self._threads: list[threading.Thread] = []

    # -- life cycle --------------------------------------------------------------------------------

    def start(self) -> SamplePortal:
        for server in self._servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"sample-{server.site.name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers:
            if self._threads:
                server.shutdown()
            server.server_close()
        self._threads.clear()

    def __enter__(self) -> SamplePortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request log -------------------------------------------------------------------------------

    def log(self, site: str, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((site, method, path, status))

    def first_request(self, site: str, path: str) -> bool:
        """True the first time a path is asked for (the flaky page fails exactly then)."""
        with self._lock:
            if (site, path) in self._seen:
                return False
            self._seen.add((site, path))
            return True

    # -- truth -------------------------------------------------------------------------------------

    def manifest(self) -> list[dict[str, Any]]:
        """Every report the sites link, with portal, URL, publisher, year, format, status and reposts."""
        return [truth.to_dict() for site in self.sites for truth in site.reports]

    def notices(self) -> list[str]:
        """URLs of pages that are about reports (notices, templates, work plans) but are not reports."""
        return [url for site in self.sites for url in site.notices]

    def portal_entries(self) -> list[dict[str, Any]]:
        return portal_entries(self.bases)

    def portals_yaml(self) -> str:
        return yaml.safe_dump({"portals": self.portal_entries()}, allow_unicode=True, sort_keys=False)
