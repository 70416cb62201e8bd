from django.urls import path

from requests_tracker.collective import registration_views, views

urlpatterns = [
    path("", views.appeal_list, name="collective-appeals"),
    path("new/", views.appeal_new, name="collective-appeal-new"),
    path("<int:pk>/", views.appeal_detail, name="collective-appeal-detail"),
    path("<int:pk>/cosigners/", views.cosigner_add, name="collective-cosigner-add"),
    path(
        "<int:pk>/cosigners/<int:cosigner_id>/confirm/",
        views.cosigner_confirm,
        name="collective-cosigner-confirm",
    ),
    path("<int:pk>/addressees/", views.addressees_add, name="collective-addressees-add"),
    path("<int:pk>/schedule/", views.appeal_schedule, name="collective-appeal-schedule"),
    path("<int:pk>/cancel/", views.appeal_cancel, name="collective-appeal-cancel"),
    path("<int:pk>/remind-silent/", views.appeal_remind_silent, name="collective-remind-silent"),
    path("<int:pk>/complain/", views.appeal_complain, name="collective-complain"),
    path(
        "<int:pk>/registrations/",
        registration_views.registrations_record,
        name="collective-registrations",
    ),
    path(
        "<int:pk>/registrations/upload/",
        registration_views.registrations_upload,
        name="collective-registrations-upload",
    ),
]
