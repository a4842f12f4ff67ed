"""Letters and exports live behind Django's storage API: local files or an S3-API object store.

- ``file_response`` streams a stored file through the app in blocks; the caller has
  already applied the access policy and written the access log. No URL to an object
  is ever handed out (no public or pre-signed link).
- ``storage_state`` is the storage line of ``/health/``.
- ``check_storage`` is the start-up check of web nodes and workers: a missing bucket,
  refused credentials or an unreachable server stop the process with a clear message
  instead of a 500 on the first download.
"""

import logging
import os
import socket
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse

logger = logging.getLogger(__name__)


def uses_object_store(storage=None):
    """True when files go to an S3-API object store (django-storages' S3 backend)."""
    storage = storage if storage is not None else default_storage
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def _object_key(storage, name):
    from storages.utils import clean_name

    return storage._normalize_name(clean_name(name))


def open_stream(fieldfile):
    """A file-like object to read the stored file from, in blocks, and its size in bytes."""
    storage = fieldfile.storage
    if uses_object_store(storage):
        answer = storage.connection.meta.client.get_object(
            Bucket=storage.bucket_name, Key=_object_key(storage, fieldfile.name)
        )
        return answer["Body"], answer["ContentLength"]
    return storage.open(fieldfile.name, "rb"), storage.size(fieldfile.name)


def file_response(fieldfile, *, filename, content_type):
    """Stream the stored file to the browser as an attachment."""
    stream, size = open_stream(fieldfile)
    response = FileResponse(stream, as_attachment=True, filename=filename, content_type=content_type)
    response["Content-Length"] = str(size)
    return response


def _endpoint(storage):
    return storage.endpoint_url or "Amazon S3"


def _explain(error, storage):
    """One sentence an operator can act on, without the secret."""
    from botocore.exceptions import ClientError, HTTPClientError, NoCredentialsError
    from botocore.exceptions import ConnectionError as EndpointUnreachable

    where = f"bucket '{storage.bucket_name}' at {_endpoint(storage)}"
    if isinstance(error, NoCredentialsError):
        return f"No credentials for the object store ({where}): put them in STORAGE_URL or AWS_ACCESS_KEY_ID."
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in ("404", "NoSuchBucket") or status == 404:
            return f"The {where} does not exist. Create it (private), or correct the bucket in STORAGE_URL."
        if code in ("403", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied") or status == 403:
            key = (storage.access_key or "")[:4]
            return (
                f"The object store refused the credentials for {where} ({code or status}; access key "
                f"'{key}…'). Check the access key and secret in STORAGE_URL and the key's rights on the bucket."
            )
        return f"The object store answered {code or status} for {where}: {error}"
    if isinstance(error, (EndpointUnreachable, HTTPClientError, OSError)):
        return (
            f"The object store at {_endpoint(storage)} cannot be reached ({type(error).__name__}). "
            "Check the host and port in STORAGE_URL and the network."
        )
    return f"The object store ({where}) failed: {type(error).__name__}: {error}"


def check_storage(storage=None, *, write=True):
    """Raise ImproperlyConfigured with a clear message unless the storage works.

    With an object store: the bucket must exist and the credentials must be accepted;
    with ``write`` a small object is written (with the configured encryption) and removed.
    """
    storage = storage if storage is not None else default_storage
    if not uses_object_store(storage):
        return
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
        if write:
            name = f"_startup-check/{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex}"
            key = storage._normalize_name(name)
            client.put_object(
                Bucket=storage.bucket_name, Key=key, Body=ContentFile(b"ok").read(), **storage.object_parameters
            )
            client.delete_object(Bucket=storage.bucket_name, Key=key)
    except Exception as error:  # every failure gets the one clear message
        raise ImproperlyConfigured(f"File storage: {_explain(error, storage)}") from error


def storage_state():
    """'local' for files on this machine's disk, 'ok' or 'unavailable' for the object store."""
    if not uses_object_store():
        return "local"
    try:
        check_storage(write=False)
    except ImproperlyConfigured as error:
        logger.warning("health: storage unavailable: %s", error)
        return "unavailable"
    return "ok"


def storage_deploy_check(app_configs=None, **kwargs):
    """System check for ``manage.py check --deploy``: the storage answers and accepts a write."""
    from django.core import checks

    try:
        check_storage()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="reintegratie.E014")]
    return []
