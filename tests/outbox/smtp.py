"""A real SMTP server on loopback (aiosmtpd) that can refuse mail for a while, then accept it."""

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self):
        self.refuse = 0  # refuse this many DATA commands with a temporary error
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Probeer het later opnieuw"
        self.received.append(envelope)
        return "250 OK"


class SmtpServer:
    def __init__(self, port):
        self.handler = Handler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)
        self.port = port

    def __enter__(self):
        self.controller.start()
        return self.handler

    def __exit__(self, *exc):
        self.controller.stop()


def use_smtp(settings, port):
    """Deliver the outbox through the SMTP server on this loopback port."""
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
