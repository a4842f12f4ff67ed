"""An e-mail backend that puts every message in the outbox instead of sending it.

Set as ``EMAIL_BACKEND``, so Django's own mails (the password-reset link) go
through the outbox like ours. The real transport is ``OUTBOX_DELIVERY_BACKEND``
(from ``EMAIL_URL``).
"""

from django.core.mail.backends.base import BaseEmailBackend

from .services import mail_queue


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if message.attachments:
                # The outbox keeps plain text; refuse rather than drop an attachment unseen.
                raise ValueError("the outbox does not carry attachments")
            mail = mail_queue(
                to=[*message.to, *message.cc, *message.bcc],
                subject=message.subject,
                body=message.body,
                from_email=message.from_email,
            )
            count += mail is not None
        return count
