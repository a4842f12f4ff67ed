import pytest
from django.urls import reverse

from tests.auth import login

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client, coach, client_obj):
    responses = [client.get(reverse("accounts:login"))]
    login(client, coach)
    for url in (reverse("clients:caseload"), reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})):
        responses.append(client.get(url))
    for response in responses:
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "'nonce-" in script_src
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_every_script_tag_carries_the_nonce(client, coach):
    login(client, coach)
    response = client.get(reverse("clients:caseload"))
    html = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert html.count("<script") == html.count(f'nonce="{nonce}"') >= 1
