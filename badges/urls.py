from django.urls import path

from badges import views

app_name = "badges"
urlpatterns = [
    path("", views.index, name="index"),
    path("ranks/", views.ranks, name="ranks"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("b/<slug:slug>/", views.detail, name="detail"),
    path("b/<slug:slug>/grant/", views.grant, name="grant"),
    path("b/<slug:slug>/revoke/", views.revoke, name="revoke"),
    path("members/<str:username>/reputation/", views.history, name="history"),
]
