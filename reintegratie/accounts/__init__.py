"""Users, roles, teams, provider organisations, login and the access policy."""
