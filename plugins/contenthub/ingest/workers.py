"""Worker processes for the CPU-bound part of a refresh (parsing and cleaning feeds), each job with a time
limit.

feedparser has a known ReDoS (issue #562), and a hostile feed can make any parser slow: a worker that
overruns is killed and replaced, and only its own feed fails. Workers come from a fork server, so they
share nothing with the fetching threads, and they run beside the event loop, which keeps fetching.

The fork server imports the `preload` modules once, before it forks any worker: each worker then
starts in a few milliseconds with them already imported, instead of spending 0.1 to 0.2 s of CPU
importing feedparser and the cleaning code, on a machine whose cores the parsing needs.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
        # Only takes effect if the fork server is not running yet; each worker imports them anyway.
        self.context.set_forkserver_preload(["__main__", *preload])
        self.count = workers or min(4, _cpus())
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.started = 0
        # A thread for each worker to wait on it: the shared default executor may be busy with file writes.
        self.threads = ThreadPoolExecutor(self.count, thread_name_prefix="contenthub-worker")

    async def __aenter__(self) -> WorkerPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        while not self.idle.empty():
            self.idle.get_nowait().stop()
        self.threads.shutdown(wait=False)

    async def run(self, job: Callable[..., R], *args: Any) -> R:
        """`job(*args)` in a worker; `job` is a module-level function, its arguments and result picklable."""
        worker = await self._worker()
        try:
            return await self._in_thread(worker.run, (job, args), self.timeout)
        except (_Overrun, _Died) as failure:
            worker.kill()
            worker = await self._in_thread(_Worker, self.context, self.preload)
            if isinstance(failure, _Died):
                raise JobFailed("the feed could not be read: the process reading it stopped unexpectedly") from None
            raise JobFailed(f"reading the feed took longer than {self.timeout:g} s and was stopped") from None
        finally:
            self.idle.put_nowait(worker)

    async def _worker(self) -> _Worker:
        """An idle worker. Workers start only when a job needs one: a refresh of unchanged feeds starts none."""
        if self.idle.empty() and self.started < self.count:
            self.started += 1
            return await self._in_thread(_Worker, self.context, self.preload)
        return await self.idle.get()

    async def _in_thread(self, function: Callable[..., R], *args: Any) -> R:
        return await asyncio.get_running_loop().run_in_executor(self.threads, function, *args)


class _Overrun(Exception):
    pass


class _Died(Exception):
    """The worker went away mid-job (killed for its memory, say)."""


def _cpus() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


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
        try:
            self.connection.send(job)
            if not self.connection.poll(timeout):
                raise _Overrun
            answer = self.connection.recv()
        except (EOFError, OSError):
            raise _Died from None
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
            # Not the feed's fault but contenthub's: the error's name and words are for the bug report.
            problem = f"{type(error).__name__}: {error}"
            connection.send(
                _Failure(f"the feed could not be read: contenthub failed on it ({problem}), a bug to report")
            )
