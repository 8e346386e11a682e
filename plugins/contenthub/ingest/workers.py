"""Worker processes for the CPU-bound part of a refresh (parsing and cleaning feeds), each job with a time
limit.

feedparser has a known ReDoS (issue #562), and a hostile feed can make any parser slow: a worker that
overruns is killed and replaced, and only its own feed fails. Workers come from a fork server, so they
share nothing with the fetching threads, and they run beside the event loop, which keeps fetching.

The fork server imports the `preload` modules once, before it forks any worker: each worker then
starts in a few milliseconds with them already imported, instead of spending 0.1 to 0.2 s of CPU
importing feedparser and the cleaning code, on a machine whose cores the parsing needs.

Each worker has a thread of its own in this process that keeps two jobs in it: when the worker finishes
a feed, the next one is already in its pipe. Handed over one at a time, through the event loop, each feed
waited about 4 ms for the busy main process (classifying, writing caches): a fifth of the workers' time
went idle in the bench's first refresh (2026-12).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import multiprocessing
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

R = TypeVar("R")

IN_FLIGHT = 2
"""Jobs in a worker at once: the one it works on, and the next."""


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
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.drivers: list[threading.Thread] = []

    async def __aenter__(self) -> WorkerPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for _ in self.drivers:
            self.jobs.put(None)
        await asyncio.get_running_loop().run_in_executor(None, _join, list(self.drivers))

    async def run(self, job: Callable[..., R], *args: Any) -> R:
        """`job(*args)` in a worker; `job` is a module-level function, its arguments and result picklable."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[R] = loop.create_future()
        # Workers start only when a job needs one: a refresh of unchanged feeds starts none.
        if len(self.drivers) < self.count:
            driver = threading.Thread(target=self._drive, name=f"contenthub-worker-{len(self.drivers)}", daemon=True)
            driver.start()
            self.drivers.append(driver)
        self.jobs.put(_Job((job, args), answer, loop))
        return await answer

    def _drive(self) -> None:
        """One worker's life, in a thread: start it, keep it fed, collect its answers, replace it when it
        overruns or dies, and stop it once the pool is done."""
        worker: _Worker | None = None
        inside: deque[_Job] = deque()  # sent to the worker, oldest first
        since = 0.0  # when the oldest job inside began: when the one before it was answered
        stopping = False
        try:
            while inside or not stopping:
                while not stopping and len(inside) < IN_FLIGHT:
                    try:
                        job = self.jobs.get(block=not inside)
                    except queue.Empty:
                        break
                    if job is None:
                        stopping = True
                        break
                    if job.answer.done():  # its caller was cancelled (the refresh was stopped): skip it
                        continue
                    try:
                        worker = worker or _Worker(self.context, self.preload)
                    except (_Died, OSError):
                        job.settle(error=JobFailed("the feed could not be read: the process to read it did not start"))
                        continue
                    try:
                        worker.send(job.call)
                    except _Died:  # gone: what it held goes to the next worker, after its answers are read
                        self.jobs.put(job)
                        if not inside:
                            _stopped(worker, kill=True)
                            worker = None
                        break
                    except Exception as error:  # the job cannot be sent (pickled): contenthub's bug
                        job.settle(error=_bug(error))
                        continue
                    if not inside:
                        since = time.monotonic()
                    inside.append(job)
                if not inside or worker is None:
                    continue
                try:
                    answer = worker.receive(since + self.timeout - time.monotonic())
                except Exception as failure:
                    _stopped(worker, kill=True)
                    worker = None
                    problem = failure.job_failed(self.timeout) if isinstance(failure, _Trouble) else _bug(failure)
                    inside.popleft().settle(error=problem)
                    for waiting in inside:  # they went with the worker: another one reads them
                        self.jobs.put(waiting)
                    inside.clear()
                    continue
                since = time.monotonic()
                inside.popleft().settle(answer)
        finally:
            _stopped(worker)
            for job in inside:
                job.settle(error=JobFailed("the feed could not be read: the refresh stopped first"))


@dataclass
class _Job:
    call: tuple[Callable[..., Any], tuple[Any, ...]]
    answer: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop

    def settle(self, value: Any = None, error: BaseException | None = None) -> None:
        """Hand the answer to the event loop (from a driver's thread)."""

        def settle() -> None:
            if self.answer.done():  # the caller was cancelled
                return
            if error is not None:
                self.answer.set_exception(error)
            elif isinstance(value, _Failure):
                self.answer.set_exception(JobFailed(value.message))
            else:
                self.answer.set_result(value)

        with contextlib.suppress(RuntimeError):  # the loop is closed: no one waits any more
            self.loop.call_soon_threadsafe(settle)


class _Trouble(Exception):
    """With the worker, not with the job: the worker is replaced."""

    def job_failed(self, timeout: float) -> JobFailed:
        raise NotImplementedError


class _Overrun(_Trouble):
    def job_failed(self, timeout: float) -> JobFailed:
        return JobFailed(f"reading the feed took longer than {timeout:g} s and was stopped")


class _Died(_Trouble):
    """The worker went away mid-job (killed for its memory, say)."""

    def job_failed(self, timeout: float) -> JobFailed:
        return JobFailed("the feed could not be read: the process reading it stopped unexpectedly")


def _bug(error: Exception) -> JobFailed:
    """Not the feed's fault but contenthub's: the error's name and words are for the bug report."""
    problem = f"{type(error).__name__}: {error}"
    return JobFailed(f"the feed could not be read: contenthub failed on it ({problem}), a bug to report")


def _stopped(worker: _Worker | None, *, kill: bool = False) -> None:
    if worker is not None and kill:
        worker.kill()
    elif worker is not None:
        worker.stop()


def _join(threads: list[threading.Thread]) -> None:
    """Each driver stops its worker (at most 5 s); one stuck past that is left behind, a daemon."""
    deadline = time.monotonic() + 10
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0))


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
        try:
            self.connection.recv()  # ready: the preloaded modules are imported
        except (EOFError, OSError):
            self.kill()
            raise _Died from None

    def send(self, job: tuple[Callable[..., Any], tuple[Any, ...]]) -> None:
        try:
            self.connection.send(job)
        except OSError:
            raise _Died from None

    def receive(self, timeout: float) -> Any:
        try:
            if not self.connection.poll(max(timeout, 0)):
                raise _Overrun
            return self.connection.recv()
        except (EOFError, OSError):
            raise _Died from None

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        self.connection.close()


def _serve(connection: Connection, preload: tuple[str, ...]) -> None:
    for module in preload:
        importlib.import_module(module)
    # Jobs are read as they arrive, in a thread: the parent, sending the next one (a feed may be 15 MiB,
    # more than a pipe holds), never waits for this one to be read, nor this one's answer for that send.
    jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def read() -> None:
        try:
            while (job := connection.recv()) is not None:
                jobs.put(job)
        except (EOFError, OSError):
            pass
        jobs.put(None)

    threading.Thread(target=read, daemon=True).start()
    connection.send("ready")
    while (job := jobs.get()) is not None:
        function, args = job
        try:
            connection.send(function(*args))
        except Exception as error:  # a bug in reading one feed must fail that feed, not the refresh
            connection.send(_Failure(str(_bug(error))))
