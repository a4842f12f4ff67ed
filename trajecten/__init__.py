"""Plan van aanpak (versions, goals, actions), instrumentenhuis, trajecten, progress reports, outflow.

Filled by the plan/trajecten issue; the app is registered now so its migrations
and URLs have a home.
"""
