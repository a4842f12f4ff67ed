"""bsn-guard's view of logging: every record, also of loggers that do not propagate, and calls below a level.

``Logger.callHandlers`` is wrapped, so every record that is made reaches the active guards whether or
not it propagates to the root logger. ``Logger.debug`` … ``Logger.log`` are wrapped, so a call below the
logger's level (DEBUG when the level is INFO), which makes no record at all, is formatted and handed to
the guards as well. Levels and handlers stay as configured: nothing more is printed.
"""

import logging

# SQL parameters are data; settings.LOGGING pins this logger at INFO, so its DEBUG lines are never
# written (they only exist while a test counts queries).
NOT_WRITTEN_BELOW_LEVEL = ("django.db.backends",)


GUARDS = []  # the active guards; the logging patches hand every record to each of them
_LEVEL_METHODS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "warn": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
    "fatal": logging.CRITICAL,
}
_ORIGINALS = {}


def _unwritten(logger, level, msg, args):
    """A call below the logger's level (or to a disabled logger): no record is made, so format it here."""
    if not GUARDS or logger.name.startswith(NOT_WRITTEN_BELOW_LEVEL):
        return
    try:
        text = str(msg) % args if args else str(msg)
    except Exception:  # the same message would fail in logging too, once its level is on
        text = f"{msg} {args!r}"
    for guard in list(GUARDS):
        guard.add("log", logger.name, text)


def _level_method(name, level):
    original = _ORIGINALS[name]

    def method(self, msg, *args, **kwargs):
        if self.disabled or not self.isEnabledFor(level):
            _unwritten(self, level, msg, args)
            return None
        kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + 1  # the caller, not this wrapper
        return original(self, msg, *args, **kwargs)

    return method


def _log_method(self, level, msg, *args, **kwargs):
    if not isinstance(level, int) or self.disabled or not self.isEnabledFor(level):
        _unwritten(self, level, msg, args)
    if isinstance(level, int) and not self.disabled and self.isEnabledFor(level):
        kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + 1
    return _ORIGINALS["log"](self, level, msg, *args, **kwargs)


def _call_handlers(self, record):
    """Every record that is made, whether or not it propagates to the root logger."""
    for guard in list(GUARDS):
        guard.add_record(record)
    return _ORIGINALS["callHandlers"](self, record)


def install_logging_patches():
    if _ORIGINALS:
        return
    for name in (*_LEVEL_METHODS, "log", "callHandlers"):
        _ORIGINALS[name] = getattr(logging.Logger, name)
    for name, level in _LEVEL_METHODS.items():
        setattr(logging.Logger, name, _level_method(name, level))
    logging.Logger.log = _log_method
    logging.Logger.callHandlers = _call_handlers


def remove_logging_patches():
    for name, original in _ORIGINALS.items():
        setattr(logging.Logger, name, original)
    _ORIGINALS.clear()
