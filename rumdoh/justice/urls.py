from django.urls import path

from rumdoh.justice.views import cases, compensation, court, custody, due, interviews, parties

app_name = "justice"
urlpatterns = [
    path("", due.home, name="home"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/timeline/", cases.case_timeline, name="case_timeline"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/notes/", cases.case_notes, name="case_notes"),
    path("cases/<int:pk>/prosecutor/", cases.case_prosecutor, name="case_prosecutor"),
    path("cases/<int:pk>/stage/", cases.case_stage, name="case_stage"),
    path("cases/<int:pk>/victims/new/", parties.victim_add, name="victim_add"),
    path("cases/<int:pk>/suspects/new/", parties.suspect_new, name="suspect_new"),
    path("cases/<int:pk>/charges/new/", parties.charge_add, name="charge_add"),
    path("cases/<int:pk>/arrests/new/", custody.arrest_new, name="arrest_new"),
    path("cases/<int:pk>/warrants/new/", custody.warrant_new, name="warrant_new"),
    path("cases/<int:pk>/supervision/new/", custody.supervision_new, name="supervision_new"),
    path("cases/<int:pk>/hearings/new/", court.hearing_new, name="hearing_new"),
    path("cases/<int:pk>/verdicts/new/", court.verdict_new, name="verdict_new"),
    path("cases/<int:pk>/settlements/new/", court.settlement_new, name="settlement_new"),
    path("cases/<int:pk>/orders/new/", compensation.order_new, name="order_new"),
    path("victims/<int:pk>/", parties.victim_edit, name="victim_edit"),
    path("victims/<int:pk>/non-punishment/", parties.non_punishment_flag, name="non_punishment"),
    path(
        "victims/<int:pk>/non-punishment/review/",
        parties.non_punishment_review,
        name="non_punishment_review",
    ),
    path("victims/<int:pk>/calculator/", compensation.victim_calculator, name="victim_calculator"),
    path("suspects/<int:pk>/", parties.suspect_detail, name="suspect_detail"),
    path("suspects/<int:pk>/edit/", parties.suspect_edit, name="suspect_edit"),
    path("suspects/<int:pk>/absconded/", parties.suspect_absconded, name="suspect_absconded"),
    path("charges/<int:pk>/remove/", parties.charge_remove, name="charge_remove"),
    path("arrests/<int:pk>/outcome/", custody.arrest_outcome, name="arrest_outcome"),
    path("warrants/<int:pk>/", custody.warrant_update, name="warrant_update"),
    path("supervision/<int:pk>/check-in/", custody.check_in, name="check_in"),
    path("supervision/<int:pk>/end/", custody.supervision_end, name="supervision_end"),
    path("hearings/<int:pk>/", court.hearing_update, name="hearing_update"),
    path("calculator/", compensation.calculator, name="calculator"),
    path("worksheets/<int:pk>/", compensation.worksheet_detail, name="worksheet"),
    path("worksheets/<int:pk>/pdf/", compensation.worksheet_pdf, name="worksheet_pdf"),
    path("orders/<int:pk>/", compensation.order_detail, name="order_detail"),
    path("orders/<int:pk>/payments/new/", compensation.payment_new, name="payment_new"),
    path("orders/<int:pk>/enforcement/new/", compensation.enforcement_new, name="enforcement_new"),
    path("persons/<int:pk>/interviews/", interviews.person_interviews, name="person_interviews"),
    path("persons/<int:pk>/interviews/new/", interviews.interview_new, name="interview_new"),
    path(
        "persons/<int:pk>/interviews/invite/", interviews.interview_invite, name="interview_invite"
    ),
]
