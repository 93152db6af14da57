"""The rules' refusal codes in the reader's language, each a whole sentence."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumdoh.accounts.actions import ACTIONS, KINDS
from rumdoh.crossborder.rules.deportee_lists import RowError
from rumdoh.crossborder.rules.exchange import BadMessage
from rumdoh.crossborder.rules.stages import Refusal
from rumdoh.notices import kinds

if TYPE_CHECKING:
    from rumdoh.crossborder.models import DeportationList, Repatriation

COLUMN_LABELS = {
    "name": gettext_lazy("name"),
    "given_name": gettext_lazy("given name"),
    "family_name": gettext_lazy("family name"),
    "sex": gettext_lazy("sex"),
    "birth_date": gettext_lazy("date of birth"),
    "birth_year": gettext_lazy("year of birth"),
    "age": gettext_lazy("age"),
    "document_number": gettext_lazy("document number"),
    "nationality": gettext_lazy("nationality"),
    "": gettext_lazy("whole list"),
}


def row_error(error: RowError) -> str:
    values = {
        "row": error.row,
        "column": COLUMN_LABELS.get(error.column, error.column),
        "value": error.value,
        "limit": error.limit,
    }
    texts = {
        "no_name_column": _(
            "Row %(row)s: no column holds the names (name, given name or full name)."
        ),
        "too_many_rows": _("Row %(row)s: a list holds at most %(limit)s rows."),
        "empty_name": _("Row %(row)s, %(column)s: the name is empty."),
        "too_long": _("Row %(row)s, %(column)s: longer than %(limit)s characters."),
        "bad_sex": _("Row %(row)s, %(column)s: “%(value)s” is not F, M, female, male, หญิง or ชาย."),
        "bad_date": _(
            "Row %(row)s, %(column)s: “%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)."
        ),
        "bad_birth_date": _(
            "Row %(row)s, %(column)s: “%(value)s” is not a date of birth: it is after the "
            "list's date or before 1900."
        ),
        "bad_year": _("Row %(row)s, %(column)s: “%(value)s” is not a year of birth."),
        "bad_age": _("Row %(row)s, %(column)s: “%(value)s” is not an age in years."),
        "repeated_document": _(
            "Row %(row)s, %(column)s: “%(value)s” is already listed in row %(limit)s."
        ),
        "bad_nationality": _(
            "Row %(row)s, %(column)s: “%(value)s” is not a nationality this list knows."
        ),
        "bad_document": _(
            "Row %(row)s, %(column)s: “%(value)s” is not a passport or ID number (letters and "
            "digits, perhaps a dash)."
        ),
        "empty_list": _("The list holds no one."),
    }
    return texts.get(error.code, error.code) % values


def no_such_person() -> str:
    return _("No person with this number that your agency may see.")


# Lazy: a serializer field holds it from import on and says it in the language of each request.
NOT_AN_EMBASSY = gettext_lazy("Choose an active embassy, consulate or international organisation.")


def not_an_embassy() -> str:
    return str(NOT_AN_EMBASSY)


def embassy_without_country(embassy: str) -> str:
    return _(
        "The country %(embassy)s represents is not recorded, so it cannot be named on a "
        "repatriation: an administrator records it first."
    ) % {"embassy": embassy}


def not_their_embassy(embassy: str, country: str) -> str:
    return _(
        "%(embassy)s serves the nationals of %(country)s only, and this person is not one: "
        "choose the embassy of the person's nationality, or IOM."
    ) % {"embassy": embassy, "country": country}


def embassy_without_posting(embassy: str) -> str:
    return _(
        "The country where %(embassy)s is posted is not recorded, so it cannot be named on a "
        "repatriation: an administrator records it first."
    ) % {"embassy": embassy}


def posted_elsewhere(embassy: str, posted_in: str, country: str) -> str:
    return _(
        "%(embassy)s is posted in %(posted_in)s and this return is from %(country)s: choose "
        "Cambodia's embassy in %(country)s, or IOM."
    ) % {"embassy": embassy, "posted_in": posted_in, "country": country}


def no_such_counterpart() -> str:
    return _("No active counterpart is registered with this code.")


def stage_refusal(refusal: Refusal) -> str:
    texts = {
        Refusal.NOT_NEXT: _("A repatriation moves to its next stage, or is cancelled."),
        Refusal.FINISHED: _("This repatriation is closed or cancelled."),
        Refusal.NEEDS_ASSESSMENT: _("Record the family tracing and assessment first."),
        Refusal.UNSAFE_FAMILY: _(
            "The family assessment did not find the return safe: she cannot be returned to "
            "this family. Record a new assessment or another plan."
        ),
        Refusal.NEEDS_CUSTODY_TRANSFER: _(
            "A child is returned only by a formal transfer of custody: record it first."
        ),
    }
    return texts[refusal]


def bad_message(error: BadMessage) -> str:
    texts = {
        "not_an_object": _("The message is not a JSON object."),
        "missing_fields": _("The message lacks these fields: %(detail)s."),
        "unknown_format": _("The message's format is not rumdoh-exchange/1."),
        "unknown_kind": _("The message's kind is not one this system knows."),
        "body_not_an_object": _("The message's body is not a JSON object."),
        "bad_field": _("The message's field %(detail)s is empty or not text."),
        "too_long": _("The message's field %(detail)s is longer than 100 characters."),
        "unknown_sender": _("The sender %(detail)s is not a registered counterpart."),
        "bad_key": _("The counterpart's registered key is not an Ed25519 public key."),
        "bad_signature": _("The signature does not verify with the sender's registered key."),
        "bad_time": _("The message's sent_at is not a time with its offset: %(detail)s."),
        "stale": _("The fetch was signed too long ago (or ahead of our clock): sign it anew."),
        "replayed": _("This fetch was already answered: sign each fetch with a new message id."),
    }
    return texts.get(error.code, error.code) % {"detail": error.detail}


def not_json() -> str:
    return _("The message is not valid JSON.")


def not_json_content() -> str:
    return _("The message is not sent as JSON (Content-Type: application/json).")


STAGE_LABELS = {
    "requested": gettext_lazy("Requested"),
    "documents": gettext_lazy("Travel documents ready"),
    "travel_arranged": gettext_lazy("Travel arranged"),
    "received": gettext_lazy("Received"),
    "family_assessed": gettext_lazy("Family traced and assessed"),
    "returned": gettext_lazy("Returned to family or community"),
    "departed": gettext_lazy("Left Cambodia"),
    "arrived": gettext_lazy("Arrived home"),
    "closed": gettext_lazy("Closed"),
    "cancelled": gettext_lazy("Cancelled"),
}


def stage_label(code: str) -> str:
    return str(STAGE_LABELS.get(code, code))


def register_kinds() -> None:
    """Notification kinds and audit action labels of cross-border work."""
    KINDS["crossborder"] = gettext_lazy("Across borders")
    KINDS["deportee"] = gettext_lazy("Deportees")
    KINDS["repatriation"] = gettext_lazy("Repatriations")
    KINDS["counterpart_request"] = gettext_lazy("Requests to counterparts")
    KINDS["foreign_identification"] = gettext_lazy("Identifications made abroad")
    ACTIONS.update(
        {
            "crossborder.list_imported": gettext_lazy("Deportation list imported"),
            "crossborder.list_viewed": gettext_lazy("Deportation list viewed"),
            "crossborder.arrival_registered": gettext_lazy("Deportee's arrival registered"),
            "crossborder.arrival_absent": gettext_lazy("Deportee marked as not arrived"),
            "crossborder.repatriation_opened": gettext_lazy("Repatriation opened"),
            "crossborder.repatriation_viewed": gettext_lazy("Repatriation viewed"),
            "crossborder.repatriation_moved": gettext_lazy("Repatriation moved to a stage"),
            "crossborder.family_assessed": gettext_lazy("Family tracing and assessment recorded"),
            "crossborder.custody_transferred": gettext_lazy("Custody of a child transferred"),
            "crossborder.request_opened": gettext_lazy("Request to or from a counterpart recorded"),
            "crossborder.request_viewed": gettext_lazy("Counterpart request viewed"),
            "crossborder.request_replied": gettext_lazy("Counterpart's reply recorded"),
            "crossborder.identification_recognised": gettext_lazy(
                "Identification made abroad recognised"
            ),
            "crossborder.message_received": gettext_lazy("Signed message from a counterpart"),
            "crossborder.messages_fetched": gettext_lazy(
                "Signed messages fetched by a counterpart's system"
            ),
            "crossborder.letter_printed": gettext_lazy("Letter to a counterpart printed"),
            "deportee.viewed": gettext_lazy("Deportee read through the API"),
            "deportee.listed": gettext_lazy("Deportees listed through the API"),
            "repatriation.viewed": gettext_lazy("Repatriation read through the API"),
            "repatriation.listed": gettext_lazy("Repatriations listed through the API"),
            "counterpart_request.viewed": gettext_lazy("Counterpart request read through the API"),
            "counterpart_request.listed": gettext_lazy(
                "Counterpart requests listed through the API"
            ),
            "foreign_identification.viewed": gettext_lazy("Recognition read through the API"),
            "foreign_identification.listed": gettext_lazy("Recognitions listed through the API"),
        }
    )
    kinds.register_area("crossborder", gettext_lazy("Across borders"))
    kinds.register(
        "crossborder.list_received",
        gettext_lazy("%(sender)s sent a deportation list (%(reference)s)."),
    )
    kinds.register(
        "crossborder.repatriation_moved",
        gettext_lazy("Repatriation %(reference)s is now at the stage: %(stage)s."),
        {"stage": stage_label},
    )
    kinds.register(
        "crossborder.request_late",
        gettext_lazy("The reply of %(counterpart)s to %(reference)s is %(days)s day(s) late."),
    )


def list_already_imported(earlier: "DeportationList") -> str:
    """The same people were imported as ``earlier`` (a deportation list)."""
    return _(
        "These people are already expected on list %(reference)s (from %(country)s, "
        "%(crossing)s, %(day)s): nothing was imported, so that no one is expected twice. If the "
        "same people are being deported again, tick “A new list of the same people” and send "
        "the file again."
    ) % {
        "reference": earlier.reference,
        "country": earlier.get_country_display(),
        "crossing": earlier.get_crossing_display(),
        "day": earlier.expected_on.isoformat(),
    }


def repatriation_under_way(repatriation: "Repatriation") -> str:
    return _(
        "This person's return %(reference)s is still open (%(agency)s, stage: %(stage)s): move it "
        "on, or cancel it, before opening another."
    ) % {
        "reference": repatriation.reference,
        "agency": repatriation.agency.label,
        "stage": stage_label(repatriation.stage),
    }


def ignored_columns(columns: list[str]) -> str:
    """What the page says of the columns of a list that were not read."""
    return _(
        "These columns were not read, as no column of a deportation list has that name: "
        "%(columns)s. If one holds names, ages or passports, rename it as the import page says "
        "and import the list again as a new list."
    ) % {"columns": ", ".join(f"“{column}”" for column in columns)}
