"""Retries that back off: a portal answering 500 or timing out gets time to recover before each retry."""
from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware whose n-th retry waits RETRY_BACKOFF_BASE * 2**(n-1) s (capped at RETRY_BACKOFF_MAX)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 0.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result)
        return result

    def delay(self, retry_times: int) -> float:
        return min(self.backoff_base * 2 ** max(retry_times - 1, 0), self.backoff_max)

    async def _wait(self, retry: Request) -> None:
        seconds = self.delay(retry.meta.get("retry_times", 1))
        if seconds > 0:
            from twisted.internet import reactor  # the one Scrapy installed

            await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))
