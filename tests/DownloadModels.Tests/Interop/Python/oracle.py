"""Shared by the interop scripts: run one script's work under huggingface_hub and write what happened as JSON.

A script calls `run(main)`. `main(args)` gets the JSON arguments the test wrote (argv[1]) and returns a
JSON-able result. Every Python warning and every log record at WARNING or above (huggingface_hub's logger
included) is recorded, so a test can demand "no warning" instead of hoping stderr stays quiet. The result goes
to the file named by argv[2], never to stdout, so what the library itself prints stays apart.
"""

import hashlib
import json
import logging
import os
import sys
import traceback
import warnings


class _Recorder(logging.Handler):
    """Keeps every WARNING+ record once, whichever logger it reached first."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []
        self._seen = set()

    def emit(self, record):
        if id(record) in self._seen:
            return
        self._seen.add(id(record))
        self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def run(main):
    with open(sys.argv[1], encoding="utf-8") as f:
        args = json.load(f)
    recorder = _Recorder()
    logging.getLogger().addHandler(recorder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import huggingface_hub  # inside: a warning at import time counts too

        # huggingface_hub's logger propagates to the root by default; attach anyway in case it does not.
        logging.getLogger("huggingface_hub").addHandler(recorder)
        result = main(args)
    output = {
        "huggingface_hub": huggingface_hub.__version__,
        "python": sys.version.split()[0],
        "result": result,
        "warnings": [f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in caught],
        "log": recorder.records,
    }
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(output, f, indent=1)
    os.replace(tmp, sys.argv[2])


def attempt(fn, *args, **kwargs):
    """Calls fn; an exception becomes data (its class, every base class name, message, traceback)."""
    try:
        return {"ok": True, "value": fn(*args, **kwargs)}
    except Exception as e:  # noqa: BLE001 - the test decides what an exception means
        return {
            "ok": False,
            "error": type(e).__name__,
            "classes": [c.__name__ for c in type(e).__mro__],
            "message": str(e),
            "traceback": traceback.format_exc(),
        }


def describe(path):
    """What a library would read at `path`: where the links lead, and the sha256 of the bytes."""
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha.update(chunk)
    return {"path": path, "realpath": os.path.realpath(path), "size": os.path.getsize(path), "sha256": sha.hexdigest()}


def describe_folder(folder):
    """Every file below a snapshot folder, by repo path ('/'-separated)."""
    files = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            full = os.path.join(root, name)
            files[os.path.relpath(full, folder).replace(os.sep, "/")] = describe(full)
    return {"folder": folder, "files": files}
