from django.urls import path

from participation.posts import views

urlpatterns = [
    path("werkgroep/<int:page_id>/nieuw-bericht/", views.post_create, name="post_create"),
    path("werkgroep/<int:page_id>/berichten/", views.posts_fragment, name="posts_fragment"),
    path("berichten/<int:pk>/", views.post_detail, name="post_detail"),
    path("berichten/<int:pk>/bewerken/", views.post_edit, name="post_edit"),
    path("berichten/<int:pk>/intrekken/", views.post_withdraw, name="post_withdraw"),
    path("berichten/<int:pk>/ster/", views.star, name="star"),
    path("berichten/<int:pk>/reageren/", views.reaction_create, name="reaction_create"),
    path("reacties/<int:pk>/intrekken/", views.reaction_withdraw, name="reaction_withdraw"),
    path("bijlagen/<int:pk>/<str:name>", views.attachment, name="attachment"),
    path("mijn/berichten/", views.my_posts, name="my_posts"),
    path("mijn/sterren/", views.my_stars, name="my_stars"),
]
