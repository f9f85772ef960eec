#!/usr/bin/env python3
"""Mirror a portfolio's YAML files as JSON, for ajv-cli (run outside the timed region).

    python bench/yaml2json.py SRC_DIR DST_DIR

ajv-cli 5 reads .yaml with js-yaml, whose default schema turns unquoted dates such as
`measured_at: 2026-05-12` into Date objects; those then fail `type: string, format: date` in
tollgate's schemas although the file is valid. Users write dates unquoted, so the generated files
keep them unquoted, and for ajv the files are converted here to JSON with dates as the
"YYYY-MM-DD" strings they were written as.

Needs a YAML library: PyYAML (C loader preferred) or ruamel.yaml (installed with check-jsonschema).
Dates come back as datetime.date objects and are written back as the YYYY-MM-DD text.
"""

import datetime
import json
import os
import sys


def loader():
    # PyYAML's C loader is the fastest; ruamel.yaml (installed with check-jsonschema) otherwise.
    try:
        import yaml

        if hasattr(yaml, "CSafeLoader"):
            return lambda text: yaml.load(text, Loader=yaml.CSafeLoader)
    except ImportError:
        pass
    try:
        from ruamel.yaml import YAML

        return YAML(typ="safe").load
    except ImportError:
        pass
    try:
        import yaml

        return lambda text: yaml.load(text, Loader=yaml.SafeLoader)
    except ImportError:
        sys.exit("yaml2json: neither PyYAML nor ruamel.yaml is installed")


def plain(v):
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return v


def main():
    src, dst = sys.argv[1], sys.argv[2]
    load = loader()
    n = 0
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".yaml"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            out = os.path.join(dst, rel[: -len(".yaml")] + ".json")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(path, encoding="utf-8") as f:
                doc = plain(load(f.read()))
            with open(out, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            n += 1
    print(f"yaml2json: {n} files -> {dst}")


if __name__ == "__main__":
    main()
