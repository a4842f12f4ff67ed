"""Settings, read from the environment (django-environ).

Every variable is listed in ``.env.example``. With nothing set, the app runs on
the embedded default: SQLite in ``var/``, Celery tasks in-process, e-mail to
the console. Production values fail fast when missing.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

# pytest sets PYTEST_VERSION for the whole run (pytest >= 8.2).
TESTING = "PYTEST_VERSION" in os.environ

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# Without a key, management commands (migrate, makemigrations, shell) still work
# with a development key; serving refuses to start (reintegratie/wsgi.py), and
# check --deploy flags the key as insecure (security.W009).
SECRET_KEY_IS_DEVELOPMENT = not SECRET_KEY
if SECRET_KEY_IS_DEVELOPMENT:
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The municipality this installation serves; shown in the header and on letters.
GEMEENTE_NAAM = env("GEMEENTE_NAAM", default="Gemeente Voorbeeldstad")
# Where staff open the app; links in mails sent by scheduled jobs (no request to build them from).
SITE_URL = env("SITE_URL", default="http://localhost:8000")
# The municipality's general number: letters about a zaak without a handler give it as the contact.
GEMEENTE_TELEFOON = env("GEMEENTE_TELEFOON", default="14 0123")
# Where a complainant goes after our decision (Awb 9:12): the Nationale ombudsman unless the
# municipality has its own ombudsman.
OMBUDSMAN = env("OMBUDSMAN", default="de Nationale ombudsman (www.nationaleombudsman.nl, telefoon 0800 33 55 555)")

# Demo mode: seed_demo may run and the login page may mention demo accounts.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)
# Letter previews (a letter template as HTML from real data, linked on the client file): a
# developer's tool, off unless asked for. `LETTER_PREVIEWS=true make run` shows them.
LETTER_PREVIEWS = env.bool("LETTER_PREVIEWS", default=False)

INSTALLED_APPS = [
    "reintegratie.admin.BeheerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "reintegratie.accounts",
    "reintegratie.audit",
    "reintegratie.documents",
    "reintegratie.outbox",
    "reintegratie.scheduling",
    "reintegratie.reports",
    "clients",
    "intake",
    "trajecten",
    "klachten",
    "reintegratie.vacatures",
    "reintegratie.demo",
    "reintegratie.bewaren",
    "reintegratie.dossier",
    "reintegratie.berichten",
    "pgtrigger",
    "pghistory",
    "reintegratie.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication: puts the user into the field history's context (PostgreSQL only).
    "reintegratie.privacy.middleware.HistoryContextMiddleware",
    "reintegratie.accounts.sessions.SessionLifetimeMiddleware",
    "reintegratie.accounts.otp.OTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "reintegratie.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reintegratie.urls"
WSGI_APPLICATION = "reintegratie.wsgi.application"

TEMPLATES = [
    {
        # Django's backend; {% load i18n %} gives reintegratie/template_i18n.py (a literal's
        # {% translate %} looked up once per language).
        "BACKEND": "reintegratie.template_i18n.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "reintegratie.context_processors.site",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Every query here is a short OLTP query: JIT compilation only adds time (tens to
    # hundreds of ms on the export and dashboard queries). random_page_cost tells the
    # planner that random reads are about as cheap as sequential ones (SSD, data in
    # cache), so a team's 600 clients are found through the coach index instead of a
    # scan of every client. See docs/performance.md.
    # work_mem: the sort of a 40,000-row export spilled to disk at the default 4 MB (an external merge
    # of 4 MB); 16 MB keeps it in memory. It is per sort or hash, not per connection.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
        f" -c work_mem={env.str('DATABASE_WORK_MEM', default='16MB')}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Authentication and sessions
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login for a locked account, even with the right password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing speed is irrelevant to what the tests check.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle timeout: 15 minutes, renewed on every request. Sessions live in the
# database so any web process can serve any request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=15 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# Database sessions; a lost database connection while saving answers 503, not 400 (accounts/sessions.py).
SESSION_ENGINE = "reintegratie.accounts.sessions"
# Absolute timeout: one working day after login, whatever the activity (ASVS 3.3.2).
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Two-factor authentication (django-otp, TOTP) for every staff role.
OTP_TOTP_ISSUER = "Werk en re-integratie"
OTP_LOGIN_URL = LOGIN_URL

# Brute-force protection (django-axes): a username locks after 10 failed attempts
# from one IP address; a teamleider or beheerder unlocks it, or it unlocks after the
# cool-off. Per username and address, so someone elsewhere typing wrong passwords for
# coach2 cannot lock the real coach2 out. From the third failure on, each next try
# from that address waits 1, 2, 4 ... seconds (accounts.services.login_wait_seconds).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_SLOWDOWN_AFTER = 3
LOGIN_SLOWDOWN_MAX_SECONDS = 60
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = True

# ---------------------------------------------------------------------------
# HTTPS and security headers
# ---------------------------------------------------------------------------
# DJANGO_HTTPS defaults to on outside DEBUG; switch it off only for a local
# stack served over plain http (docker compose on a laptop).
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # The __Host- prefix pins the cookie to this host, https and path / (ASVS 3.4.4).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = HTTPS and not TESTING
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# ---------------------------------------------------------------------------
# Language, time
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Office hours: an appointment outside them (or on a weekend or public holiday) asks the coach to confirm.
OFFICE_OPENS = env.str("OFFICE_OPENS", default="08:00")
OFFICE_CLOSES = env.str("OFFICE_CLOSES", default="18:00")
# A client may cancel or move an appointment in the portal until this many working days before it,
# at the same clock time (clients/afspraak_rules.py; docs/afspraken.md). A municipal choice.
AFSPRAAK_WIJZIGEN_WERKDAGEN = env.int("AFSPRAAK_WIJZIGEN_WERKDAGEN", default=1)
# Contact rhythm per dienstverleningsroute (clients/rhythm.py, docs/contactritme.md): contact expected every
# contact_weeks; the plan evaluated evaluation_weeks after agreement unless the plan names a date. A municipal
# choice: CONTACT_RHYTHM (JSON) replaces the routes it names. "" is a client without a route yet.
CONTACT_RHYTHM = {
    "intensief": {"contact_weeks": 2, "evaluation_weeks": 13},
    "direct_naar_werk": {"contact_weeks": 3, "evaluation_weeks": 13},
    "arbeidsperspectief_ontdekken": {"contact_weeks": 4, "evaluation_weeks": 26},
    "maatschappelijke_participatie": {"contact_weeks": 8, "evaluation_weeks": 52},
    "": {"contact_weeks": 6, "evaluation_weeks": 26},
}
CONTACT_RHYTHM.update(env.json("CONTACT_RHYTHM", default={}))
# The caseload warns this many days before contact or an evaluation is late.
CONTACT_SOON_DAYS = env.int("CONTACT_SOON_DAYS", default=7)
EVALUATION_SOON_DAYS = env.int("EVALUATION_SOON_DAYS", default=14)
# The domain part of an appointment's UID in its .ics file (stable, so calendars update the entry).
ICAL_UID_DOMAIN = env.str("ICAL_UID_DOMAIN", default="werk.voorbeeldstad.nl")

# ---------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Letters and exports: local files under MEDIA_ROOT by default; with STORAGE_URL an
# S3-API object store (private bucket, server-side encryption), so web nodes and
# workers on different machines share no disk. See reintegratie/storage_url.py.
STORAGE_URL = env("STORAGE_URL", default="")
if STORAGE_URL:
    from reintegratie.storage_url import s3_options

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_options(
            STORAGE_URL,
            connect_timeout=env.float("STORAGE_CONNECT_TIMEOUT", default=3.0),
            read_timeout=env.float("STORAGE_READ_TIMEOUT", default=30.0),
        ),
    }
# Web nodes and workers check the storage when they start (bucket, credentials, a test write).
STORAGE_CHECK_AT_STARTUP = env.bool("STORAGE_CHECK_AT_STARTUP", default=True)

# ---------------------------------------------------------------------------
# Privacy: field history, inzage (AVG art. 15); see docs/privacy.md
# ---------------------------------------------------------------------------
# Only writing requests carry a history context; reads need none.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Triggers are installed by migrations, so a deploy shows them in the migration plan.
PGTRIGGER_INSTALL_ON_MIGRATE = False
# An inzage zip (everything about one client) is removed from storage this many days after it was made.
INZAGE_KEEP_DAYS = env.int("INZAGE_KEEP_DAYS", default=7)

# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ---------------------------------------------------------------------------
# Dossier and berichten
# ---------------------------------------------------------------------------
# How long a document is kept, in months, per category (reintegratie/dossier/categories.py).
# Medical papers the shortest: they are kept only while the decision that needed them runs.
DOSSIER_RETENTION_MONTHS = {
    "cv": 60,
    "diploma": 60,
    "inkomen": 24,
    "aanwezigheid": 24,
    "overig": 24,
    "medisch": 12,
}
# The clamd unix socket (e.g. /run/clamav/clamd.ctl). Unset: uploads are not scanned (development
# only); production must set it. Set but unreachable: every upload is refused (fail closed).
CLAMD_SOCKET = env("CLAMD_SOCKET", default="")
# No upload is received beyond the largest category limit (reintegratie/dossier/uploads.py).
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "reintegratie.dossier.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The answer promise: a client's message is answered within this many working days (Atw-aware).
BERICHT_ANTWOORD_WERKDAGEN = env.int("BERICHT_ANTWOORD_WERKDAGEN", default=2)

# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@voorbeeldstad.nl")
# Every mail goes through the outbox (reintegratie/outbox): a row first, sent by a
# worker, marked sent only when the server from EMAIL_URL accepted it.
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend" if TESTING else vars()["EMAIL_BACKEND"]
EMAIL_BACKEND = "reintegratie.outbox.backends.OutboxBackend"
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)

# ---------------------------------------------------------------------------
# Celery
# ---------------------------------------------------------------------------
# Without a broker URL, tasks run in-process: the embedded default.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task; long waits live in the database, not in ETAs.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    # Fail fast instead of hanging a web request when Redis is down.
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE
# Letters: a letter still waiting after this many seconds is published again by
# the sweep; a render claim older than this many seconds belongs to a dead
# worker (keep it above CELERY_TASK_TIME_LIMIT).
LETTER_REQUEUE_AFTER_SECONDS = env.int("LETTER_REQUEUE_AFTER_SECONDS", default=60)
LETTER_CLAIM_EXPIRES_SECONDS = env.int("LETTER_CLAIM_EXPIRES_SECONDS", default=120)
LETTER_SWEEP_EVERY_SECONDS = env.float("LETTER_SWEEP_EVERY_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    # A letter whose message was lost (broker down, worker killed) is published again.
    "brieven: opnieuw aanbieden wat blijft hangen": {
        "task": "reintegratie.documents.tasks.sweep_briefs_task",
        "schedule": LETTER_SWEEP_EVERY_SECONDS,
    },
    # Every active client gets a progress report at least every three months.
    "brieven: periodieke voortgangsrapportages": {
        "task": "reintegratie.documents.tasks.progress_reports_task",
        "schedule": crontab(hour=6, minute=15),
    },
    # A mail the server refused is tried again; a mail whose message was lost is published again.
    "e-mail: opnieuw versturen wat wacht": {
        "task": "reintegratie.outbox.tasks.sweep_outbox_task",
        "schedule": 60.0,
    },
    # An export whose message was lost (broker down, worker killed) is published again.
    "rapportage: exports opnieuw aanbieden": {
        "task": "reintegratie.reports.tasks.sweep_exports_task",
        "schedule": 120.0,
    },
    # The access log is partitioned by month on PostgreSQL; the coming months are made ahead.
    "toegangslog: maandpartities vooruit aanmaken": {
        "task": "reintegratie.audit.tasks.accesslog_partitions_task",
        "schedule": crontab(hour=5, minute=45),
    },
    # The municipality-wide dashboard reads one stored row: computing 40,000 clients live takes seconds.
    "rapportage: KPI-overzicht van de hele gemeente": {
        "task": "reintegratie.reports.tasks.kpi_snapshot_task",
        "schedule": crontab(hour=1, minute=30),
    },
    # Retention (docs/privacy.md): this month's destruction list once a month; the other terms daily.
    "bewaren: vernietigingslijst en bewaartermijnen": {
        "task": "reintegratie.bewaren.tasks.retention_daily_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # The day before an appointment the client gets a reminder without personal data; once per appointment and day.
    "afspraken: herinnering de dag ervoor": {
        "task": "clients.tasks.afspraak_reminders_task",
        "schedule": crontab(hour=9, minute=0),
    },
    # Each coach gets a weekly overview (counts only, no personal data): contact and evaluations due; once a week.
    "caseload: weekoverzicht voor werkcoaches": {
        "task": "clients.tasks.weekly_overview_task",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    # An inzage zip holds a whole file: it is removed INZAGE_KEEP_DAYS after it was made.
    "privacy: verlopen inzagebestanden verwijderen": {
        "task": "reintegratie.privacy.tasks.inzage_expire_task",
        "schedule": crontab(hour=4, minute=50),
    },
    # A document is kept until its retain_until (DOSSIER_RETENTION_MONTHS per category), then deleted with its file.
    "dossier: verlopen documenten verwijderen": {
        "task": "reintegratie.dossier.tasks.documents_expire_task",
        "schedule": crontab(hour=3, minute=10),
    },
    # Handlers hear of a deadline before it passes; overdue zaken go to the teamleider (dwangsom risk).
    "zaken: herinneringen en verlopen termijnen": {
        "task": "klachten.tasks.zaken_remind_task",
        "schedule": crontab(hour=6, minute=30),
    },
}

# ---------------------------------------------------------------------------
# Retention and destruction (docs/privacy.md, "Bewaartermijnen en vernietiging": sources, and
# which term is the municipality's own choice)
# ---------------------------------------------------------------------------
# Client file (re-integration): years after the file ended (status uitgestroomd/afgesloten and
# the last activity). Selectielijst gemeenten 2020; check the category in the municipality's list.
RETENTION_CLIENT_FILE_YEARS = env.int("RETENTION_CLIENT_FILE_YEARS", default=5)
# Access log: whole months, the current one counted (municipal choice; BIO 8.15).
RETENTION_ACCESS_LOG_MONTHS = env.int("RETENTION_ACCESS_LOG_MONTHS", default=36)
# Drop a month past its term (true) or only detach it for archiving first (false).
RETENTION_ACCESS_LOG_DROP = env.bool("RETENTION_ACCESS_LOG_DROP", default=True)
# Field history (who changed what): years; a destroyed client's history goes with the file.
RETENTION_HISTORY_YEARS = env.int("RETENTION_HISTORY_YEARS", default=5)
# Sent or failed mails in the outbox; finished exports (and their files).
RETENTION_MAIL_DAYS = env.int("RETENTION_MAIL_DAYS", default=90)
RETENTION_EXPORT_DAYS = env.int("RETENTION_EXPORT_DAYS", default=7)
# A second beheerder approves the destruction list (four eyes). Off only for a one-person municipality.
RETENTION_FOUR_EYES = env.bool("RETENTION_FOUR_EYES", default=True)

# ---------------------------------------------------------------------------
# Logging: no personal data in messages; identifiers only.
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO", "propagate": True},
    },
}
