"""Clients, coach assignments (overdrachten), contact moments and appointments."""
