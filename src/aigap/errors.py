"""The aigap exception tree. Every error a user can cause is one of these.

    AigapError                 any error aigap reports as one line (exit status 1)
    ├── ConfigError            bad setting: unknown database URL scheme, unwritable AIGAP_HOME
    ├── StoreError             the database cannot be used
    │   ├── DatabaseUnavailable    server unreachable, file unopenable, connection lost
    │   ├── NotAigapDatabase       a corrupt file, or another program's database
    │   └── SchemaTooNew           created by a newer aigap
    ├── InputError             one input cannot be read (the batch goes on)
    │   └── FetchError             a URL could not be fetched
    ├── NotFound               an id that does not exist
    └── ValidationError        user data that breaks a rule (bad CSV, unknown indicator)

The CLI prints ``error: <message>`` (plus ``hint`` when set); the web app maps each class to one JSON
shape ``{"error": {"type", "message", "hint"}}`` with a fitting status code.
"""

from __future__ import annotations

__all__ = [
    "AigapError",
    "ConfigError",
    "DatabaseUnavailable",
    "FetchError",
    "InputError",
    "NotAigapDatabase",
    "NotFound",
    "SchemaTooNew",
    "StoreError",
    "ValidationError",
]


class AigapError(Exception):
    """Base class: a one-line, user-facing message and an optional hint."""

    status_code = 400

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(AigapError):
    status_code = 500


class StoreError(AigapError):
    status_code = 503


class DatabaseUnavailable(StoreError):
    pass


class NotAigapDatabase(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class InputError(AigapError):
    status_code = 400


class FetchError(InputError):
    pass


class NotFound(AigapError):
    status_code = 404


class ValidationError(AigapError):
    status_code = 422
