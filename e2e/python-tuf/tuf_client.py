"""python-tuf's ngclient against a keyless TUF repository: refresh, then download targets.

Usage: tuf_client.py --mirror URL --root INITIAL_ROOT --cache DIR [--ca PEM] [--targets a,b,...]

The cache directory keeps the trusted metadata between runs (so a rolled-back version is caught); the initial root is
the bootstrap, from which the client walks the cached and then the published newer roots. Prints one JSON object: {"ok": true, "root_version": N, "targets": {name: {"sha256",
"length", "custom"}}} or {"ok": false, "error": "<exception type>: <message>"}, and exits 0 only when ok.
"""

import argparse
import hashlib
import json
import os
import sys

import urllib3
from tuf.api import exceptions
from tuf.ngclient import FetcherInterface, Updater


class TlsFetcher(FetcherInterface):
    """Fetches over HTTPS trusting the given CA file (the development server certificate), else the system's roots."""

    def __init__(self, ca_file):
        self._http = urllib3.PoolManager(ca_certs=ca_file) if ca_file else urllib3.PoolManager()

    def _fetch(self, url):
        response = self._http.request("GET", url, preload_content=False, timeout=urllib3.Timeout(30))
        if response.status != 200:
            response.release_conn()
            raise exceptions.DownloadHTTPError(f"HTTP {response.status} for {url}", response.status)
        return response.stream(65536)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--ca")
    parser.add_argument("--targets", default="trusted_root.json,signing_config.v0.2.json")
    args = parser.parse_args()

    metadata_dir = os.path.join(args.cache, "metadata")
    target_dir = os.path.join(args.cache, "targets")
    os.makedirs(metadata_dir, exist_ok=True)
    os.makedirs(target_dir, exist_ok=True)
    with open(args.root, "rb") as f:
        bootstrap = f.read()
    mirror = args.mirror.rstrip("/")
    try:
        updater = Updater(metadata_dir=metadata_dir, metadata_base_url=mirror + "/", target_dir=target_dir,
                          target_base_url=mirror + "/targets/", fetcher=TlsFetcher(args.ca),
                          bootstrap=bootstrap)
        updater.refresh()
        targets = {}
        for name in [t for t in args.targets.split(",") if t]:
            info = updater.get_targetinfo(name)
            if info is None:
                raise LookupError(f"target {name} is not listed")
            path = updater.download_target(info, os.path.join(target_dir, name))
            with open(path, "rb") as f:
                data = f.read()
            targets[name] = {"sha256": hashlib.sha256(data).hexdigest(), "length": len(data),
                             "custom": info.custom}
        with open(os.path.join(metadata_dir, "root.json"), "rb") as f:
            root_version = json.load(f)["signed"]["version"]
        print(json.dumps({"ok": True, "root_version": root_version, "targets": targets}))
        return 0
    except Exception as e:  # every refusal is reported, with its type: the reason the test asserts on
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}))
        return 1


if __name__ == "__main__":
    sys.exit(main())
