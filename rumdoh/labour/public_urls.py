from django.urls import path

from rumdoh.labour.views import public

app_name = "labour_public"
urlpatterns = [
    path("recruiters/", public.recruiter_check, name="recruiters"),
    path("recruiters/<int:pk>/", public.recruiter_public, name="recruiter"),
    path("rights/", public.rights, name="rights"),
    path("rights/<slug:page>/", public.rights, name="rights_page"),
]
