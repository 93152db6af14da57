from django.urls import path

from rumdoh.protection.views import (
    cases,
    home,
    identification,
    identification_requests,
    providers,
    referrals,
)

app_name = "protection"
urlpatterns = [
    path("", home.home, name="home"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/stage/", cases.case_stage, name="case_stage"),
    path("cases/<int:pk>/plan/", cases.case_plan, name="case_plan"),
    path("cases/<int:pk>/services/", cases.case_service, name="case_service"),
    path("cases/<int:pk>/follow-ups/", cases.case_follow_up, name="case_follow_up"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("follow-ups/<int:pk>/done/", cases.follow_up_done, name="follow_up_done"),
    path("persons/<int:pk>/identify/", identification.identify, name="identify"),
    path(
        "identification-requests/",
        identification_requests.identification_queue,
        name="identification_queue",
    ),
    path(
        "screenings/<int:pk>/request-identification/",
        identification_requests.request_identification,
        name="request_identification",
    ),
    path(
        "identification-requests/<int:pk>/withdraw/",
        identification_requests.withdraw_request,
        name="withdraw_identification_request",
    ),
    path("persons/<int:pk>/refer/", referrals.refer, name="refer"),
    path("persons/<int:pk>/open-case/", cases.case_open, name="case_open"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/accept/", referrals.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", referrals.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/withdraw/", referrals.referral_withdraw, name="referral_withdraw"),
    path("providers/", providers.provider_list, name="providers"),
    path("providers/new/", providers.provider_create, name="provider_create"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", providers.provider_edit, name="provider_edit"),
]
