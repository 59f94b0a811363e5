"""Past one machine: classify and index corpora on a Dask cluster (``pip install unionnlp[dask]``).

A ``dask.bag`` over the corpus's files does the per-file work on the
cluster's workers: reading, repair and segmentation, the organisation
finder's reading of the page, theme labels and the briefs' words
(:func:`unionnlp.corpus.index.analyse_file`).  The theme model is plain numpy
arrays: it is scattered to every worker once (``broadcast=True``), never
pickled into each task.  The client sends each file's bytes with its task (the
workers need no shared file system) and receives per-file records, in file
order, a partition at a time; it is the one process writing the SQLite index
(:func:`unionnlp.corpus.index.update_index`: same incremental rules, same
locking, same result as the serial path).

The results go into the SQLite index, or, for a corpus that outgrows one
database, into Parquet files partitioned by organisation
(:func:`write_parquet_dask`, ``unionnlp index DIR --parquet OUT``; see
:mod:`unionnlp.corpus.parquet`).

Use a ``distributed.Client`` you made, or a scheduler address::

    from unionnlp.dask import update_index_dask, classify_files_dask
    update_index_dask("reports/", scheduler="tcp://10.0.0.5:8786")

or on the command line ``unionnlp index reports/ --scheduler tcp://10.0.0.5:8786``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from unionnlp.errors import UsageError

__all__ = ["analyse_on_cluster", "classify_files_dask", "update_index_dask", "write_parquet_dask"]


def _require():
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("the Dask path needs dask and distributed: pip install 'unionnlp[dask]'") from None


def _client(client=None, scheduler: str | None = None):
    """(client, made_here): the client given, or one connected to ``scheduler``."""
    _require()
    if client is not None:
        return client, False
    if not scheduler:
        raise UsageError("give a distributed.Client or a scheduler address (tcp://host:8786)")
    from distributed import Client

    try:
        return Client(scheduler, timeout="30s"), True
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def _analyse_item(item: tuple[str, int, int, str | None, bytes], model) -> dict:
    from unionnlp.corpus.index import analyse_file

    name, size, mtime_ns, identity, data = item
    return analyse_file(name, model, data=data, stat=(size, mtime_ns, identity))


def _classify_item(item: tuple[str, int, int, str | None, bytes], model, min_prob: float) -> list[dict]:
    from unionnlp.corpus.parallel import classify_bytes

    name, _size, _mtime, _identity, data = item
    error, records = classify_bytes(name, data, model, min_prob)
    if error is not None:
        from unionnlp.errors import InputError

        raise InputError(error)
    return records


def _items(paths: Iterable[Path]) -> Iterator[tuple[str, int, int, str | None, bytes]]:
    """(name, size, mtime, status identity, bytes) of each file: its status taken before
    its bytes are read, as the index records it (``corpus.index._stat_identity``)."""
    from unionnlp.corpus.index import _stat_identity

    for path in paths:
        st = path.stat()
        yield str(path), st.st_size, st.st_mtime_ns, _stat_identity(st), path.read_bytes()


def _parquet_item(item: tuple[str, int, int, str | None, bytes], model) -> tuple[str | None, list[dict]]:
    from unionnlp.corpus.parquet import sentence_rows

    name, _size, _mtime, _identity, data = item
    return sentence_rows(name, data, model)


def _run_bag(client, paths: list[Path], fn, model, *args, partition_files: int = 64) -> Iterator:
    """``fn(item, model, *args)`` for every file on the cluster, results in file order,
    fetched a partition at a time."""
    import dask.bag as db

    from unionnlp.themes.classify import get_model

    if not paths:
        return
    # hash=False: a key of its own, so that a second run on the same client never shares
    # (and loses, when the first releases it) the first run's copy of the model.
    [model_future] = client.scatter([get_model(model)], broadcast=True, hash=False)
    npartitions = max(1, -(-len(paths) // partition_files))
    bag = db.from_sequence(list(_items(paths)), npartitions=npartitions)
    futures = client.compute(bag.map(fn, model_future, *args).to_delayed())
    done = 0
    try:
        for future in futures:
            part = future.result()
            future.release()
            done += 1
            yield from part
    finally:
        for future in futures[done:]:  # stopped early: drop the partitions not fetched
            future.cancel()
        model_future.release()


def analyse_on_cluster(paths: list[Path], *, client=None, scheduler: str | None = None, model=None,
                       partition_files: int = 64) -> Iterator[dict]:
    """:func:`unionnlp.corpus.index.analyse_file` of every path on a Dask cluster, in order."""
    client, own = _client(client, scheduler)
    try:
        yield from _run_bag(client, list(paths), _analyse_item, model, partition_files=partition_files)
    finally:
        if own:
            client.close()


def update_index_dask(corpus, index=None, *, client=None, scheduler: str | None = None, model=None,
                      wait: float = 600.0, partition_files: int = 64, progress=None):
    """``update_index`` with the per-file analysis on a Dask cluster; the client writes the index."""
    from unionnlp.corpus.index import update_index

    client, own = _client(client, scheduler)
    try:
        return update_index(
            corpus, index, model=model, wait=wait, progress=progress,
            analyse=lambda paths: _run_bag(client, list(paths), _analyse_item, model,
                                           partition_files=partition_files),
        )
    finally:
        if own:
            client.close()


def classify_files_dask(paths: Iterable[str | Path], *, client=None, scheduler: str | None = None,
                        model=None, min_prob: float = 0.0, partition_files: int = 64) -> Iterator[dict]:
    """Sentence records (as ``unionnlp classify`` writes them) of every file, labelled on a
    Dask cluster, in file order; an unreadable file raises its ``InputError``."""
    client, own = _client(client, scheduler)
    try:
        for records in _run_bag(client, [Path(p) for p in paths], _classify_item, model, min_prob,
                                partition_files=partition_files):
            yield from records
    finally:
        if own:
            client.close()


def write_parquet_dask(corpus, out, *, client=None, scheduler: str | None = None, model=None,
                       force: bool = False, partition_files: int = 64):
    """:func:`unionnlp.corpus.parquet.write_parquet` with the per-report work on a Dask
    cluster: each bag partition comes back as one batch, written by this process (the
    workers need no shared file system).  (dataset folder, reports, sentences, errors)."""
    from unionnlp.corpus.index import corpus_files
    from unionnlp.corpus.parquet import ParquetWriter, write_batches

    ParquetWriter.check(out, force)
    paths = corpus_files(Path(corpus).expanduser())
    client, own = _client(client, scheduler)
    try:
        results = _run_bag(client, paths, _parquet_item, model, partition_files=partition_files)

        def batches():
            batch = []
            for result in results:
                batch.append(result)
                if len(batch) == partition_files:
                    yield batch
                    batch = []
            if batch:
                yield batch

        return write_batches(batches(), out, force)
    finally:
        if own:
            client.close()
