"""The one pass over the input: rows checked, cast to float64 and packed into blocks (and, with
the executor cache, written to a memory-mapped Arrow file on the executor's host); each
partition's report (rows, bad values, the start's sample)."""

from __future__ import annotations

import json
import os

import numpy as np
import pyarrow as pa

from .. import _core
from ._features import _feature_rows, _invalid, _n_counts, _rows_problem

# Rows are cached as blocks of about this many bytes of row-major float64 (one binary value per
# block), so that each EM pass moves a few large buffers from the JVM to Python, not rows.
_BLOCK_BYTES = 1 << 20
_PACKED_SCHEMA = "kind int, part int, seq int, n long, bad array<long>, x binary, h binary, w string"
_PACKED_NAMES = ["kind", "part", "seq", "n", "bad", "x", "h", "w"]
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z):
    """splitmix64's finaliser, elementwise on uint64 (wrapping)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def _row_hash(X, seed):
    """A seeded 64-bit hash of each row's float64 bits: the sample for the start is the rows of
    smallest hash, whatever the partitioning."""
    bits = np.ascontiguousarray(X).view(np.uint64)
    h = np.full(X.shape[0], _mix(np.array([seed & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64))[0])
    for i in range(X.shape[1]):
        h = _mix(h ^ bits[:, i])
    return h


def _cache_dir(fit_id):
    """Where this host keeps a fit's executor cache: $EMVIZ_SPARK_CACHE_DIR, else /dev/shm (memory)
    when writable, else the temporary folder."""
    import tempfile

    base = os.environ.get("EMVIZ_SPARK_CACHE_DIR")
    if not base:
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else (
            tempfile.gettempdir())
    return os.path.join(base, f"emviz-spark-{fit_id}")


def _cache_file(fit_id, part):
    """This host's executor-cache file of a fit's packed partition."""
    return os.path.join(_cache_dir(fit_id), f"part-{part}.arrow")


def _x_schema():
    return pa.schema([pa.field("x", pa.binary())])


def _pack_function(d, seed, sample_size, fit_id=None, *, vector=False):
    """The function of the one pass over the input (``mapInArrow``; the feature columns as
    ``_feature_plan`` selects them: one array column when ``vector``, else d numeric columns): each
    partition's valid rows (``_feature_rows``: the one check) as blocks of row-major float64
    (kind 0, numbered by ``seq`` from 0), then one report (kind 1): its number of blocks (``seq``),
    valid rows, the counts of ``_feature_rows`` (``bad``) and where its first invalid rows are
    (``w``, JSON), and its ``sample_size`` valid rows of smallest seeded hash."""
    block_rows = max(256, _BLOCK_BYTES // (8 * d))

    def pack(batches):
        from pyspark import TaskContext

        _freeze_worker_heap()
        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        # The executor cache: this partition's blocks also in an Arrow IPC file on this host,
        # memory-mapped by later passes (written under a temporary name, renamed when complete).
        writer = path = tmp = None
        if fit_id is not None:
            try:
                folder = _cache_dir(fit_id)
                os.makedirs(folder, exist_ok=True)
                path = _cache_file(fit_id, part)
                tmp = f"{path}.{os.getpid()}.tmp"
                writer = pa.ipc.new_file(tmp, _x_schema())
            except OSError:
                writer = None

        def spill(X):
            nonlocal writer
            if writer is not None:
                try:
                    writer.write_batch(pa.RecordBatch.from_arrays([pa.array([X.tobytes()], pa.binary())],
                                                                  schema=_x_schema()))
                except OSError:
                    writer = None
        n = seen = 0
        bad = np.zeros(_n_counts(d), dtype=np.int64)
        first = {}
        pending, pending_rows = [], 0
        cand_x, cand_h = np.empty((0, d)), np.empty(0, dtype=np.uint64)
        seq = 0  # the next block's number in this partition

        def block(X):
            nonlocal seq
            seq += 1
            return pa.RecordBatch.from_arrays(
                [pa.array([0], pa.int32()), pa.array([part], pa.int32()),
                 pa.array([seq - 1], pa.int32()), pa.array([X.shape[0]], pa.int64()),
                 pa.array([None], pa.list_(pa.int64())), pa.array([X.tobytes()], pa.binary()),
                 pa.array([None], pa.binary()), pa.array([None], pa.string())],
                names=_PACKED_NAMES,
            )

        for b in batches:
            if not b.num_rows:
                continue
            X, _, counts, found = _feature_rows(
                b.columns, d, vector, lambda i, at=seen: f"row {at + i} of partition {part}")
            seen += b.num_rows
            n += X.shape[0]
            bad += counts
            for kind, text in found.items():
                first.setdefault(kind, text)
            if not X.shape[0]:
                continue
            h = _row_hash(X, seed)
            cand_x = np.concatenate([cand_x, X])
            cand_h = np.concatenate([cand_h, h])
            if len(cand_h) > sample_size:
                keep = np.argpartition(cand_h, sample_size - 1)[:sample_size]
                cand_x, cand_h = cand_x[keep], cand_h[keep]
            pending.append(X)
            pending_rows += X.shape[0]
            if pending_rows >= block_rows:
                rows = np.concatenate(pending)
                full = (len(rows) // block_rows) * block_rows
                for s in range(0, full, block_rows):
                    spill(rows[s:s + block_rows])
                    yield block(rows[s:s + block_rows])
                pending, pending_rows = [rows[full:]], len(rows) - full
        if pending_rows:
            spill(np.concatenate(pending))
            yield block(np.concatenate(pending))
        if writer is not None:
            try:
                writer.close()
                os.replace(tmp, path)
            except OSError:
                pass
        yield pa.RecordBatch.from_arrays(
            [pa.array([1], pa.int32()), pa.array([part], pa.int32()), pa.array([seq], pa.int32()),
             pa.array([n], pa.int64()),
             pa.array([bad.tolist()], pa.list_(pa.int64())),
             pa.array([np.ascontiguousarray(cand_x).tobytes()], pa.binary()),
             pa.array([cand_h.tobytes()], pa.binary()), pa.array([json.dumps(first)], pa.string())],
            names=_PACKED_NAMES,
        )

    return pack


def _block_rows(column, d):
    """A binary Arrow column of row-major float64 blocks as one (n, d) array, without a copy
    (the blocks lie end to end in the column's data buffer)."""
    if len(column) == 0:
        return np.empty((0, d))
    _, offsets, data = column.buffers()[:3]
    width = np.int64 if pa.types.is_large_binary(column.type) else np.int32
    off = np.frombuffer(offsets, dtype=width)[column.offset:column.offset + len(column) + 1]
    raw = np.frombuffer(data, dtype=np.uint8)[off[0]:off[-1]]
    if raw.ctypes.data % 8:  # never seen (Arrow aligns buffers); then one copy
        raw = raw.copy()
    return raw.view(np.float64).reshape(-1, d)


def _cached_blocks(fit_id, part, d):
    """Packed partition ``part``'s blocks from this host's executor-cache file, in order, as
    (n, d) arrays (views of the memory map); None when the file is not on this host."""
    try:
        reader = pa.ipc.open_file(pa.memory_map(_cache_file(fit_id, part)))
    except (OSError, pa.ArrowInvalid):
        return None
    return [_block_rows(reader.get_batch(i).column(0), d) for i in range(reader.num_record_batches)]


def _partition_stats(model, empty_bytes, blocks):
    """One packed partition's E-step statistics: its blocks' sums in order (the Rust kernel on
    the arrays in place), added to the stats ``empty_bytes`` when given."""
    s = _core.Stats.from_bytes(empty_bytes) if empty_bytes is not None else _core.Stats(model)
    for X in blocks:
        s.accumulate(model, X)
    return s


def _merged_stats(model, empty, by_part):
    """The stats of every packed partition ({part: bytes}) merged in partition order, onto
    ``empty`` when given: a pass's result on the driver."""
    total = empty if empty is not None else _core.Stats(model)
    for part in sorted(by_part):
        total.merge(_core.Stats.from_bytes(by_part[part]))
    return total


_heap_frozen = False


def _freeze_worker_heap():
    """Once per Python worker process: moves the objects alive now (the imported modules: pyspark,
    pyarrow, numpy, emviz, ...; ~10^5 objects) into the garbage collector's permanent generation.
    A reused PySpark worker runs a full ``gc.collect()`` after every task, which otherwise scans
    them all each time (tens of ms per task, the largest part of a pass's fixed cost at 10^6 rows).
    Objects are still freed by reference counting; only cycles among the frozen ones are kept."""
    global _heap_frozen
    if not _heap_frozen:
        import gc

        _heap_frozen = True
        gc.collect()
        gc.freeze()


def _check_reports(reports, plan, skip):
    """The numbers of valid and of invalid rows, after failing (unless ``skip``) on the first
    problem the partitions' reports show (``_rows_problem``: it names the column, and where)."""
    d = plan.d
    bad = np.zeros(_n_counts(d), dtype=np.int64)
    first = {}
    # (in partition order, so that "the first" is the first in the DataFrame's order)
    order = np.argsort(reports.column("part").to_numpy(zero_copy_only=False), kind="stable")
    counts_col, where_col = reports.column("bad").to_pylist(), reports.column("w").to_pylist()
    for i in order:
        bad += np.asarray(counts_col[i], dtype=np.int64)
        for kind, text in json.loads(where_col[i] or "{}").items():
            first.setdefault(kind, text)
    if not skip:
        problem = _rows_problem(bad, first, plan.names, plan.column, d, plan.dim_from)
        if problem is not None:
            raise _invalid("data", problem)
    return int(sum(reports.column("n").to_pylist())), int(bad[-1])
