from django.urls import reverse


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_home_renders_for_a_signed_in_person(client, executor):
    client.force_login(executor)
    assert client.get(reverse("home")).status_code == 200
