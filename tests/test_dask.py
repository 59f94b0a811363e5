"""The Dask path on a LocalCluster with two workers: the same index and labels as the serial path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from unionnlp.corpus.index import update_index  # noqa: E402
from unionnlp.themes.classify import iter_sentence_records  # noqa: E402
from unionnlp.text.segment import segment_file  # noqa: E402

from test_index import _state  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    # Threads, not processes: the scheduler, the two workers, the scatter of the model and the
    # bag are all real, and the cluster starts in a fraction of a second.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted((ROOT / "seeds").glob("*.txt"))[:3] + sorted((ROOT / "labels" / "written").glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def test_index_on_a_local_cluster_equals_serial(client, corpus, tmp_path):
    from unionnlp.dask import update_index_dask

    serial = tmp_path / "serial.sqlite"
    update_index(corpus, serial, jobs=1)
    on_dask = tmp_path / "dask.sqlite"
    report = update_index_dask(corpus, on_dask, client=client, partition_files=2)
    assert len(report.added) == 6 and not report.errors
    assert _state(on_dask) == _state(serial)
    # incremental on the cluster too: one changed file is the only one sent
    target = corpus / "03_wengan_county_news.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n\n县总工会还开展了女职工健康体检。\n", encoding="utf-8")
    report = update_index_dask(corpus, on_dask, client=client)
    assert report.changed == ["03_wengan_county_news.txt"] and report.unchanged == 5
    update_index(corpus, serial, jobs=1)
    assert _state(on_dask) == _state(serial)


def test_classify_on_a_local_cluster_equals_serial(client, corpus):
    from unionnlp.dask import classify_files_dask

    paths = [str(p) for p in sorted(corpus.glob("*.txt"))]
    serial = list(iter_sentence_records([(p, segment_file(p)) for p in paths]))
    assert list(classify_files_dask(paths, client=client, partition_files=2)) == serial


def test_a_clear_error_without_a_cluster():
    from unionnlp.dask import update_index_dask
    from unionnlp.errors import UsageError

    with pytest.raises(UsageError, match="scheduler address"):
        update_index_dask(ROOT / "seeds")


def test_parquet_on_a_local_cluster_equals_serial(client, corpus, tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow.dataset as ds

    from unionnlp.corpus.parquet import write_parquet
    from unionnlp.dask import write_parquet_dask

    def rows(folder):
        table = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()
        return sorted(table, key=lambda r: (r["file"], r["para"], r["sent"]))

    serial = write_parquet(corpus, tmp_path / "serial")
    on_dask = write_parquet_dask(corpus, tmp_path / "dask", client=client, partition_files=2)
    assert on_dask[1:] == serial[1:]
    assert rows(tmp_path / "dask") == rows(tmp_path / "serial")
