"""The one pass over the input: rows checked, cast to float64 and packed into blocks (and, with
the executor cache, written to a memory-mapped Arrow file on the executor's host); each
partition's report (rows, bad values, the start's sample).

A block is one binary value: its rows' float64 values, row-major; with a weight column
(``weightCol``) the rows' weights follow them in the same value (``_pack_block``,
``_unpack_block``), so that every way the blocks travel (Spark's cache, the executor cache's
files, the task loop's shuffle) carries the weights unchanged."""

from __future__ import annotations

import json
import math
import os

import numpy as np
import pyarrow as pa

from .. import _core
from ._features import (
    _feature_rows,
    _invalid,
    _n_counts,
    _rows_problem,
    _weight_rows,
    _weights_problem,
)

# Rows are cached as blocks of about this many bytes of row-major float64 (one binary value per
# block), so that each EM pass moves a few large buffers from the JVM to Python, not rows.
_BLOCK_BYTES = 1 << 20
_PACKED_SCHEMA = (
    "kind int, part int, seq int, n long, bad array<long>, x binary, h binary, w string, ws double"
)
_PACKED_NAMES = ["kind", "part", "seq", "n", "bad", "x", "h", "w", "ws"]
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


def _pack_block(X, w):
    """One block's value: the rows ``X`` (m × d float64), then their weights ``w`` (or none)."""
    return X.tobytes() if w is None else X.tobytes() + w.tobytes()


def _unpack_block(raw, d, weighted):
    """``(X, w)`` of one block's value (float64 array ``raw``): views, w None when unweighted."""
    if not weighted:
        return raw.reshape(-1, d), None
    m = raw.shape[0] // (d + 1)
    return raw[: m * d].reshape(m, d), raw[m * d:]


def _x_schema():
    return pa.schema([pa.field("x", pa.binary())])


def _pack_function(d, seed, sample_size, fit_id=None, *, vector=False, weighted=False):
    """The function of the one pass over the input (``mapInArrow``; the feature columns as
    ``_feature_plan`` selects them: one array column when ``vector``, else d numeric columns; then,
    when ``weighted``, the weight column): each partition's valid rows (``_feature_rows``: the one
    check) as blocks of row-major float64 (kind 0, numbered by ``seq`` from 0; with their weights,
    checked by ``_weight_rows``), then one report (kind 1): its number of blocks (``seq``), valid
    rows, the counts of ``_feature_rows`` (``bad``) and where its first invalid rows (and bad
    weights) are (``w``, JSON), its weights' sum (``ws``), and its ``sample_size`` valid rows of
    positive weight of smallest seeded hash (``x``: a block, with their weights)."""
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

        def spill(X, w):
            nonlocal writer
            if writer is not None:
                try:
                    writer.write_batch(pa.RecordBatch.from_arrays(
                        [pa.array([_pack_block(X, w)], pa.binary())], schema=_x_schema()))
                except OSError:
                    writer = None
        n = seen = 0
        bad = np.zeros(_n_counts(d), dtype=np.int64)
        first = {}
        pending, pending_rows = [], 0
        cand_x, cand_h = np.empty((0, d)), np.empty(0, dtype=np.uint64)
        cand_w = pending_w = None
        if weighted:
            cand_w, pending_w, total = np.empty(0), [], 0.0
        seq = 0  # the next block's number in this partition

        def block(X, w):
            nonlocal seq
            seq += 1
            return pa.RecordBatch.from_arrays(
                [pa.array([0], pa.int32()), pa.array([part], pa.int32()),
                 pa.array([seq - 1], pa.int32()), pa.array([X.shape[0]], pa.int64()),
                 pa.array([None], pa.list_(pa.int64())), pa.array([_pack_block(X, w)], pa.binary()),
                 pa.array([None], pa.binary()), pa.array([None], pa.string()),
                 pa.array([None], pa.float64())],
                names=_PACKED_NAMES,
            )

        for b in batches:
            if not b.num_rows:
                continue
            columns = b.columns[:-1] if weighted else b.columns
            X, keep, counts, found = _feature_rows(
                columns, d, vector, lambda i, at=seen: f"row {at + i} of partition {part}")
            if weighted:
                w = _weight_rows(b.columns[-1], keep, seen, first)
                total += float(w.sum())
            seen += b.num_rows
            n += X.shape[0]
            bad += counts
            for kind, text in found.items():
                first.setdefault(kind, text)
            if not X.shape[0]:
                continue
            # (the start's sample: rows of positive weight only, as emviz.GaussianMixture's start)
            pos = slice(None) if not weighted else w > 0
            h = _row_hash(X[pos], seed)
            cand_x = np.concatenate([cand_x, X[pos]])
            cand_h = np.concatenate([cand_h, h])
            if weighted:
                cand_w = np.concatenate([cand_w, w[pos]])
            if len(cand_h) > sample_size:
                best = np.argpartition(cand_h, sample_size - 1)[:sample_size]
                cand_x, cand_h = cand_x[best], cand_h[best]
                if weighted:
                    cand_w = cand_w[best]
            pending.append(X)
            if weighted:
                pending_w.append(w)
            pending_rows += X.shape[0]
            if pending_rows >= block_rows:
                rows = np.concatenate(pending)
                ws = np.concatenate(pending_w) if weighted else None
                full = (len(rows) // block_rows) * block_rows
                for s in range(0, full, block_rows):
                    bw = None if ws is None else ws[s:s + block_rows]
                    spill(rows[s:s + block_rows], bw)
                    yield block(rows[s:s + block_rows], bw)
                pending, pending_rows = [rows[full:]], len(rows) - full
                if weighted:
                    pending_w = [ws[full:]]
        if pending_rows:
            bw = np.concatenate(pending_w) if weighted else None
            spill(np.concatenate(pending), bw)
            yield block(np.concatenate(pending), bw)
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
             pa.array([_pack_block(np.ascontiguousarray(cand_x), cand_w)], pa.binary()),
             pa.array([cand_h.tobytes()], pa.binary()), pa.array([json.dumps(first)], pa.string()),
             pa.array([total if weighted else None], pa.float64())],
            names=_PACKED_NAMES,
        )

    return pack


def _column_floats(column):
    """A binary Arrow column's values as one float64 array and each value's offset in it, without
    a copy (the values lie end to end in the column's data buffer)."""
    _, offsets, data = column.buffers()[:3]
    width = np.int64 if pa.types.is_large_binary(column.type) else np.int32
    off = np.frombuffer(offsets, dtype=width)[column.offset:column.offset + len(column) + 1]
    raw = np.frombuffer(data, dtype=np.uint8)[off[0]:off[-1]]
    if raw.ctypes.data % 8:  # never seen (Arrow aligns buffers); then one copy
        raw = raw.copy()
    return raw.view(np.float64), (off - off[0]) // 8


def _blocks_of(column, d, weighted):
    """A binary Arrow column of blocks as ``(X, w)`` pairs (``_unpack_block``; views of its
    buffer). Unweighted blocks lie end to end as one (n, d) array: one pair."""
    if len(column) == 0:
        return []
    flat, off = _column_floats(column)
    if not weighted:
        return [(flat.reshape(-1, d), None)]
    return [_unpack_block(flat[off[i]:off[i + 1]], d, True) for i in range(len(column))]


def _cached_blocks(fit_id, part, d, weighted):
    """Packed partition ``part``'s blocks from this host's executor-cache file, in order, as
    ``(X, w)`` pairs (views of the memory map); None when the file is not on this host."""
    try:
        reader = pa.ipc.open_file(pa.memory_map(_cache_file(fit_id, part)))
    except (OSError, pa.ArrowInvalid):
        return None
    return [blk for i in range(reader.num_record_batches)
            for blk in _blocks_of(reader.get_batch(i).column(0), d, weighted)]


def _partition_stats(model, empty_bytes, blocks):
    """One packed partition's E-step statistics: its blocks' sums in order (the Rust kernel on
    the arrays in place; ``(X, w)`` pairs, each row weighted by w when it is given), added to the
    stats ``empty_bytes`` when given."""
    s = _core.Stats.from_bytes(empty_bytes) if empty_bytes is not None else _core.Stats(model)
    for X, w in blocks:
        s.accumulate(model, X, w)
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


def _check_reports(reports, plan, skip, weight_col=None):
    """The numbers of valid and of invalid rows and the valid rows' total weight (their number
    without ``weight_col``), after failing (unless ``skip``) on the first problem the partitions'
    reports show (``_rows_problem``: it names the column, and where) and, whatever ``skip``, on
    the first bad weight (``_weights_problem``) or weights all zero (the core's rule)."""
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
    n = int(sum(reports.column("n").to_pylist()))
    total = float(n)
    if weight_col is not None:
        parts = reports.column("part").to_pylist()
        for i in order:
            problem = _weights_problem(json.loads(where_col[i] or "{}"), weight_col, parts[i])
            if problem is not None:
                raise _invalid("weightCol", problem)
        total = math.fsum(reports.column("ws").to_pylist())
        try:
            _core.check_weight_total(total, n)
        except ValueError as e:
            raise _invalid("weightCol", f"column {weight_col!r}: {e}") from None
    return n, int(bad[-1]), total
