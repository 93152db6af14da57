from django.urls import path

from rumdoh.labour.views import complaints as c
from rumdoh.labour.views import recruiters as r
from rumdoh.labour.views import worksites as w

app_name = "labour"
urlpatterns = [
    path("", w.home, name="home"),
    path("complaints/", c.complaint_list, name="complaints"),
    path("complaints/new/", c.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", c.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/edit/", c.complaint_edit, name="complaint_edit"),
    path("complaints/<int:pk>/hearing/", c.hearing, name="complaint_hearing"),
    path("complaints/<int:pk>/conciliation/", c.conciliation, name="complaint_conciliation"),
    path("complaints/<int:pk>/court/", c.court, name="complaint_court"),
    path("complaints/<int:pk>/lapse/", c.lapse, name="complaint_lapse"),
    path("complaints/<int:pk>/close/", c.close, name="complaint_close"),
    path("complaints/<int:pk>/no-referral/", c.no_referral, name="complaint_no_referral"),
    path("complaints/<int:pk>/refer/", c.refer, name="complaint_refer"),
    path("complaints/<int:pk>/screening/", c.attach_screening, name="complaint_screening"),
    path("referrals/<int:pk>/case/", c.link_case, name="referral_case"),
    path("recruiters/", r.recruiter_list, name="recruiters"),
    path("recruiters/new/", r.recruiter_new, name="recruiter_new"),
    path("recruiters/<int:pk>/", r.recruiter_detail, name="recruiter_detail"),
    path("recruiters/<int:pk>/edit/", r.recruiter_edit, name="recruiter_edit"),
    path("recruiters/<int:pk>/sanction/", r.sanction_new, name="sanction_new"),
    path("recruiters/<int:pk>/branch/", r.branch_new, name="branch_new"),
    path("recruiters/<int:pk>/fee/", r.fee_new, name="fee_new"),
    path("recruiters/<int:pk>/broker/", r.broker_new, name="broker_new"),
    path("recruiters/<int:pk>/conduct/", r.assessment_new, name="assessment_new"),
    path("code-of-conduct/", r.principle_list, name="principles"),
    path("code-of-conduct/new/", r.principle_new, name="principle_new"),
    path("code-of-conduct/<int:pk>/edit/", r.principle_edit, name="principle_edit"),
    path("brokers/<int:pk>/suspect/", r.broker_link, name="broker_link"),
    path("worksites/", w.worksite_list, name="worksites"),
    path("worksites/new/", w.worksite_new, name="worksite_new"),
    path("worksites/<int:pk>/", w.worksite_detail, name="worksite_detail"),
    path("worksites/<int:pk>/tip/", w.tip_link, name="worksite_tip"),
    path("worksites/<int:pk>/operation/", w.operation_link, name="worksite_operation"),
    path("worksites/<int:pk>/inspection/", w.inspection_new, name="inspection_new"),
    path("inspections/", w.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", w.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/result/", w.inspection_result, name="inspection_result"),
    path("inspections/<int:pk>/screening/", w.inspection_screening, name="inspection_screening"),
    path("prevention/", w.prevention_list, name="prevention"),
    path("prevention/new/", w.prevention_new, name="prevention_new"),
]
