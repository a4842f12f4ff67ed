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
            if message.attachments or message.bcc:
                # The outbox keeps plain text to open addressees; refuse rather than drop or reveal unseen.
                raise ValueError("the outbox carries no attachments and no bcc")
            mail = mail_queue(
                to=[*message.to, *message.cc],
                subject=message.subject,
                body=message.body,
                from_email=message.from_email,
            )
            count += mail is not None
        return count
