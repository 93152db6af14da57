"""Files for attachment tests: real headers of each allowed type, and things that only pretend."""

from django.core.files.uploadedfile import SimpleUploadedFile

from rumdoh.attachments import access, services
from rumdoh.attachments.models import Attachment
from tests.conftest import World

SECRET = b"SIGNED-CONSENT-OF-SOKHA-CHAN-0123456789"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + SECRET + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + SECRET
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + SECRET
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + SECRET
HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload_file(data: bytes = PDF, name: str = "consent.pdf", ctype: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=ctype)


def attach(world: World, data: bytes = PDF, kind: str = "consent_form") -> Attachment:
    """A file added to the world's person by its owning agency."""
    parent = access.get_parent_for_user(world.owner, access.PERSON, world.person.pk)
    file = upload_file(data)
    return services.upload(
        world.owner, parent, kind=kind, title="Consent to share, signed", file=file, size=len(data)
    )
