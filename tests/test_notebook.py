"""The retraining notebook runs top to bottom, unedited, and writes a loadable model."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "retrain.ipynb"

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")


def _stderr_text(nb) -> str:
    return "".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "clear the notebook's outputs"


def test_python3_kernel_comes_from_this_environment(monkeypatch):
    # ipykernel installed by pip puts its kernelspec in <prefix>/share/jupyter/kernels;
    # no `ipykernel install --user` should be needed.
    from jupyter_client.kernelspec import find_kernel_specs
    from jupyter_core.paths import jupyter_data_dir

    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")
    specs = find_kernel_specs()
    assert "python3" in specs, "no python3 kernel: install ipykernel (pip install -e '.[test]')"
    found = Path(specs["python3"]).resolve()
    assert not found.is_relative_to(Path(jupyter_data_dir()).resolve()), f"user-level kernelspec used: {found}"
    if sys.prefix != sys.base_prefix:  # in a virtual environment: its own share/jupyter
        assert found.is_relative_to(Path(sys.prefix).resolve()), found


@pytest.mark.slow
def test_retrain_notebook_runs_and_writes_a_model(tmp_path, monkeypatch):
    from unionnlp.themes.model import load_model

    # Prefer this environment's kernelspec over a user-level one that may point at another Python.
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")
    monkeypatch.setenv("UNIONNLP_MODEL_OUT", str(tmp_path))
    monkeypatch.delenv("UNIONNLP_LABELS", raising=False)

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=900,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError naming the cell if any cell fails

    model_path = tmp_path / "themes.npz"
    assert model_path.is_file()
    model = load_model(model_path)
    assert model.metadata["metrics"]["macro_f1"] is not None
    assert model.predict(["举办女职工劳动技能竞赛。"])  # it classifies
    stderr = _stderr_text(nb)
    assert "Glyph" not in stderr and "findfont" not in stderr, stderr
