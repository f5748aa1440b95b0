"""EM passes as one Spark job per iteration (``iterationMode="jobs"``, and ``"connect"``: the same
passes on a Spark Connect session, which has no SparkContext, so no job properties: each pass's
query carries its model)."""

from __future__ import annotations

import os

import pyarrow as pa
from pyspark.sql import functions as F

from ._blocks import (
    _blocks_of,
    _cache_dir,
    _cache_file,
    _cached_blocks,
    _freeze_worker_heap,
    _merged_stats,
    _partition_stats,
)

# The model (and, rarely, the stats to add to) of an EM pass reach the tasks as a local property of
# the job, so that a fit plans its pass query once and runs it once per iteration. Models larger
# than this go in the pass function's closure instead (a query planned per pass).
_PASS_PROPERTY = "emviz.spark.pass"
_PROPERTY_MAX_BYTES = 1 << 16


def _pass_payload(model, empty_bytes):
    """The model and the stats to start from (or None) as the text of a job's local property."""
    import base64
    import pickle

    return base64.b64encode(pickle.dumps((model, empty_bytes), protocol=4)).decode("ascii")


def _pass_function(d, fit_id=None, payload=None, weighted=False):
    """The function each partition runs in ``mapInArrow`` for one EM pass: the E-step statistics
    of its blocks, computed by the Rust kernel on the Arrow buffers in place — the blocks streamed
    from Spark's cache, or (``fit_id``: the partition's report row comes in instead) the
    memory-mapped Arrow file of the executor cache; without that file the stats are null (the
    driver then streams that partition). The model comes in ``payload`` (``_pass_payload``) or,
    when that is None, in the job's local property ``_PASS_PROPERTY``."""

    def partition_stats(batches):
        import base64
        import pickle

        from pyspark import TaskContext

        _freeze_worker_heap()
        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        text = payload if payload is not None else ctx.getLocalProperty(_PASS_PROPERTY)
        model, empty_bytes = pickle.loads(base64.b64decode(text))
        if fit_id is None:
            blocks = (blk for b in batches if b.num_rows for blk in _blocks_of(b.column(0), d, weighted))
        else:
            # The input (the partition's report row) is read after the kernel's work, which so
            # overlaps with the JVM preparing it (~20 ms less per pass).
            blocks = _cached_blocks(fit_id, part, d, weighted)
        stats = None if blocks is None else _partition_stats(model, empty_bytes, blocks).to_bytes()
        if fit_id is not None:
            for _ in batches:
                pass
        # (null stats: no cache file here; the driver then streams that partition)
        yield pa.RecordBatch.from_arrays(
            [pa.array([part], pa.int32()), pa.array([stats], pa.binary())],
            names=["part", "stats"],
        )

    return partition_stats


_STATS_SCHEMA = "part int, stats binary"


class _Passes:
    """A fit's EM passes over the cached rows. The pass queries are planned once (their function
    reads the model from the job's local property ``_PASS_PROPERTY``), so that an iteration is one
    Spark job and no query analysis or planning through Py4J; only a model too large for a
    property (over ``_PROPERTY_MAX_BYTES``), or any model without pinned threads or on a Spark
    Connect session (``connect``: no SparkContext), is captured in a query planned for its pass.
    ``weighted``: the blocks carry their rows' weights."""

    def __init__(self, packed, d, fit_id=None, *, weighted=False, connect=False):
        self._packed, self._d, self._fit_id, self._weighted = packed, d, fit_id, weighted
        self._queries = {}
        self._sc, self._pinned = None, False
        if not connect:
            self._sc = packed.sparkSession.sparkContext
            # A local property set from Python reaches the job only when Python threads are
            # pinned to JVM threads (PYSPARK_PIN_THREAD, the default); otherwise the model goes
            # inline.
            from py4j.clientserver import ClientServer

            self._pinned = isinstance(self._sc._gateway, ClientServer)

    def _query(self, key, payload=None):
        """The pass query: over the reports (``cached``: the executor cache) or the blocks."""
        if payload is None and key in self._queries:
            return self._queries[key]
        packed = self._packed
        if key == "cached":
            rows = packed.where(F.col("kind") == 1).select("part")
            fn = _pass_function(self._d, self._fit_id, payload, self._weighted)
        else:
            rows = packed.where(F.col("kind") == 0)
            if key != "streamed":  # the partitions whose cache file was not found
                rows = rows.where(F.col("part").isin(list(key)))
            rows = rows.select("x")
            fn = _pass_function(self._d, None, payload, self._weighted)
        query = rows.mapInArrow(fn, _STATS_SCHEMA)
        if payload is None and key in ("cached", "streamed"):
            self._queries[key] = query
        return query

    def run(self, model, empty=None):
        """One E-step over the cached rows: each partition's Stats, merged in partition order.
        With the executor cache, partitions read their memory-mapped files; those whose file is
        not on the host their task ran on are streamed from Spark's cache instead."""
        payload = _pass_payload(model, None if empty is None else empty.to_bytes())
        inline = payload if len(payload) > _PROPERTY_MAX_BYTES or not self._pinned else None
        self._property(None if inline else payload)
        try:
            stats = {}
            missing = None
            if self._fit_id is not None:
                got = self._query("cached", inline).toArrow()
                parts = got.column("part").to_pylist()
                for part, blob in zip(parts, got.column("stats").to_pylist()):
                    if blob is not None:
                        stats[part] = blob
                missing = sorted(set(parts) - set(stats))
            if missing is None or missing:
                key = tuple(missing) if missing else "streamed"
                got = self._query(key, inline).toArrow()
                parts = got.column("part").to_pylist()
                # (a partition filtered empty still answers, with empty stats: keep the missing)
                for part, blob in zip(parts, got.column("stats").to_pylist()):
                    if missing is None or part in missing:
                        stats[part] = blob
        finally:
            self._property(None)
        return _merged_stats(model, empty, stats)

    def _property(self, payload):
        if self._sc is not None:
            self._sc.setLocalProperty(_PASS_PROPERTY, payload)


def _drop_executor_cache(packed, fit_id):
    """Deletes the executor cache's files (a job over the partitions, then this host's folder)."""
    import shutil

    def drop(batches):
        from pyspark import TaskContext

        for _ in batches:
            pass
        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        folder = _cache_dir(fit_id)
        try:
            os.remove(_cache_file(fit_id, part))
            os.rmdir(folder)
        except OSError:
            pass
        yield pa.RecordBatch.from_arrays([pa.array([part], pa.int32())], names=["part"])

    try:
        packed.where(F.col("kind") == 1).select("part").mapInArrow(drop, "part int").collect()
    finally:
        shutil.rmtree(_cache_dir(fit_id), ignore_errors=True)
