"""Audited user administration: the same rules in the app, in the admin console and in services."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from rumdoh.accounts import services
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import AgencyKind, AuditEvent, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import NotAllowed, Refused
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def make_sysadmin(username: str = "sysadmin") -> User:
    user = make_user(Role.SYSTEM_ADMIN, make_agency("NCCT Secretariat", AgencyKind.COMMITTEE))
    user.username, user.is_staff, user.is_superuser = username, True, True
    user.save()
    return user


def _admin_post(client: Client, user: User, **changes: object) -> object:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "agency": user.agency_id or "",
        "role": user.role,
        "is_active": "on" if user.is_active else "",
        "_save": "Save",
    }
    data.update(changes)
    data = {k: v for k, v in data.items() if v != ""}
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)


def test_system_admin_cannot_change_own_role_agency_or_flags_in_the_admin_console():
    sysadmin = make_sysadmin()
    ngo = make_agency("Shelter")
    client = login(sysadmin)
    _admin_post(client, sysadmin, role="case_worker", agency=ngo.pk, is_superuser="on")
    sysadmin.refresh_from_db()
    assert sysadmin.role == Role.SYSTEM_ADMIN
    assert sysadmin.agency != ngo
    assert sysadmin.is_superuser and sysadmin.is_staff and sysadmin.is_active
    assert not AuditEvent.objects.filter(action="user.role_changed").exists()


def test_the_admin_console_shows_own_rights_read_only():
    sysadmin = make_sysadmin()
    page = login(sysadmin).get(reverse("admin:accounts_user_change", args=[sysadmin.pk]))
    assert page.status_code == 200
    assert 'name="role"' not in page.content.decode()
    assert 'name="is_superuser"' not in page.content.decode()


def test_system_admin_cannot_give_a_role_that_reads_personal_data_to_an_existing_account():
    sysadmin = make_sysadmin()
    analyst = make_user(Role.NCCT_ANALYST, make_agency("Committee", AgencyKind.COMMITTEE))
    response = _admin_post(login(sysadmin), analyst, role="screener")
    assert response.status_code == 200
    assert "given by the agency&#x27;s own administrator" in response.content.decode()
    analyst.refresh_from_db()
    assert analyst.role == Role.NCCT_ANALYST


def test_staff_superuser_groups_and_permissions_cannot_be_set_through_the_admin():
    sysadmin = make_sysadmin()
    analyst = make_user(Role.NCCT_ANALYST, make_agency("Committee", AgencyKind.COMMITTEE))
    _admin_post(
        login(sysadmin),
        analyst,
        is_staff="on",
        is_superuser="on",
        groups="1",
        user_permissions="1",
        first_name="Dara",
    )
    analyst.refresh_from_db()
    assert analyst.first_name == "Dara"
    assert not analyst.is_staff and not analyst.is_superuser
    assert not analyst.user_permissions.exists() and not analyst.groups.exists()


def test_a_role_change_in_the_admin_is_audited_old_to_new_and_flags_follow_the_role():
    sysadmin = make_sysadmin()
    analyst = make_user(Role.NCCT_ANALYST, make_agency("Committee", AgencyKind.COMMITTEE))
    response = _admin_post(login(sysadmin), analyst, role="system_admin")
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert analyst.role == Role.SYSTEM_ADMIN and analyst.is_staff and analyst.is_superuser
    event = AuditEvent.objects.get(action="user.role_changed")
    assert event.user == sysadmin and event.object_id == str(analyst.pk)
    assert event.data["role"] == ["ncct_analyst", "system_admin"]


def test_system_admin_creates_only_the_first_agency_administrator_of_an_agency():
    sysadmin = make_sysadmin()
    shelter = make_agency("Shelter")
    client = login(sysadmin)

    def add(username: str, role: str) -> object:
        return client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": username,
                "usable_password": "true",
                "password1": "kbal-spean-2026!",
                "password2": "kbal-spean-2026!",
                "agency": shelter.pk,
                "role": role,
                "_save": "Save",
            },
        )

    assert add("first.admin", "agency_admin").status_code == 302
    first = User.objects.get(username="first.admin")
    assert first.agency == shelter and not first.is_staff
    assert AuditEvent.objects.filter(action="user.created", object_id=str(first.pk)).exists()
    refused = add("puppet.admin", "agency_admin")
    assert refused.status_code == 200
    assert "already has an agency administrator" in refused.content.decode()
    assert add("puppet.worker", "case_worker").status_code == 200
    assert not User.objects.filter(username__startswith="puppet").exists()


def test_suspending_in_the_admin_is_audited_and_the_account_cannot_sign_in():
    sysadmin = make_sysadmin()
    worker = make_user(Role.CASE_WORKER, make_agency(), "leaving")
    _admin_post(login(sysadmin), worker, is_active="")
    worker.refresh_from_db()
    assert not worker.is_active
    assert AuditEvent.objects.filter(action="user.suspended", object_id=str(worker.pk)).exists()
    response = Client().post(
        reverse("accounts:login"), {"username": "leaving", "password": PASSWORD}
    )
    assert response.status_code == 200 and "_auth_user_id" not in response.client.session


def test_system_admin_cannot_set_the_password_of_an_account_that_reads_personal_data():
    sysadmin = make_sysadmin()
    worker = make_user(Role.CASE_WORKER, make_agency(), "worker")
    client = login(sysadmin)
    url = reverse("admin:auth_user_password_change", args=[worker.pk])
    response = client.post(
        url, {"password1": "puppet-pass-2026!", "password2": "puppet-pass-2026!"}
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_system_admin_sets_an_analysts_password_and_it_is_audited():
    sysadmin = make_sysadmin()
    analyst = make_user(Role.NCCT_ANALYST, make_agency("Committee", AgencyKind.COMMITTEE))
    url = reverse("admin:auth_user_password_change", args=[analyst.pk])
    login(sysadmin).post(
        url,
        {
            "password1": "new-analyst-2026!",
            "password2": "new-analyst-2026!",
            "usable_password": "true",
        },
    )
    analyst.refresh_from_db()
    assert analyst.check_password("new-analyst-2026!")
    assert AuditEvent.objects.filter(action="user.password_set", object_id=str(analyst.pk)).exists()


def test_the_admin_console_issues_no_api_token_for_an_account_that_reads_personal_data():
    sysadmin = make_sysadmin()
    worker = make_user(Role.CASE_WORKER, make_agency(), "worker")
    response = login(sysadmin).post(
        reverse("admin:authtoken_tokenproxy_add"), {"user": worker.pk, "_save": "Save"}
    )
    assert response.status_code == 200
    assert not Token.objects.filter(user=worker).exists()


def test_agency_admin_cannot_give_a_role_outside_the_agency_kind():
    ngo = make_agency("Shelter", AgencyKind.NGO)
    admin = make_user(Role.AGENCY_ADMIN, ngo)
    worker = make_user(Role.CASE_WORKER, ngo)
    with pytest.raises(Refused, match="not given at an agency of this kind"):
        services.change_role(admin, worker, role=Role.POLICE_INVESTIGATOR, agency=ngo)
    with pytest.raises(Refused, match="Only the system administrator"):
        services.change_role(admin, worker, role=Role.SYSTEM_ADMIN, agency=ngo)
    response = login(admin).post(
        reverse("accounts:user_role", args=[worker.pk]), {"role": "police_investigator"}
    )
    assert "That role is not given at an agency of this kind." in response.content.decode()
    worker.refresh_from_db()
    assert worker.role == Role.CASE_WORKER
    assert not AuditEvent.objects.filter(action="user.role_changed").exists()


def test_agency_admin_cannot_change_a_user_of_another_agency():
    admin = make_user(Role.AGENCY_ADMIN, make_agency("Mine"))
    stranger = make_user(Role.CASE_WORKER, make_agency("Theirs"))
    client = login(admin)
    for name in ("user_role", "user_password", "user_toggle", "user_reset_two_factor"):
        assert client.post(reverse(f"accounts:{name}", args=[stranger.pk])).status_code == 404
    with pytest.raises(NotAllowed):
        services.change_role(admin, stranger, role=Role.SCREENER, agency=stranger.agency)
    with pytest.raises(NotAllowed):
        services.change_role(admin, stranger, role=Role.SCREENER, agency=admin.agency)
    stranger.refresh_from_db()
    assert stranger.role == Role.CASE_WORKER and stranger.is_active


def test_agency_admin_cannot_move_a_colleague_to_another_agency():
    mine, theirs = make_agency("Mine"), make_agency("Theirs")
    admin = make_user(Role.AGENCY_ADMIN, mine)
    worker = make_user(Role.CASE_WORKER, mine)
    with pytest.raises(NotAllowed):
        services.change_role(admin, worker, role=Role.CASE_WORKER, agency=theirs)


def test_agency_admin_cannot_manage_an_analyst_or_system_admin_of_their_agency():
    committee = make_agency("Committee", AgencyKind.COMMITTEE)
    admin = make_user(Role.AGENCY_ADMIN, committee)
    analyst = make_user(Role.NCCT_ANALYST, committee)
    assert login(admin).post(reverse("accounts:user_toggle", args=[analyst.pk])).status_code == 404
    with pytest.raises(NotAllowed):
        services.set_active(admin, analyst, False)


def test_nobody_changes_their_own_rights():
    agency = make_agency()
    admin = make_user(Role.AGENCY_ADMIN, agency)
    sysadmin = make_sysadmin()
    for actor in (admin, sysadmin):
        with pytest.raises(Refused, match="own account"):
            services.change_role(actor, actor, role=actor.role, agency=agency)
        with pytest.raises(Refused, match="own account"):
            services.set_active(actor, actor, False)
        with pytest.raises(Refused, match="own account"):
            services.reset_two_factor(actor, actor)
    User.objects.filter(pk=admin.pk).update(is_active=False)
    admin.refresh_from_db()
    with pytest.raises((Refused, NotAllowed)):
        services.set_active(admin, admin, True)
    response = login(sysadmin).post(reverse("accounts:user_toggle", args=[sysadmin.pk]))
    assert response.status_code == 302
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


def test_every_account_change_writes_one_audit_row_with_who_whom_and_old_and_new():
    agency = make_agency("Shelter", AgencyKind.NGO)
    admin = make_user(Role.AGENCY_ADMIN, agency)
    client = login(admin)
    client.post(
        reverse("accounts:user_create"),
        {"username": "new.worker", "role": "screener", "password": "kbal-spean-2026!"},
    )
    worker = User.objects.get(username="new.worker")
    TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    client.post(reverse("accounts:user_role", args=[worker.pk]), {"role": "case_worker"})
    client.post(reverse("accounts:user_toggle", args=[worker.pk]))
    client.post(reverse("accounts:user_toggle", args=[worker.pk]))
    client.post(reverse("accounts:user_reset_two_factor", args=[worker.pk]))
    client.post(
        reverse("accounts:user_password", args=[worker.pk]),
        {"new_password1": "another-pass-2026!", "new_password2": "another-pass-2026!"},
    )
    events = AuditEvent.objects.filter(object_id=str(worker.pk)).order_by("id")
    assert [e.action for e in events] == [
        "user.created",
        "user.role_changed",
        "user.suspended",
        "user.activated",
        "user.two_factor_reset",
        "user.password_set",
    ]
    assert all(e.user == admin and e.data["username"] == "new.worker" for e in events)
    assert events[1].data["role"] == ["screener", "case_worker"]
    assert events[2].data["active"] == [True, False]
    worker.refresh_from_db()
    assert worker.role == Role.CASE_WORKER and worker.is_active
    assert worker.check_password("another-pass-2026!")
    assert not TOTPDevice.objects.filter(user=worker).exists()


def test_the_create_page_explains_why_a_role_is_refused():
    admin = make_user(Role.AGENCY_ADMIN, make_agency("Shelter", AgencyKind.NGO))
    client = login(admin)
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert 'value="case_worker"' in page and 'value="police_investigator"' not in page
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "boss", "role": "system_admin", "password": "kbal-spean-2026!"},
    )
    assert "Only the system administrator gives this role." in response.content.decode()
    assert not User.objects.filter(username="boss").exists()


def test_the_create_page_speaks_khmer():
    admin = make_user(Role.AGENCY_ADMIN, make_agency("Shelter", AgencyKind.NGO))
    client = login(admin)
    client.cookies["django_language"] = "km"
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert "បន្ថែមសហការី" in page
    assert "Only the roles your agency" not in page


def test_system_admins_changes_to_an_agencys_accounts_show_on_its_users_page():
    shelter = make_agency("Shelter", AgencyKind.NGO)
    sysadmin = make_sysadmin()
    worker = make_user(Role.CASE_WORKER, shelter, "worker")
    services.set_active(sysadmin, worker, False)
    admin = make_user(Role.AGENCY_ADMIN, shelter)
    page = login(admin).get(reverse("accounts:users")).content.decode()
    assert "Account suspended" in page and "sysadmin" in page
    other_admin = make_user(Role.AGENCY_ADMIN, make_agency("Other"))
    assert (
        "Account suspended"
        not in login(other_admin).get(reverse("accounts:users")).content.decode()
    )


def test_two_step_devices_are_reset_in_the_admin_only_through_the_audited_action():
    sysadmin = make_sysadmin()
    admin = make_user(Role.AGENCY_ADMIN, make_agency("Shelter"))
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = login(sysadmin)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [admin.pk, sysadmin.pk]},
    )
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert TOTPDevice.objects.filter(user=sysadmin).exists()
    event = AuditEvent.objects.get(action="user.two_factor_reset")
    assert event.object_id == str(admin.pk) and event.user == sysadmin


def test_the_first_system_admin_is_made_on_the_server_and_audited(tmp_path):
    from django.core.management import call_command

    secret = tmp_path / "password"
    secret.write_text("first-sysadmin-2026!\n", encoding="utf-8")
    call_command("create_system_admin", "root.admin", "--password-file", str(secret))
    user = User.objects.get(username="root.admin")
    assert user.role == Role.SYSTEM_ADMIN and user.is_staff and user.is_superuser
    assert user.check_password("first-sysadmin-2026!")
    event = AuditEvent.objects.get(action="user.created", object_id=str(user.pk))
    assert event.user is None and event.data["via"] == "server"


def test_a_token_issued_on_the_server_is_audited():
    from io import StringIO

    from django.core.management import call_command

    worker = make_user(Role.CASE_WORKER, make_agency(), "apiuser")
    call_command("create_api_token", "apiuser", stdout=StringIO(), stderr=StringIO())
    event = AuditEvent.objects.get(action="user.token_issued")
    assert event.object_id == str(worker.pk) and event.data["via"] == "server"


def test_the_server_command_says_why_it_refuses_a_taken_username(tmp_path):
    from django.core.management import CommandError, call_command

    make_user(Role.CASE_WORKER, make_agency(), "root.admin")
    secret = tmp_path / "password"
    secret.write_text("first-sysadmin-2026!\n", encoding="utf-8")
    with pytest.raises(CommandError, match="That username is taken"):
        call_command("create_system_admin", "ROOT.admin", "--password-file", str(secret))
    assert not User.objects.filter(role=Role.SYSTEM_ADMIN).exists()


def test_an_account_the_actor_does_not_manage_is_a_form_error_in_the_console_form():
    from rumdoh.accounts.admin import UserRightsForm

    admin = make_user(Role.AGENCY_ADMIN, make_agency("Mine"))
    stranger = make_user(Role.CASE_WORKER, make_agency("Theirs"))
    form_class = type("Form", (UserRightsForm,), {"actor": admin})
    form = form_class(
        {
            "username": stranger.username,
            "agency": stranger.agency_id,
            "role": stranger.role,
            "is_active": "",
        },
        instance=stranger,
    )
    assert not form.is_valid()
    assert form.non_field_errors() == ["You manage only the accounts of your own agency."]
    stranger.refresh_from_db()
    assert stranger.is_active


def test_a_refusal_from_the_services_reads_in_khmer():
    from django.utils import translation

    agency = make_agency()
    admin = make_user(Role.AGENCY_ADMIN, agency)
    stranger = make_user(Role.CASE_WORKER, make_agency("Theirs"))
    with translation.override("km"), pytest.raises(NotAllowed) as refusal:
        services.set_active(admin, stranger, False)
    assert str(refusal.value) == "អ្នកគ្រប់គ្រងបានតែគណនីនៃស្ថាប័នរបស់អ្នកប៉ុណ្ណោះ។"


@pytest.mark.parametrize("agency_after", ["same", "none"])
def test_system_admin_cannot_demote_an_agency_administrator_to_install_their_own(agency_after):
    sysadmin = make_sysadmin()
    shelter = make_agency("Shelter")
    agency_admin = make_user(Role.AGENCY_ADMIN, shelter, "shelter.admin")
    with pytest.raises(Refused, match="changed by its agency's administrator"):
        services.change_role(
            sysadmin,
            agency_admin,
            role=Role.NCCT_ANALYST,
            agency=shelter if agency_after == "same" else None,
        )
    agency_admin.refresh_from_db()
    assert agency_admin.role == Role.AGENCY_ADMIN and agency_admin.agency == shelter
    with pytest.raises(Refused, match="already has an agency administrator"):
        services.create_user(
            sysadmin,
            username="puppet.admin",
            password=PASSWORD,
            role=Role.AGENCY_ADMIN,
            agency=shelter,
        )
    assert not AuditEvent.objects.filter(action="user.role_changed").exists()


def test_the_admin_console_refuses_to_move_a_case_worker_to_another_agency():
    sysadmin = make_sysadmin()
    worker = make_user(Role.CASE_WORKER, make_agency("Shelter"), "worker")
    elsewhere = make_agency("Other shelter")
    response = _admin_post(login(sysadmin), worker, agency=elsewhere.pk)
    assert response.status_code == 200
    assert "changed by its agency&#x27;s administrator" in response.content.decode()
    worker.refresh_from_db()
    assert worker.agency != elsewhere


def test_the_admin_console_shows_no_audit_reason_or_data_to_the_system_admin():
    sysadmin = make_sysadmin()
    worker = make_user(Role.CASE_WORKER, make_agency(), "worker")
    event = log_action(
        "person.viewed",
        user=worker,
        person_id=41,
        reason="checking Sokha Chan's shelter place",
        data={"note": "Sokha Chan"},
    )
    page = login(sysadmin).get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "person.viewed" in text and "41" in text
    assert "Sokha" not in text


def test_a_suspension_or_a_password_set_by_an_administrator_ends_the_accounts_api_tokens():
    """A token outlived both: a suspended account restored, or an account whose password was
    reset after it leaked, still answered to the script that held the old token."""
    shelter = make_agency("Shelter", AgencyKind.NGO)
    admin = make_user(Role.AGENCY_ADMIN, shelter)
    worker = make_user(Role.CASE_WORKER, shelter, "worker")
    other = make_user(Role.CASE_WORKER, shelter, "other")
    kept = Token.objects.create(user=other)

    Token.objects.create(user=worker)
    services.set_password(admin, worker, "a-new-password-2026!")
    assert not Token.objects.filter(user=worker).exists()
    assert AuditEvent.objects.get(action="user.password_set").data["api_tokens_revoked"] == 1

    Token.objects.create(user=worker)
    services.set_active(admin, worker, False)
    services.set_active(admin, worker, True)
    assert not Token.objects.filter(user=worker).exists()
    assert AuditEvent.objects.get(action="user.suspended").data["api_tokens_revoked"] == 1
    assert Token.objects.filter(pk=kept.pk).exists()


def test_the_console_audits_agency_changes_and_keeps_the_kind_of_an_agency_with_staff():
    """An agency's kind decides the roles its staff hold and what they see: changing an NGO with
    case workers to a police unit, or placing a unit under another, went unrecorded."""
    sysadmin = make_sysadmin()
    client = login(sysadmin)
    shelter = make_agency("Shelter", AgencyKind.NGO)
    make_user(Role.CASE_WORKER, shelter, "worker")
    url = reverse("admin:accounts_agency_change", args=[shelter.pk])
    form = {
        "name": shelter.name,
        "name_km": "",
        "kind": AgencyKind.POLICE,
        "province": shelter.province,
        "is_active": "on",
        "_save": "Save",
    }
    if shelter.can_identify:
        form["can_identify"] = "on"
    response = client.post(url, form)
    assert response.status_code == 200
    assert "The kind of an agency with user accounts cannot change" in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.kind == AgencyKind.NGO

    form["kind"] = AgencyKind.NGO
    form.pop("is_active")
    assert client.post(url, form).status_code == 302
    event = AuditEvent.objects.get(action="agency.changed")
    assert event.user == sysadmin and event.object_id == str(shelter.pk)
    assert event.data["changed"] == {"is_active": [True, False]}

    empty = make_agency("New Unit", AgencyKind.NGO)
    form.update(name="New Unit", kind=AgencyKind.POLICE, is_active="on")
    url = reverse("admin:accounts_agency_change", args=[empty.pk])
    assert client.post(url, form).status_code == 302
    empty.refresh_from_db()
    assert empty.kind == AgencyKind.POLICE


LOOK_ALIKE = "p\u03bflice"  # "police" with a Greek omicron


def test_a_username_that_only_looks_like_another_is_refused_everywhere():
    """Django took any letter: an administrator could make "police" with a Greek omicron, an
    account that reads as a colleague's on the users page and in the audit trail."""
    shelter = make_agency("Shelter", AgencyKind.NGO)
    admin = make_user(Role.AGENCY_ADMIN, shelter)
    make_user(Role.CASE_WORKER, shelter, "police")
    client = login(admin)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": LOOK_ALIKE, "role": "case_worker", "password": "kbal-spean-2026!"},
    )
    assert "Use Latin letters (a-z), digits" in response.content.decode()
    client.cookies["django_language"] = "km"
    response = client.post(
        reverse("accounts:user_create"),
        {"username": LOOK_ALIKE, "role": "case_worker", "password": "kbal-spean-2026!"},
    )
    assert "ប្រើតែអក្សរឡាតាំង" in response.content.decode()
    with pytest.raises(Refused):
        services.create_user(
            admin, username=LOOK_ALIKE, password=None, role=Role.CASE_WORKER, agency=shelter
        )
    # The console: neither a new account nor a renamed one.
    sysadmin = make_sysadmin()
    console = login(sysadmin)
    analyst = make_user(Role.NCCT_ANALYST, make_agency("Committee", AgencyKind.COMMITTEE))
    response = _admin_post(console, analyst, username="an\u0430lyst")  # Cyrillic a
    assert response.status_code == 200
    assert "Use Latin letters (a-z), digits" in response.content.decode()
    assert not User.objects.filter(username__in=[LOOK_ALIKE, "an\u0430lyst"]).exists()
    # Plain names still pass.
    assert _admin_post(console, analyst, username="ncct.analyst-2").status_code == 302
