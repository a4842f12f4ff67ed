#!/usr/bin/env python
"""Back up and restore the database and the file bucket; check that the restore is whole.

    backup  --out DIR    pg_dump of DATABASE_URL (custom format) + every object of STORAGE_URL's bucket
    restore --from DIR   into an EMPTY database (DATABASE_URL) and an empty or new bucket (STORAGE_URL)
    check                every ready letter and export readable with its checksum (manage.py check_files)

DATABASE_URL and STORAGE_URL come from the environment, as for the app. A drill restores into a
separate database and bucket, runs `check`, then starts a web node on them and downloads a letter
(`make restore-drill` does all of that against `make stack`; see docs/deploy.md).
Objects are written again with the encryption STORAGE_URL asks for.
"""

# Runs our own backup tools with fixed arguments:
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reintegratie.storage_url import s3_options  # noqa: E402


def _s3():
    import boto3

    options = s3_options(os.environ["STORAGE_URL"])
    client = boto3.client(
        "s3",
        endpoint_url=options.get("endpoint_url"),
        aws_access_key_id=options.get("access_key"),
        aws_secret_access_key=options.get("secret_key"),
        region_name=options.get("region_name") or "us-east-1",
        config=options["client_config"],
    )
    return client, options


def _pg_args(url):
    """libpq connection arguments for pg_dump/pg_restore; the password goes through PGPASSWORD."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = parts.password
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    return args, parts.path.lstrip("/"), env


def backup(out: Path):
    out.mkdir(parents=True, exist_ok=False)
    args, database, env = _pg_args(os.environ["DATABASE_URL"])
    subprocess.run(["pg_dump", *args, "-Fc", "-f", str(out / "database.dump"), database], env=env, check=True)
    client, options = _s3()
    objects = out / "bucket"
    count = 0
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=options["bucket_name"]):
        for item in page.get("Contents", []):
            target = objects / item["Key"]
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(options["bucket_name"], item["Key"], str(target))
            count += 1
    (out / "manifest.json").write_text(json.dumps({"objects": count, "bucket": options["bucket_name"]}))
    print(f"backup: database dump and {count} {'object' if count == 1 else 'objects'} in {out}")


def restore(source: Path):
    args, database, env = _pg_args(os.environ["DATABASE_URL"])
    subprocess.run(
        ["pg_restore", *args, "-d", database, "--no-owner", "--exit-on-error", str(source / "database.dump")],
        env=env,
        check=True,
    )
    client, options = _s3()
    bucket = options["bucket_name"]
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        client.create_bucket(Bucket=bucket)
    extra = dict(options["object_parameters"])
    count = 0
    for path in sorted((source / "bucket").rglob("*")):
        if path.is_file():
            client.upload_file(str(path), bucket, path.relative_to(source / "bucket").as_posix(), ExtraArgs=extra)
            count += 1
    expected = json.loads((source / "manifest.json").read_text())["objects"]
    noun = "object" if expected == 1 else "objects"
    print(f"restore: database restored, {count} of {expected} {noun} in bucket '{bucket}'")
    if count != expected:
        sys.exit(1)


def check():
    subprocess.run([sys.executable, str(REPO / "manage.py"), "check_files"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("backup").add_argument("--out", type=Path, required=True)
    sub.add_parser("restore").add_argument("--from", dest="source", type=Path, required=True)
    sub.add_parser("check")
    args = parser.parse_args()
    if args.command == "backup":
        backup(args.out)
    elif args.command == "restore":
        restore(args.source)
    else:
        check()


if __name__ == "__main__":
    main()
