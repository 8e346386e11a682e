"""Worker processes for the CPU-bound part of a refresh (parsing and cleaning feeds), each job with a time
limit.

feedparser has a known ReDoS (issue #562), and a hostile feed can make any parser slow: a worker that
overruns is killed and replaced, and only its own feed fails. Workers come from a fork server, so they
share nothing with the fetching threads, and they run beside the event loop, which keeps fetching.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

R = TypeVar("R")


class JobFailed(Exception):
    """The job overran its time limit, or raised; the message says which, in plain words."""


class WorkerPool:
    def __init__(self, timeout: float, workers: int | None = None, preload: tuple[str, ...] = ()) -> None:
        """`preload`: modules each worker imports before its first job, so no job's time limit pays for them."""
        self.timeout = timeout
        self.preload = preload
        self.context = multiprocessing.get_context("forkserver")
        self.count = workers or max(1, min(4, multiprocessing.cpu_count()))
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.started = 0

    async def __aenter__(self) -> WorkerPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        while not self.idle.empty():
            self.idle.get_nowait().stop()

    async def run(self, job: Callable[..., R], *args: Any) -> R:
        """`job(*args)` in a worker; `job` is a module-level function, its arguments and result picklable."""
        worker = await self._worker()
        try:
            return await asyncio.to_thread(worker.run, (job, args), self.timeout)
        except _Overrun:
            worker.kill()
            worker = await asyncio.to_thread(_Worker, self.context, self.preload)
            raise JobFailed(f"reading the feed took longer than {self.timeout:g} s and was stopped") from None
        finally:
            self.idle.put_nowait(worker)

    async def _worker(self) -> _Worker:
        """An idle worker. Workers start only when a job needs one: a refresh of unchanged feeds starts none."""
        if self.idle.empty() and self.started < self.count:
            self.started += 1
            return await asyncio.to_thread(_Worker, self.context, self.preload)
        return await self.idle.get()


class _Overrun(Exception):
    pass


class _Failure:
    def __init__(self, message: str) -> None:
        self.message = message


class _Worker:
    def __init__(self, context: Any, preload: tuple[str, ...]) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, preload), daemon=True)
        self.process.start()
        child.close()
        self.connection.recv()  # ready: the preloaded modules are imported

    def run(self, job: tuple[Callable[..., Any], tuple[Any, ...]], timeout: float) -> Any:
        self.connection.send(job)
        if not self.connection.poll(timeout):
            raise _Overrun
        answer = self.connection.recv()
        if isinstance(answer, _Failure):
            raise JobFailed(answer.message)
        return answer

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()

    def stop(self) -> None:
        self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()


def _serve(connection: Connection, preload: tuple[str, ...]) -> None:
    for module in preload:
        importlib.import_module(module)
    connection.send("ready")
    while (job := connection.recv()) is not None:
        function, args = job
        try:
            connection.send(function(*args))
        except Exception as error:  # a bug in reading one feed must fail that feed, not the refresh
            connection.send(_Failure(f"the feed could not be read ({type(error).__name__}: {error})"))
