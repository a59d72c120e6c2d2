from django.urls import path

from moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.home, name="home"),
    path("verification/", views.verification_queue, name="verification"),
    path("answers/<int:pk>/verify/", views.verify, name="verify"),
    path("answers/<int:pk>/verify-for-asker/", views.verify_for_asker, name="verify_for_asker"),
    path("answers/<int:pk>/unverify/", views.unverify, name="unverify"),
    path("report/<str:kind>/<int:pk>/", views.report, name="report"),
    path("review/", views.review_queue, name="review"),
    path("review/<str:kind>/<int:pk>/<str:action>/", views.review_action, name="review_action"),
    path("review/<str:kind>/<int:pk>/author/<str:action>/", views.review_member_action,
         name="review_member_action"),
    path("threads/<int:pk>/<str:action>/", views.thread_action, name="thread_action"),
    path("members/<str:username>/", views.member_page, name="member"),
    path("members/<str:username>/<str:action>/", views.member_action, name="member_action"),
    path("me/", views.my_standing, name="my_standing"),
    path("log/", views.audit_log, name="audit_log"),
]
