"""Brede intake: life-domain assessment, wishes and talents, perspectives, participation step.

Filled by the intake issue; the app is registered now so its migrations and
URLs have a home.
"""
