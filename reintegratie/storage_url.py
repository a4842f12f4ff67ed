"""Read ``STORAGE_URL`` into the options of django-storages' S3 backend.

Imported by the settings, so it holds no Django import. The URL::

    s3://ACCESS_KEY:SECRET@host:port/bucket?region=eu-west-1&sse=AES256&prefix=reintegratie
    s3+http://...   the same over plain http (a test server on the loopback interface only)
    s3:///bucket    Amazon's own endpoint; the keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY

``sse`` is the server-side encryption asked for every object: ``AES256`` (the default),
``aws:kms`` (with ``kms_key_id``) or ``none`` for a server that cannot encrypt.
"""

from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = {"s3": "https", "s3+https": "https", "s3+http": "http"}
SSE_VALUES = {"AES256", "aws:kms", "none"}


class StorageUrlError(ValueError):
    """STORAGE_URL cannot be read; the message says what to change."""


def s3_options(url, *, connect_timeout=3.0, read_timeout=30.0):
    """The OPTIONS for ``storages.backends.s3.S3Storage`` described by ``url``."""
    from botocore.config import Config

    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise StorageUrlError(f"STORAGE_URL must start with s3://, s3+https:// or s3+http://, not {parts.scheme!r}")
    bucket = parts.path.strip("/")
    if not bucket or "/" in bucket:
        raise StorageUrlError("STORAGE_URL must name one bucket as its path, e.g. s3://host:9000/reintegratie")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"region", "sse", "kms_key_id", "prefix", "addressing"}
    if unknown:
        raise StorageUrlError(f"STORAGE_URL has unknown options: {', '.join(sorted(unknown))}")
    sse = query.get("sse", "AES256")
    if sse not in SSE_VALUES:
        raise StorageUrlError(f"STORAGE_URL sse must be one of {', '.join(sorted(SSE_VALUES))}, not {sse!r}")

    object_parameters = {}
    if sse != "none":
        object_parameters["ServerSideEncryption"] = sse
        if sse == "aws:kms" and query.get("kms_key_id"):
            object_parameters["SSEKMSKeyId"] = query["kms_key_id"]
    options = {
        "bucket_name": bucket,
        "region_name": query.get("region") or None,
        "location": query.get("prefix", "").strip("/"),
        "object_parameters": object_parameters,
        # Private: objects inherit the bucket's (private) policy; no public ACL is ever set,
        # and the app never hands out a URL to an object (downloads go through the app).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": True,
        "signature_version": "s3v4",
    }
    if parts.hostname:
        options["endpoint_url"] = f"{SCHEMES[parts.scheme]}://{parts.hostname}" + (
            f":{parts.port}" if parts.port else ""
        )
        # Self-hosted servers (MinIO, Ceph, moto) answer on one host name: path-style addressing.
        options["addressing_style"] = query.get("addressing", "path")
    elif "addressing" in query:
        options["addressing_style"] = query["addressing"]
    # Short connect timeout: a health check or a download fails fast when the store is away.
    options["client_config"] = Config(
        s3={"addressing_style": options.get("addressing_style") or "auto"},
        signature_version="s3v4",
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"max_attempts": 3, "mode": "standard"},
    )
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    return options
