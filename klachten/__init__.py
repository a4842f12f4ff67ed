"""Zaak: complaints, sanctions and objections share one model; Awb deadlines.

Filled by the klachten issue; the app is registered now so its migrations and
URLs have a home.
"""
