from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("unanswered/", views.unanswered, name="unanswered"),
    path("solved/", views.solved, name="solved"),
    path("mine/", views.mine, name="mine"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("ask/", views.ask, name="ask"),
    path("t/<int:pk>/<slug:slug>/", views.thread, name="thread"),
    path("thread/<int:pk>/answer/", views.answer_create, name="answer"),
    path("thread/<int:pk>/me-too/", views.me_too, name="me_too"),
    path("a/<int:pk>/accept/", views.accept, name="accept"),
    path("<str:kind>/<int:pk>/kudos/", views.kudo, name="kudo"),
    path("<str:kind>/<int:pk>/edit/", views.edit, name="edit"),
    path("<str:kind>/<int:pk>/history/", views.history, name="history"),
    path("<str:kind>/<int:pk>/delete/", views.delete, name="delete"),
    path("follow/<str:kind>/<str:key>/", views.follow, name="follow"),
    path("preview/", views.preview, name="preview"),
    path("upload/", views.upload, name="upload"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("members/<str:username>/", views.profile, name="profile"),
    path("members/<str:username>/avatar.svg", views.avatar, name="avatar"),
    path("settings/", views.settings_view, name="settings"),
]
