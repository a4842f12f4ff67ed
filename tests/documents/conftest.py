"""The demo and zaak-letter fixtures of test_letter_texts, shared with the other letter tests."""

from tests.documents.test_letter_texts import demo, sanctieregels, world, zaak_letters  # noqa: F401
