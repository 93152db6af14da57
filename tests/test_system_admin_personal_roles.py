"""The system administrator sets no password and issues no API token for an account that reads
anyone's personal data, whatever the capability it reads it through: not only persons of the
register, but the names in the data steward's review queue, the tips a hotline operator takes,
the nationals a consular officer repatriates and the brokers a licensing officer registers.
Setting the password, or holding the token, is signing in as the account."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from rumdoh.accounts import services
from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role, sees_personal_data
from rumdoh.core.errors import Refused
from tests.conftest import login, make_agency, make_user
from tests.test_user_admin import make_sysadmin

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"

READS_SOMEONE = [
    (Role.DATA_STEWARD, AgencyKind.COMMITTEE),
    (Role.HOTLINE_OPERATOR, AgencyKind.POLICE),
    (Role.CONSULAR_OFFICER, AgencyKind.EMBASSY),
    (Role.LICENSING_OFFICER, AgencyKind.LABOUR),
]


@pytest.mark.parametrize(("role", "kind"), READS_SOMEONE)
def test_system_admin_cannot_set_their_password(role, kind):
    sysadmin = make_sysadmin()
    target = make_user(role, make_agency(kind=kind), "target")
    with pytest.raises(Refused):
        services.set_password(sysadmin, target, "puppet-pass-2026!")
    client = login(sysadmin)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    client.post(url, {"password1": "puppet-pass-2026!", "password2": "puppet-pass-2026!"})
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


@pytest.mark.parametrize(("role", "kind"), READS_SOMEONE)
def test_system_admin_cannot_issue_them_a_token_in_the_console(role, kind):
    sysadmin = make_sysadmin()
    target = make_user(role, make_agency(kind=kind), "target")
    response = login(sysadmin).post(
        reverse("admin:authtoken_tokenproxy_add"), {"user": target.pk, "_save": "Save"}
    )
    assert response.status_code == 200
    assert not Token.objects.filter(user=target).exists()


@pytest.mark.parametrize(("role", "kind"), READS_SOMEONE)
def test_system_admin_cannot_change_their_role(role, kind):
    sysadmin = make_sysadmin()
    target = make_user(role, make_agency(kind=kind), "target")
    with pytest.raises(Refused):
        services.change_role(sysadmin, target, role=Role.NCCT_ANALYST, agency=target.agency)


def test_only_the_system_roles_read_no_one():
    assert {r for r in Role if not sees_personal_data(r)} == {Role.SYSTEM_ADMIN, Role.NCCT_ANALYST}
