"""The audit on a Dask cluster (a LocalCluster of 2 worker processes) gives the same records,
in the same order, as the local run. Skipped where Dask is not installed (`hsa-dsl[dask]`)."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT

distributed = pytest.importorskip("dask.distributed")

sys.path.insert(0, str(ROOT / "bench"))
import population  # noqa: E402

from hsa_dsl import audit  # noqa: E402
from hsa_dsl.api import load_act  # noqa: E402


@pytest.mark.slow
def test_a_cluster_of_two_workers_gives_the_local_records(tmp_path):
    path = tmp_path / "population.jsonl"
    cases = list(population.population(60, seed=5))
    cases[10] = {"id": "broken", "employment": {"contract": "none"}}
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    local = list(audit.records(load_act(), None, audit.pending_cases([str(path)])))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = list(audit.dask_records(client, None, [str(path)], partition_size=16))
        # each worker deciding its partition as a batch, where numpy is installed
        batched = list(audit.dask_records(client, None, [str(path)], partition_size=16,
                                          backend="auto"))
        # the cluster has its two workers
        assert len(client.scheduler_info()["workers"]) == 2
    assert remote == local
    assert batched == local
    assert [r["case"] for r in remote][:12] == [f"worker-{n:07d}" for n in range(10)] + ["broken", "worker-0000011"]
    assert remote[10]["status"] == "refused"
