"""EM iterations in long-lived tasks (``iterationMode="tasks"``): one Spark job per fit.

A Spark job costs a Python fit ~50-100 ms whatever its size (scheduling, task start, the JVM ↔
Python worker protocol), which at 10⁶ rows is most of an iteration. So, as XGBoost and LightGBM
do on Spark, a fit can instead start one *barrier* job (``mapInArrow(..., barrier=True)``: all its
tasks run at once, or none) whose tasks load their rows once and then serve the driver:

1. each task gets its rows once: with the executor cache (when there are no more packed partitions
   than task slots), task p memory-maps packed partition p's Arrow file on its host — no data
   move; otherwise (or when a file is not on that host) the cached blocks are shuffled once into
   ``S ≤ task slots`` partitions (packed partition p goes to task p mod S; the blocks keep their
   partition and number);
2. each task connects back to the driver (a TCP socket, authenticated by a per-fit secret),
   says which rows it holds, and then, per iteration, receives the model, computes one ``Stats``
   per packed partition (its blocks in order: the same sums as a ``jobs`` pass) and sends them;
3. the driver merges them in partition order and makes the M-step — the loop of the estimator,
   unchanged — and at the end tells the tasks to stop, which ends the job.

Only the model goes out and the statistics come back (a few kB per iteration). Any trouble (a
task lost, a refused connection, Spark refusing the barrier stage) ends the job and raises
``LoopFailed``: the estimator then fits with one job per iteration instead (``auto``).
"""

from __future__ import annotations

import hmac
import pickle
import secrets
import socket
import struct

import pyarrow as pa
from pyspark.sql import functions as F

from ._blocks import (
    _blocks_of,
    _cached_blocks,
    _freeze_worker_heap,
    _merged_stats,
    _partition_stats,
)

_HEADER = struct.Struct(">Q")
_HELLO = struct.Struct(">iq")  # task partition, rows held
_PASS, _STOP = b"P", b"S"
_LOOP_SCHEMA = "task int, rows long"


class LoopFailed(RuntimeError):
    """The task loop could not start or broke off; the message says why."""


def _send(sock, data):
    sock.sendall(_HEADER.pack(len(data)) + data)


def _recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _recv(sock, limit=None):
    """One frame, or None when the other end closed the connection (or announced a frame over
    ``limit`` bytes)."""
    head = _recv_exact(sock, _HEADER.size)
    if head is None or (limit is not None and _HEADER.unpack(head)[0] > limit):
        return None
    return _recv_exact(sock, _HEADER.unpack(head)[0])


# ------------------------------------------------------------------------------------ planning


def task_slots(sc):
    """How many tasks the cluster runs at once (None when Spark does not say)."""
    try:
        jsc = sc._jsc.sc()
        return int(jsc.maxNumConcurrentTasks(jsc.resourceProfileManager().defaultResourceProfile()))
    except Exception:  # an API Spark keeps internal: never fatal
        return None


def _in_process(sc):
    """Whether the executors run inside the driver's process (``local``, ``local[n]``, ...; not
    ``local-cluster``)."""
    return sc.master == "local" or sc.master.startswith("local[")


def why_not(sc, slots):
    """Why this session, with ``slots`` task slots (``task_slots``), cannot run the task loop
    (None when it can)."""
    conf = sc.getConf()
    if not _in_process(sc) and conf.get("spark.dynamicAllocation.enabled") == "true":
        return "Spark's barrier jobs do not run with dynamic allocation (spark.dynamicAllocation)"
    if slots is None or slots < 1:
        return "the number of task slots is unknown"
    return None


def _slot_keys(spark, slots):
    """For each task s < slots, an integer whose hash partitioning (``repartition(slots, col)``)
    sends a row to partition s: so that the packed partitions are dealt out evenly."""
    rows = (
        spark.range(0, 64 * slots)
        .select("id", F.expr(f"pmod(hash(id), {slots})").alias("b"))
        .collect()
    )
    keys = {}
    for r in rows:
        keys.setdefault(r["b"], r["id"])
    if len(keys) < slots:
        raise LoopFailed("could not place the blocks on the tasks")
    return [keys[s] for s in range(slots)]


# ---------------------------------------------------------------------------------- the tasks


def _task_function(d, address, secret, fit_id=None, weighted=False):
    """What each barrier task runs (``_serve``; imported there, so that only these few values
    travel in the pickled function)."""

    def serve(batches):
        from emviz.spark._tasks import _serve

        yield from _serve(batches, d, address, secret, fit_id, weighted)

    return serve


def _streamed_blocks(batches, d, weighted):
    """{packed partition: its blocks in order, as ``(X, w)`` pairs} from batches of part/seq/x
    rows (the arrays are views of the batches' buffers)."""
    numbered = {}
    for b in batches:
        parts, seqs, xs = b.column("part"), b.column("seq"), b.column("x")
        for i in range(b.num_rows):
            block = (seqs[i].as_py(), _blocks_of(xs.slice(i, 1), d, weighted)[0])
            numbered.setdefault(parts[i].as_py(), []).append(block)
    return {p: [X for _, X in sorted(blocks, key=lambda sx: sx[0])]
            for p, blocks in numbered.items()}


def _mapped_blocks(batches, d, fit_id, weighted):
    """The same from this host's executor-cache files of the packed partitions named by the
    batches' ``part`` column; None when one of them is not here."""
    blocks = {}
    for p in (p for b in batches for p in b.column("part").to_pylist()):
        blocks[p] = _cached_blocks(fit_id, p, d, weighted)
        if blocks[p] is None:
            return None
    return blocks


def _serve(batches, d, address, secret, fit_id, weighted):
    """A task of the loop: load its blocks (by packed partition, in order), connect to the
    driver, then answer each model with one Stats per packed partition until told to stop. A task
    without its cache file says so (rows −1) and ends."""
    from pyspark import TaskContext

    _freeze_worker_heap()
    task = TaskContext.get().partitionId()
    blocks = (_streamed_blocks(batches, d, weighted) if fit_id is None
              else _mapped_blocks(batches, d, fit_id, weighted))
    order = sorted(blocks or {})
    rows = -1 if blocks is None else sum(X.shape[0] for p in order for X, _ in blocks[p])
    with socket.create_connection(address, timeout=120) as sock:
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _send(sock, secret + _HELLO.pack(task, rows) + pickle.dumps(order, protocol=4))
        while blocks is not None:
            msg = _recv(sock)
            if msg is None or msg[:1] == _STOP:  # (None: the driver gave up the loop)
                break
            model, empty = pickle.loads(msg[1:])
            out = [_partition_stats(model, empty, blocks[p]).to_bytes() for p in order]
            _send(sock, pickle.dumps(out, protocol=4))
    yield pa.RecordBatch.from_arrays(
        [pa.array([task], pa.int32()), pa.array([rows], pa.int64())], names=["task", "rows"]
    )


# --------------------------------------------------------------------------------- the driver


class TaskLoop:
    """The driver's side of the task loop; ``run(model, empty)`` is one E-step over all rows
    (as ``_Passes.run``). Use as a context manager: leaving it stops the tasks and the job.
    ``loading`` says how the tasks got their rows: ``"cache files"`` or ``"shuffle"``."""

    def __init__(self, packed, d, n_rows, slots, fit_id=None, *, weighted=False):
        self._packed, self._d, self._n, self._weighted = packed, d, n_rows, weighted
        self._slots, self._fit_id = slots, fit_id
        self._spark = packed.sparkSession
        self._sc = self._spark.sparkContext
        self._secret = secrets.token_bytes(32)
        self._tag = f"emviz-em-loop-{secrets.token_hex(8)}"
        self._conns = []  # (socket, packed partitions), by task
        self._server = self._thread = self._error = None
        self.tasks, self.loading = 0, None

    # -- start and stop
    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self._abort()
            self._close_sockets()
            raise
        return self

    def __exit__(self, kind, value, tb):
        try:
            if kind is None:
                self._stop()
            else:
                self._abort()
        finally:
            self._close_sockets()
        return False

    def _address(self):
        if _in_process(self._sc):
            return "127.0.0.1", "127.0.0.1"
        conf = self._sc.getConf()
        host = conf.get("spark.driver.host") or socket.gethostname()
        return conf.get("spark.driver.bindAddress") or host, host

    def _start(self):
        bind, host = self._address()
        self._server = socket.create_server((bind, 0))
        self._server.settimeout(0.2)
        address = (host, self._server.getsockname()[1])
        parts = self._packed.rdd.getNumPartitions()
        if self._fit_id is not None and parts <= self._slots:
            # Task p maps packed partition p's cache file (its input: that partition's report).
            query = (
                self._packed.where(F.col("kind") == 1).select("part")
                .mapInArrow(_task_function(self._d, address, self._secret, self._fit_id,
                                           weighted=self._weighted), _LOOP_SCHEMA, barrier=True)
            )
            try:
                if self._launch(query, parts):
                    self.loading = "cache files"
                    return
            except LoopFailed:
                pass  # e.g. Spark refuses this barrier stage (a union or coalesce in the input)
            self._abort()
            self._thread = self._error = None
        tasks = max(1, min(parts, self._slots))
        keys = _slot_keys(self._spark, tasks)
        key = F.element_at(F.array(*[F.lit(k) for k in keys]), (F.col("part") % tasks) + 1)
        query = (
            self._packed.where(F.col("kind") == 0)
            .select(key.alias("slot"), "part", "seq", "x")
            .repartition(tasks, "slot")
            .mapInArrow(_task_function(self._d, address, self._secret, weighted=self._weighted),
                        _LOOP_SCHEMA, barrier=True)
        )
        if not self._launch(query, tasks):
            raise LoopFailed("a task found no rows")
        self.loading = "shuffle"

    def _launch(self, query, tasks):
        """Runs ``query`` (the barrier job) in a thread and takes its tasks' connections. False
        when a task lacks its rows (a cache file not on its host)."""
        def job():
            self._sc.addJobTag(self._tag)
            try:
                query.collect()
            except BaseException as e:  # reported by the driver's loop
                self._error = e
            finally:
                self._sc.removeJobTag(self._tag)

        from pyspark import InheritableThread

        self._thread = InheritableThread(target=job, daemon=True)
        self._thread.start()
        by_task, held, lacking = {}, 0, False
        while len(by_task) < tasks:
            self._check_job()
            try:
                conn, _ = self._server.accept()
            except socket.timeout:
                continue
            conn.settimeout(30)  # a task sends its hello at once
            try:
                hello = _recv(conn, limit=1 << 20)
            except OSError:
                hello = None
            n = len(self._secret) + _HELLO.size
            if hello is None or not hmac.compare_digest(hello[: len(self._secret)], self._secret):
                conn.close()  # not one of this fit's tasks
                continue
            conn.settimeout(None)
            task, rows = _HELLO.unpack(hello[len(self._secret):n])
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            by_task[task] = (conn, pickle.loads(hello[n:]))
            lacking |= rows < 0
            held += max(rows, 0)
        self.tasks = tasks
        self._conns = [by_task[t] for t in sorted(by_task)]
        if lacking:
            self._stop()
            return False
        if held != self._n:
            raise LoopFailed(f"the tasks hold {held} rows, not {self._n}")
        return True

    def _check_job(self):
        if self._error is not None:
            raise LoopFailed(_short(self._error)) from self._error
        if self._thread is not None and not self._thread.is_alive():
            raise LoopFailed("the EM loop's Spark job ended early")

    def _stop(self):
        """Tells the tasks to stop and waits for the job to end."""
        for conn, _ in self._conns:
            try:
                _send(conn, _STOP)
            except OSError:
                pass
        self._thread.join()
        self._close_sockets(server=False)
        if self._error is not None:
            raise LoopFailed(_short(self._error)) from self._error

    def _abort(self):
        """Ends the job (cancelled when still running) and closes the connections."""
        if self._thread is not None and self._thread.is_alive():
            self._sc.cancelJobsWithTag(self._tag)
        self._close_sockets(server=False)
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _close_sockets(self, server=True):
        for conn, _ in self._conns:
            conn.close()
        self._conns = []
        if server and self._server is not None:
            self._server.close()
            self._server = None

    # -- one E-step
    def run(self, model, empty=None):
        """One E-step over the tasks' rows: the Stats of each packed partition, merged in
        partition order (onto ``empty`` when given)."""
        msg = _PASS + pickle.dumps((model, None if empty is None else empty.to_bytes()), protocol=4)
        try:
            for conn, _ in self._conns:
                _send(conn, msg)
            stats = {}
            for conn, parts in self._conns:
                reply = self._reply(conn)
                stats.update(zip(parts, pickle.loads(reply)))
        except OSError as e:
            raise LoopFailed(f"a task's connection broke ({e})") from e
        return _merged_stats(model, empty, stats)

    def _reply(self, conn):
        conn.settimeout(1.0)
        try:
            while True:
                try:
                    head = conn.recv(_HEADER.size, socket.MSG_PEEK)
                except socket.timeout:
                    self._check_job()
                    continue
                if not head:
                    self._check_job()
                    raise LoopFailed("a task closed its connection")
                break
        finally:
            conn.settimeout(None)
        reply = _recv(conn)
        if reply is None:
            raise LoopFailed("a task closed its connection")
        return reply


def _short(error):
    """The first line of a (Py4J / Spark) error, for a warning."""
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__
