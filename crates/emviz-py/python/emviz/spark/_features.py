"""The feature columns of a DataFrame: planned as float64 expressions on the driver, and read on
the executors by one check (``_feature_rows``) that every way in — the fit's packing pass (so the
cached passes, the streamed passes and the task loop) and ``transform`` — runs on each Arrow batch:
a null vector or value, a vector of another length, NaN or an infinity is found there, counted and
located, and the valid rows go on as an (m, d) float64 array."""

from __future__ import annotations

import contextlib
from typing import NamedTuple

import numpy as np
import pyarrow as pa
from pyspark.ml.linalg import VectorUDT
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .. import _core

# handleInvalid: Spark ML's convention (VectorAssembler, StringIndexer, ...).
HANDLE_INVALID = ("error", "skip")
# Messages raised inside a Python worker start with this, so that the driver can find the worker's
# own message inside Spark's error (``_worker_message``).
WORKER_MARK = "emviz.spark worker: "
_SHOWN_VALUES = 8  # values of a bad row quoted in a message


def _invalid(name, message):
    return ValueError(f"invalid {name}: {message}")


class FeaturePlan(NamedTuple):
    """What ``_feature_plan`` gives: ``exprs`` (the columns to select: d float64 columns, or for a
    vector / array column one array<double> column), ``names`` (the d feature names), ``d``,
    ``column`` (the vector column's name, None for numeric columns) and ``dim_from`` (where d
    comes from, for messages)."""

    exprs: list
    names: list
    d: int
    column: str | None
    dim_from: str


def _feature_plan(df, features_col, input_cols, d=None):
    """The feature columns of ``df`` as a ``FeaturePlan``.

    ``input_cols`` (numeric columns) wins over ``features_col`` (a vector or numeric-array column).
    Raises a ValueError naming the column when it is missing or not numbers. The dimension of a
    vector column is ``d`` when given (a fitted model's), else its metadata's size (``ml_attr``,
    as VectorAssembler writes it), else the length of its first non-empty vector (one Spark job).
    """
    fields = {f.name: f for f in df.schema.fields}

    def field(name):
        if name not in fields:
            raise _invalid(
                "data", f"the DataFrame has no column {name!r} (its columns: {', '.join(fields)})"
            )
        return fields[name]

    if input_cols:
        exprs, names = [], []
        for name in input_cols:
            t = field(name).dataType
            if not isinstance(t, T.NumericType):
                raise _invalid(
                    "data",
                    f"column {name!r} is of type {t.simpleString()}, not a number: "
                    "emviz.spark.GaussianMixture fits numeric columns (inputCols) or one vector "
                    "column (featuresCol)",
                )
            exprs.append(F.col(f"`{name}`").cast("double"))
            names.append(name)
        return FeaturePlan(exprs, names, len(names), None, "the number of inputCols")
    name = features_col
    t = field(name).dataType
    col = F.col(f"`{name}`")
    if isinstance(t, VectorUDT):
        from pyspark.ml.functions import vector_to_array

        # (vector_to_array fails in the JVM on a null vector: a null stays null, for the check)
        arr = F.when(col.isNull(), F.lit(None)).otherwise(vector_to_array(col))
    elif isinstance(t, T.ArrayType) and isinstance(t.elementType, T.NumericType):
        arr = col.cast("array<double>")
    elif isinstance(t, T.NumericType):
        return FeaturePlan([col.cast("double")], [name], 1, None, "one numeric column")
    else:
        raise _invalid(
            "data",
            f"column {name!r} (featuresCol) is of type {t.simpleString()}, not a vector of "
            "numbers: give a vector column (e.g. from VectorAssembler) or numeric inputCols",
        )
    dim_from = "the model's dimension"
    meta = field(name).metadata.get("ml_attr", {}) if field(name).metadata else {}
    size = meta.get("num_attrs") if isinstance(meta.get("num_attrs"), int) and meta["num_attrs"] > 0 else None
    if d is not None and size is not None and size != d:
        raise _invalid(
            "data", f"column {name!r} holds vectors of {size} values (its metadata) for a model of {d} dimension(s)"
        )
    if d is None:
        if size is not None:
            d, dim_from = size, "the size in the column's metadata"
        else:
            row = df.select(F.size(arr).alias("n")).where(F.col("n") > 0).first()
            if row is None:
                raise _invalid("data", f"column {name!r} holds no non-empty vector")
            d, dim_from = int(row["n"]), "the first vector's length"
    names = [f"{name}[{i}]" for i in range(d)]
    return FeaturePlan([arr], names, d, name, dim_from)


def _weight_expr(df, weight_col):
    """The weight column (``weightCol``) of ``df`` as a float64 expression; a ValueError naming
    it when it is missing or not numbers. Its values are checked on the executors
    (``_weight_rows``)."""
    fields = {f.name: f.dataType for f in df.schema.fields}
    if weight_col not in fields:
        raise _invalid(
            "weightCol", f"the DataFrame has no column {weight_col!r} (its columns: {', '.join(fields)})"
        )
    if not isinstance(fields[weight_col], T.NumericType):
        raise _invalid(
            "weightCol",
            f"column {weight_col!r} is of type {fields[weight_col].simpleString()}, not a number: "
            "a sample weight is a number ≥ 0 per row",
        )
    return F.col(f"`{weight_col}`").cast("double")


# ------------------------------------------------------------------ the one check (executors)

def _n_counts(d):
    """The length of ``_feature_rows``' counts: null, NaN and infinite values per feature (3 d),
    then null vectors, vectors of another length, and rows dropped."""
    return 3 * d + 3


def _shown(values):
    """A row's values for a message (the first few)."""
    vals = [float(v) if v is not None else None for v in values]
    text = ", ".join("null" if v is None else repr(v) for v in vals[:_SHOWN_VALUES])
    return f"[{text}{', …' if len(vals) > _SHOWN_VALUES else ''}]"


def _feature_rows(columns, d, vector, where=None):
    """The one check of feature rows, on the Arrow arrays of one batch: ``columns`` is one
    list<double> array (a vector column, ``vector``) or d float64 arrays (numeric columns).

    Returns ``(X, keep, counts, first)``: ``X`` the valid rows as an (m, d) float64 array (a row is
    valid when it is not null, has d values and all are finite numbers), ``keep`` their mask
    (n bools), ``counts`` (int64, ``_n_counts(d)``: null, NaN and infinite values per feature,
    then null vectors, vectors of another length, invalid rows) and ``first``: {kind: text}
    locating the first invalid row of each kind (``"null"``, ``"length"``; ``where(i)`` says where
    row i of the batch is, e.g. its partition and row number)."""
    where = where or (lambda i: f"row {i}")
    counts = np.zeros(_n_counts(d), dtype=np.int64)
    first = {}
    if vector:
        col = columns[0]
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks()
        n = len(col)
        null_vec = col.is_null().to_numpy(zero_copy_only=False) if col.null_count else np.zeros(n, bool)
        offsets = col.offsets.to_numpy()  # (absolute positions in col.values)
        lengths = np.diff(offsets)
        wrong = ~null_vec & (lengths != d)
        fits = ~null_vec & ~wrong
        values = col.values
        flat = values.to_numpy(zero_copy_only=False)
        if fits.all() and n and offsets[-1] - offsets[0] == n * d:  # (the usual batch: a view)
            X = flat[offsets[0]:offsets[-1]].reshape(n, d)
            idx = slice(offsets[0], offsets[-1])
        else:
            idx = offsets[:-1][fits, None] + np.arange(d)
            X = flat[idx]
        nulls = values.is_null().to_numpy(zero_copy_only=False)[idx].reshape(-1, d) if values.null_count else None
        counts[3 * d] = int(null_vec.sum())
        counts[3 * d + 1] = int(wrong.sum())
        if counts[3 * d]:
            first["null"] = where(int(np.argmax(null_vec)))
        if counts[3 * d + 1]:
            i = int(np.argmax(wrong))
            row = flat[offsets[i]:offsets[i + 1]].tolist()
            first["length"] = (int(lengths[i]), f"{where(i)}: {_shown(row)}")
    else:
        n = len(columns[0]) if columns else 0
        fits = np.ones(n, bool)
        X = np.empty((n, d))
        nulls = np.zeros((n, d), bool) if any(c.null_count for c in columns) else None
        for i, c in enumerate(columns):
            X[:, i] = c.to_numpy(zero_copy_only=False)
            if c.null_count:
                nulls[:, i] = c.is_null().to_numpy(zero_copy_only=False)
    finite = np.isfinite(X)
    if nulls is not None:
        counts[0:3 * d:3] = nulls.sum(axis=0)
        counts[1:3 * d:3] = (np.isnan(X) & ~nulls).sum(axis=0)
    else:
        counts[1:3 * d:3] = np.isnan(X).sum(axis=0)
    counts[2:3 * d:3] = np.isinf(X).sum(axis=0)
    good = finite.all(axis=1)
    keep = fits.copy()
    keep[fits] = good
    counts[3 * d + 2] = n - int(keep.sum())
    if not good.all():
        X = X[good]
        if not vector and nulls is not None:
            bad_null = np.flatnonzero(nulls.any(axis=1))
            first["null"] = where(int(bad_null[0])) if len(bad_null) else first.get("null")
    return np.ascontiguousarray(X), keep, counts, first


def _weight_rows(column, keep, seen, found):
    """The weights of one batch's valid rows (``keep``, from ``_feature_rows``) as float64, checked
    by the core's rule (``_core.first_bad_weight``: finite, ≥ 0) after Spark's own case, a null.
    ``seen`` is the partition's rows before this batch; ``found`` (a partition's {kind: ...}) gets
    the first problem of each kind: ``"weight null"`` [count, point] and ``"weight"`` the core's
    message, naming the row as point ``seen + i + 1`` of the partition."""
    w = column.to_numpy(zero_copy_only=False).astype(np.float64, copy=True)
    if column.null_count:
        nulls = column.is_null().to_numpy(zero_copy_only=False) & keep
        if nulls.any():
            count, at = found.get("weight null", [0, int(seen + np.argmax(nulls)) + 1])
            found["weight null"] = [count + int(nulls.sum()), at]
        w[~keep | nulls] = 0.0
    else:
        w[~keep] = 0.0
    if "weight" not in found:
        bad = _core.first_bad_weight(w, seen)
        if bad is not None:
            found["weight"] = bad[1]
    return np.ascontiguousarray(w[keep])


def _weights_problem(found, weight_col, part):
    """The message of a partition's first weight problem (``_weight_rows``' ``found``), or None."""
    if "weight null" in found:
        count, at = found["weight null"]
        return (
            f"column {weight_col!r} (weightCol) holds {count} null value(s) in partition {part} "
            f"(the first: point {at} of the partition); a sample weight is a number ≥ 0 per row "
            "(fill them first, e.g. df.fillna)"
        )
    if "weight" in found:
        return f"column {weight_col!r} (weightCol), in partition {part}: {found['weight']}"
    return None


def _rows_problem(counts, first, names, column, d, dim_from):
    """The message of the first problem the counts of ``_feature_rows`` (summed over batches or
    partitions) show, or None. ``column`` is the vector column (None for numeric columns)."""
    if column is not None and counts[3 * d]:
        return (
            f"column {column!r} holds {counts[3 * d]} null vector(s) (the first: "
            f"{first.get('null', '?')}); emviz needs a vector in every row (drop them first, e.g. "
            f"df.dropna(), or pass handleInvalid=\"skip\")"
        )
    if column is not None and counts[3 * d + 1]:
        length, at = first.get("length", ("?", "?"))
        return (
            f"column {column!r} holds {counts[3 * d + 1]} vector(s) of another length than {d} "
            f"({dim_from}); the first has {length} value(s), at {at} (drop or fix them, or pass "
            f"handleInvalid=\"skip\")"
        )
    for i, name in enumerate(names):
        nulls, nans, infs = (int(v) for v in counts[3 * i:3 * i + 3])
        if nulls:
            at = f" (the first: {first['null']})" if "null" in first and column is None else ""
            return (
                f"column {name!r} holds {nulls} null value(s){at}; emviz needs a number in every "
                f"row (drop or fill them first, e.g. df.dropna(), or pass handleInvalid=\"skip\")"
            )
        if nans:
            return f"column {name!r} holds {nans} NaN value(s), which are not finite numbers"
        if infs:
            return f"column {name!r} holds {infs} infinite value(s), which are not finite numbers"
    return None


def _worker_message(error):
    """The message a Python worker raised (after ``WORKER_MARK``) inside a Spark / Py4J error's
    text, or None."""
    text = str(error)
    at = text.rfind(WORKER_MARK)
    if at < 0:
        return None
    return text[at + len(WORKER_MARK):].splitlines()[0].strip()


@contextlib.contextmanager
def _worker_errors():
    """Within it, Spark's error for a job whose Python worker raised an emviz message (one that
    starts with ``WORKER_MARK``: ``transform``'s check) becomes a ValueError with the worker's own
    message — not the JVM's stack nor Py4J's."""
    try:
        yield
    except ValueError:
        raise
    except Exception as e:
        message = _worker_message(e)
        if message is None:
            raise
        raise ValueError(message) from None
