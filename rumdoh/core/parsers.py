"""The API's JSON parser: the REST framework's, refusing a body it cannot read in the caller's
language (the REST framework writes that refusal in English whatever the language)."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as refusal:
            cause = refusal.__context__  # what Python's JSON reader said, technical, as it is
            if not isinstance(cause, ValueError):
                raise
            raise ParseError(_("JSON parse error - %(detail)s") % {"detail": cause}) from cause
