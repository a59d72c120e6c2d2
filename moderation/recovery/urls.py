from django.urls import path

from moderation.recovery import views

urlpatterns = [
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/missing-page/", views.feedback_missing, name="feedback_missing"),
    path("feedback/inbox/", views.inbox, name="inbox"),
    path("feedback/<int:pk>/handled/", views.feedback_handled, name="feedback_handled"),
    path("compliments/", views.compliments, name="compliments"),
    path("waiting/", views.queue, name="waiting"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/take/", views.case_take, name="case_take"),
    path("cases/<int:pk>/reassign/", views.case_reassign, name="case_reassign"),
    path("cases/<int:pk>/status/", views.case_status, name="case_status"),
    path("cases/<int:pk>/reply/", views.recovery_reply, name="recovery_reply"),
    path("threads/<int:thread_pk>/case/", views.case_for_thread, name="case_for_thread"),
    path("threads/<int:thread_pk>/notes/", views.note_add, name="note_add"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("follow-up/<str:token>/", views.follow_up, name="follow_up"),
]
