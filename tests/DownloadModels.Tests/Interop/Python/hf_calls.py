"""Runs a list of huggingface_hub calls in one process (python start-up costs ~0.5 s a process).

argv[1] holds {"calls": [{"op": NAME, ...arguments}, ...]}; the result is one entry per call, in order,
each {"ok": true, "value": ...} or the exception as data (see oracle.attempt). The cache is the
environment's (HF_HUB_CACHE), the endpoint too (HF_ENDPOINT), as for any user of the library.
"""

import contextlib
import io
import sys

from oracle import attempt, describe, describe_folder, run


def _lfs(lfs):
    return None if lfs is None else {"sha256": lfs.sha256, "size": lfs.size, "pointer_size": lfs.pointer_size}


def snapshot_download(repo_id, **kwargs):
    from huggingface_hub import snapshot_download as call

    return describe_folder(call(repo_id, **kwargs))


def hf_hub_download(repo_id, filename, **kwargs):
    from huggingface_hub import hf_hub_download as call

    return describe(call(repo_id, filename, **kwargs))


def model_info(repo_id, **kwargs):
    from huggingface_hub import HfApi

    info = HfApi().model_info(repo_id, **kwargs)
    siblings = [
        {"rfilename": s.rfilename, "size": s.size, "blob_id": s.blob_id, "lfs": _lfs(s.lfs)} for s in info.siblings or []
    ]
    return {"id": info.id, "sha": info.sha, "private": info.private, "gated": info.gated, "siblings": siblings}


def repo_info(repo_id, **kwargs):
    from huggingface_hub import HfApi

    info = HfApi().repo_info(repo_id, **kwargs)
    return {"id": info.id, "sha": info.sha, "files": sorted(s.rfilename for s in info.siblings or [])}


def list_repo_tree(repo_id, **kwargs):
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    entries = []
    for entry in HfApi().list_repo_tree(repo_id, **kwargs):
        if isinstance(entry, RepoFile):
            entries.append({"type": "file", "path": entry.path, "size": entry.size, "blob_id": entry.blob_id,
                            "lfs": _lfs(entry.lfs), "xet_hash": entry.xet_hash})
        else:
            entries.append({"type": "directory", "path": entry.path, "tree_id": entry.tree_id})
    return entries


def get_cached_repo_tree(repo_id, **kwargs):
    from huggingface_hub import get_cached_repo_tree as call

    return [{"path": f.path, "size": f.size, "blob_id": f.blob_id, "xet_hash": f.xet_hash} for f in call(repo_id, **kwargs)]


def verify_repo_checksums(repo_id, **kwargs):
    from huggingface_hub import HfApi

    result = HfApi().verify_repo_checksums(repo_id, **kwargs)
    return {"revision": result.revision, "checked_count": result.checked_count, "mismatches": list(result.mismatches),
            "missing_paths": result.missing_paths, "extra_paths": result.extra_paths}


def scan_cache_dir(**kwargs):
    from huggingface_hub import scan_cache_dir as call

    info = call(**kwargs)
    repos = []
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        revisions = [
            {"commit_hash": rev.commit_hash, "refs": sorted(rev.refs), "nb_files": rev.nb_files,
             "files": sorted(f.file_name for f in rev.files)}
            for rev in sorted(repo.revisions, key=lambda r: r.commit_hash)
        ]
        repos.append({"repo_id": repo.repo_id, "repo_type": repo.repo_type, "nb_files": repo.nb_files,
                      "size_on_disk": repo.size_on_disk, "revisions": revisions})
    return {"repos": repos, "warnings": [str(w) for w in info.warnings],
            "incomplete_files": sorted(str(f.file_path) for f in info.incomplete_files)}


def try_to_load_from_cache(repo_id, filename, **kwargs):
    from huggingface_hub import try_to_load_from_cache as call
    from huggingface_hub.file_download import _CACHED_NO_EXIST

    found = call(repo_id, filename, **kwargs)
    return "no_exist" if found is _CACHED_NO_EXIST else found


def local_download_paths(local_dir, filename, etag):
    """Where huggingface_hub keeps a local-dir file, its metadata, its lock and its partial download."""
    from pathlib import Path

    from huggingface_hub._local_folder import get_local_download_paths

    paths = get_local_download_paths(Path(local_dir), filename)
    return {"file": str(paths.file_path), "metadata": str(paths.metadata_path), "lock": str(paths.lock_path),
            "incomplete": str(paths.incomplete_path(etag))}


def parse_hf_uri(uri, endpoint=None):
    """huggingface_hub's reading of a hf:// URI or a web URL."""
    from huggingface_hub.utils import parse_hf_uri as call

    parsed = call(uri, endpoint=endpoint)
    return {"type": parsed.type, "id": parsed.id, "revision": parsed.revision, "path": parsed.path_in_repo}


def whoami(token):
    """huggingface_hub's whoami(): the account a token belongs to (GET /api/whoami-v2)."""
    from huggingface_hub import HfApi

    info = HfApi().whoami(token=token)
    access = (info.get("auth") or {}).get("accessToken") or {}
    return {"name": info["name"], "type": info.get("type"), "orgs": [o["name"] for o in info.get("orgs", [])], "role": access.get("role")}


def hf(argv):
    """The `hf` command line, in this process: exit code and what it printed."""
    from huggingface_hub.cli import hf as cli

    stdout, stderr = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["hf", *argv]
    code = 0
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            cli.main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = saved
        # `hf` raises huggingface_hub's verbosity to INFO; later calls in this process must not inherit it.
        from huggingface_hub.utils import logging as hf_logging

        hf_logging.set_verbosity_warning()
    return {"exit": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


OPS = {f.__name__: f for f in [snapshot_download, hf_hub_download, model_info, repo_info, list_repo_tree,
                               get_cached_repo_tree, verify_repo_checksums, scan_cache_dir,
                               try_to_load_from_cache, local_download_paths, parse_hf_uri, whoami, hf]}


def main(args):
    results = []
    for call in args["calls"]:
        call = dict(call)
        op = OPS[call.pop("op")]
        results.append(attempt(op, **call))
    return results


if __name__ == "__main__":
    run(main)
