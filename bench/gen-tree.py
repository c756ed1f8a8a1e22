#!/usr/bin/env python3
"""A tree of many small zones for the many-files benchmark, made by ../shared/bench/gen-zone.py.

    bench/gen-tree.py --zones N [--records R] [--per-dir D] [--profile mixed|tld] OUT_DIR

Zone i (0-based) is `zone<i>.example.` with R records (default 50) and seed i + 1, written to
OUT_DIR/<i // D>/zone<i>.example.zone (D zones per directory, default 1000, as a hosting
provider's tree would shard them). The generator is imported once rather than started once per
zone (100,000 Python start-ups would take longer than the benchmark), so every zone is exactly what
`gen-zone.py --records R --seed i+1 --origin zone<i>.example. --profile P` prints. Standard
library only; the output is a pure function of the arguments.
"""

import argparse
import contextlib
import importlib.util
import io
import os
import sys


def load_generator(path):
    spec = importlib.util.spec_from_file_location("gen_zone", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_gen = os.environ.get("GEN_ZONE", os.path.join(here, "..", "..", "shared", "bench", "gen-zone.py"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zones", type=int, required=True, help="number of zones")
    ap.add_argument("--records", type=int, default=50, help="records per zone (default 50)")
    ap.add_argument("--per-dir", type=int, default=1000, help="zones per directory (default 1000)")
    ap.add_argument("--profile", choices=("mixed", "tld"), default="mixed")
    ap.add_argument("--generator", default=default_gen, help="path of gen-zone.py")
    ap.add_argument("out", help="output directory (created)")
    args = ap.parse_args()
    if args.zones < 1 or args.records < 2 or args.per_dir < 1:
        ap.error("need --zones >= 1, --records >= 2, --per-dir >= 1")
    gen = load_generator(args.generator)
    for i in range(args.zones):
        origin = "zone%d.example." % i
        directory = os.path.join(args.out, str(i // args.per_dir))
        if i % args.per_dir == 0:
            os.makedirs(directory, exist_ok=True)
        g = gen.Gen(argparse.Namespace(records=args.records, seed=i + 1, origin=origin, profile=args.profile))
        text = io.StringIO()
        with contextlib.redirect_stdout(text):
            if args.profile == "tld":
                gen.tld(g)
            else:
                gen.mixed(g)
            g.flush()
        if g.count != args.records:
            print("gen-tree.py: zone %d: wrote %d records, wanted %d" % (i, g.count, args.records), file=sys.stderr)
            return 1
        with open(os.path.join(directory, origin + "zone"), "w") as f:
            f.write(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
