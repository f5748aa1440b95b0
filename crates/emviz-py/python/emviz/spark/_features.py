"""The feature columns of a DataFrame: checked, as float64 expressions."""

from __future__ import annotations

from pyspark.ml.linalg import VectorUDT
from pyspark.sql import functions as F
from pyspark.sql import types as T


def _invalid(name, message):
    return ValueError(f"invalid {name}: {message}")


def _feature_plan(df, features_col, input_cols, *, need_dim=True):
    """The feature columns of ``df`` as float64 expressions, their names, and the dimension.

    ``input_cols`` (numeric columns) wins over ``features_col`` (a vector or numeric-array column).
    Raises a ValueError naming the column when it is missing or not numbers.
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
        return exprs, names, len(names), None
    name = features_col
    t = field(name).dataType
    if isinstance(t, VectorUDT):
        from pyspark.ml.functions import vector_to_array

        arr = vector_to_array(F.col(f"`{name}`"))
    elif isinstance(t, T.ArrayType) and isinstance(t.elementType, T.NumericType):
        arr = F.col(f"`{name}`").cast("array<double>")
    elif isinstance(t, T.NumericType):
        return [F.col(f"`{name}`").cast("double")], [name], 1, None
    else:
        raise _invalid(
            "data",
            f"column {name!r} (featuresCol) is of type {t.simpleString()}, not a vector of "
            "numbers: give a vector column (e.g. from VectorAssembler) or numeric inputCols",
        )
    d = None
    meta = field(name).metadata.get("ml_attr", {}) if field(name).metadata else {}
    if isinstance(meta.get("num_attrs"), int) and meta["num_attrs"] > 0:
        d = meta["num_attrs"]
    elif need_dim:
        row = df.select(F.size(arr).alias("n")).where(F.col("n") > 0).first()
        if row is None:
            raise _invalid("data", f"column {name!r} holds no non-empty vector")
        d = int(row["n"])
    if d is None:
        return None, None, None, arr
    exprs = [F.try_element_at(arr, F.lit(i + 1)) for i in range(d)]
    names = [f"{name}[{i}]" for i in range(d)]
    return exprs, names, d, arr
