"""An audit on a Dask cluster: the same records as `hsa-dsl audit`, decided by its workers.

    pip install "hsa-dsl[dask]"
    python examples/scale/dask_audit.py CASES.jsonl [--scheduler tcp://host:8786] [--workers 2]
        [--partition 1000] [--out records.jsonl]

Without --scheduler it starts a local cluster of --workers processes. The compiled act is a
pure function of each case, so each partition of cases is decided where it lands, and the
records come back in the input's order. See docs/scale.md for a real cluster.
"""

from __future__ import annotations

import argparse
import sys

from hsa_dsl import audit


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="+")
    parser.add_argument("--act", default=None, help="the .hsa act (default: the shipped one)")
    parser.add_argument("--scheduler", default=None, help="the address of a running Dask scheduler")
    parser.add_argument("--workers", type=int, default=2, help="workers of the local cluster")
    parser.add_argument("--partition", type=int, default=1_000, help="cases in a partition")
    parser.add_argument("--backend", choices=("auto", "batch", "scalar"), default="auto",
                        help="how each worker decides its partition (the records are the same)")
    parser.add_argument("--out", default=None, help="write the records here (default: standard output)")
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    cluster = None if args.scheduler else LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                                       processes=True, dashboard_address=None)
    summary = audit.Summary()
    with Client(args.scheduler or cluster) as client:
        out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
        try:
            for record in audit.dask_records(client, args.act, args.cases, args.partition, args.backend):
                summary.add(record)
                out.write(audit.json_line(record))
        finally:
            if args.out:
                out.close()
    if cluster is not None:
        cluster.close()
    sys.stderr.write(summary.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
