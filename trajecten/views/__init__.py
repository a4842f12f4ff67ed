"""Views of the trajecten app: plan.py (plan van aanpak), traject.py (trajecten, reports, outflow)."""
