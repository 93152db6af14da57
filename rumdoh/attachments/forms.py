from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumdoh.core.limits import TITLE_MAX, BoundedCharField

from . import services
from .models import Kind
from .rules import content


def _file_help() -> str:
    return _("A PDF, JPEG, PNG or WebP file of at most %(limit)s. It is kept encrypted.") % {
        "limit": filesizeformat(services.max_bytes())
    }


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Kind.choices)
    title = BoundedCharField(
        label=gettext_lazy("title"),
        max_length=TITLE_MAX,
        help_text=gettext_lazy("What the document is, for example: consent to share, signed."),
    )
    file = forms.FileField(
        label=gettext_lazy("file"),
        help_text=lazy(_file_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(content.ALLOWED)}),
    )


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, delete this file. It cannot be brought back."), required=True
    )
