def test_smoke(client, activity_factory, manager):
    activity = activity_factory()
    client.force_login(manager)
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200, response.content[:2000]
