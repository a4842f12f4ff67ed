"""Werk zoeken: vacancies, explainable matching with the client's consent, and voordrachten."""
