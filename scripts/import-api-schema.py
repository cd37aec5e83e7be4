#!/usr/bin/env python3
"""Vendors the Kubernetes API structure (../shared/k8s-api-schema) into the build.

The API server generates its registry, strict field validation, strategic-merge keys
and published OpenAPI from this data instead of retyping schemas. The output is the
same data, minified, so the product builds without ../shared. Re-run after the shared
data changes:  scripts/import-api-schema.py [SOURCE_DIR]
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "k8s-api-schema"
target = root / "controlplane" / "api" / "schema" / "data"
target.mkdir(parents=True, exist_ok=True)

for name in ("schemas.json", "resources.json"):
    data = json.loads((source / name).read_text())
    (target / name).write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"import-api-schema: {name}: {len(data)} entries -> {target / name}")
