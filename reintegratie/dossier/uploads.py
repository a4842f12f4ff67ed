"""An upload handler that stops receiving a file once it is bigger than any category allows.

Django writes an upload to a temporary file before a view sees it. This handler, first in
``FILE_UPLOAD_HANDLERS``, drops a file as soon as its bytes pass ``UPLOAD_MAX_BYTES`` (the largest
category limit): it is never stored whole, not even in /tmp. The view then tells the person it was
too big (``upload_too_large``). The web server's body limit (client_max_body_size) stops the rest.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class LimitedUploadHandler(FileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_too_large(request):
    """True when this request carried a file that the handler dropped for its size."""
    return getattr(request, "upload_too_large", False)
