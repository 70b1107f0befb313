"""The voice pipeline's three libraries asking huggingface_hub for their files, the way each library asks.

The libraries themselves are not installed (they pull torch and friends): their calls into huggingface_hub are
reproduced here, in their order, with their arguments and their error handling (docs/pipeline-models.md).
Whether the Hub is reachable is the environment's business (HF_HUB_OFFLINE, HF_ENDPOINT), as for the
libraries. The result says, per library, which file each call returned (and its sha256) or what it raised.
"""

import os
import re

from oracle import attempt, describe, describe_folder, run

# faster_whisper.utils.download_model
WHISPER_PATTERNS = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]

# kokoro: KModel loads these two, KPipeline.load_single_voice one voices/{voice}.pt per voice used.
KOKORO_FILES = ["config.json", "kokoro-v1_0.pth"]
KOKORO_VOICES = ["pf_dora", "pm_alex", "pm_santa"]  # the pipeline's Brazilian Portuguese voices

# sentence-transformers' loads in its order; who asks: ST's load_file_path, transformers' cached_file
# (config, model, tokenizer), ST's load_dir_path for the pooling folder.
EMBEDDINGS_LOADS = [
    ("st", "modules.json"),
    ("st", "config_sentence_transformers.json"),
    ("st", "README.md"),
    ("st", "sentence_bert_config.json"),
    ("transformers", "config.json"),
    ("transformers", "model.safetensors"),
    ("transformers", "tokenizer_config.json"),
    ("transformers", "sentencepiece.bpe.model"),
    ("transformers", "tokenizer.json"),
    ("transformers", "added_tokens.json"),
    ("transformers", "special_tokens_map.json"),
    ("st-dir", "1_Pooling/config.json"),
]


def faster_whisper(repo):
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import HfHubHTTPError
    import logging

    kwargs = {"local_files_only": False, "allow_patterns": WHISPER_PATTERNS}
    try:
        folder = snapshot_download(repo, **kwargs)
    except HfHubHTTPError as e:
        # faster-whisper logs this and loads from the cache instead; the warnings make the test fail loudly.
        logger = logging.getLogger("faster_whisper")
        logger.warning("An error occured while synchronizing the model %s from the Hugging Face Hub:\n%s", repo, e)
        logger.warning("Trying to load the model directly from the local cache, if it exists.")
        kwargs["local_files_only"] = True
        folder = snapshot_download(repo, **kwargs)
    return describe_folder(folder)


def kokoro(repo):
    from huggingface_hub import hf_hub_download

    files = {}
    for name in KOKORO_FILES + [f"voices/{voice}.pt" for voice in KOKORO_VOICES]:
        files[name] = describe(hf_hub_download(repo_id=repo, filename=name))
    return files


def _st_load_file_path(repo, filename):
    """sentence_transformers.util.load_file_path: any failure means 'no such file'."""
    from huggingface_hub import hf_hub_download

    try:
        return {"found": describe(hf_hub_download(repo, filename=filename, library_name="sentence-transformers"))}
    except Exception as e:  # noqa: BLE001 - exactly what sentence-transformers catches
        return {"found": None, "caught": type(e).__name__, "classes": [c.__name__ for c in type(e).__mro__], "message": str(e)}


def _transformers_cached_file(repo, filename, commit):
    """transformers.utils.hub.cached_file with _raise_exceptions_for_missing_entries=False (optional files).

    Once the config gave it the commit, transformers looks in the cache first: a file there, or a .no_exist
    marker, answers without a network call. Otherwise it downloads; on failure it looks in the cache again.
    """
    from huggingface_hub import hf_hub_download, try_to_load_from_cache
    from huggingface_hub.file_download import _CACHED_NO_EXIST

    if commit is not None:
        cached = try_to_load_from_cache(repo, filename, revision=commit)
        if isinstance(cached, str):
            return {"found": describe(cached), "from": "cache"}
        if cached is _CACHED_NO_EXIST:
            return {"found": None, "from": "no_exist"}
    try:
        return {"found": describe(hf_hub_download(repo, filename, revision=commit, library_name="transformers")), "from": "hf_hub_download"}
    except Exception as e:  # noqa: BLE001 - transformers falls back to the cache on any failure
        cached = try_to_load_from_cache(repo, filename, revision=commit)
        if isinstance(cached, str):
            return {"found": describe(cached), "from": "cache after error", "caught": type(e).__name__}
        return {"found": None, "from": "missing", "caught": type(e).__name__, "classes": [c.__name__ for c in type(e).__mro__], "message": str(e)}


def _st_load_dir_path(repo, filename):
    """sentence_transformers.util.load_dir_path: snapshot_download of the folder, then the cache alone."""
    from huggingface_hub import snapshot_download

    folder = filename.split("/")[0]
    kwargs = {"repo_id": repo, "allow_patterns": f"{folder}/**", "library_name": "sentence-transformers"}
    try:
        path = snapshot_download(**kwargs, local_files_only=False)
        fell_back = None
    except Exception as e:  # noqa: BLE001 - what sentence-transformers catches
        fell_back = type(e).__name__
        path = snapshot_download(**kwargs, local_files_only=True)
    result = {"found": describe(os.path.join(path, *filename.split("/")))}
    if fell_back:
        result["caught"] = fell_back
    return result


def sentence_transformers(repo):
    from huggingface_hub import try_to_load_from_cache
    from huggingface_hub.file_download import _CACHED_NO_EXIST

    loads = []
    commit = None
    for who, filename in EMBEDDINGS_LOADS:
        if who == "st":
            step = attempt(_st_load_file_path, repo, filename)
        elif who == "transformers":
            step = attempt(_transformers_cached_file, repo, filename, commit)
            if filename == "config.json" and step["ok"] and step["value"]["found"]:
                # transformers.utils.hub.extract_commit_hash: the snapshot folder's name.
                match = re.search(r"snapshots/([^/]+)/", step["value"]["found"]["path"])
                commit = match.group(1) if match else None
        else:
            step = attempt(_st_load_dir_path, repo, filename)
        if not step["ok"]:
            # Not caught by the library either: sentence-transformers would crash here.
            loads.append({"file": filename, "by": who, "raised": step})
            break
        outcome = step["value"]
        outcome["file"] = filename
        outcome["by"] = who
        # What the cache says about the file at the branch's commit, for the test's own eyes.
        marker = try_to_load_from_cache(repo, filename)
        outcome["no_exist_marker"] = marker is _CACHED_NO_EXIST
        loads.append(outcome)
    return loads


def main(args):
    return {
        "faster_whisper": attempt(faster_whisper, args.get("whisper_repo", "Systran/faster-whisper-tiny")),
        "kokoro": attempt(kokoro, args.get("kokoro_repo", "hexgrad/Kokoro-82M")),
        "sentence_transformers": attempt(sentence_transformers, args.get("embeddings_repo", "intfloat/multilingual-e5-small")),
    }


if __name__ == "__main__":
    run(main)
