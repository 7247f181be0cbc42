"""The unsent e-mail draft (.eml) of a board meeting invitation: the message to the board with
the documents and the calendar request attached."""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart

from sggen.formats.invite import (
    _DOMAIN,
    _FLOOR,
    _ICS_NAME,
    Invitation,
    InvitationError,
    Person,
    _file,
    _invitees,
    _language,
    _media_type,
    _one_line,
    _organiser,
    _text,
    _uuid,
)
from sggen.package import build_time


def draft(invitation: Invitation, subject: str, body: str,
          attachments: list[tuple[str, bytes]], ics: bytes) -> bytes:
    """Return an unsent e-mail draft (RFC 5322, CRLF lines) from the organiser to the invitees.

    `X-Unsent: 1` makes Outlook and Thunderbird open it as a message to send. The body is plain
    text; `attachments` follow it, then `ics` as the calendar request `invite.ics`. The same
    input gives the same bytes: the date is SOURCE_DATE_EPOCH (or a fixed time), the Message-ID
    and MIME boundary are derived from the content.
    """
    where = invitation.where
    organiser = _organiser(invitation)
    invitees = _invitees(invitation)
    language = _language(invitation)
    subject = _one_line(subject, "subject", where)
    body = _text(body, "body", where)
    files = [_file(item, where) for item in attachments]
    names = [name for name, _ in files] + [_ICS_NAME]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvitationError(f"two attachments are named {repeated[0]!r}", where,
                              hint=f"attachment names must differ, and {_ICS_NAME} is taken")
    if not ics.startswith(b"BEGIN:VCALENDAR"):
        raise InvitationError("the calendar part is not an iCalendar file", where,
                              hint="pass the bytes calendar() returned")

    policy = email.policy.SMTP  # CRLF line ends, as RFC 5322 and .eml readers expect
    message = EmailMessage(policy=policy)
    message["From"] = _mailbox(organiser)
    message["To"] = [_mailbox(person) for person in invitees]
    _subject(message, subject)
    message["Date"] = email.utils.format_datetime(build_time() or _FLOOR)
    message["Message-ID"] = f"<{_uuid('draft', invitation.project_id, language)}@{_DOMAIN}>"
    message["X-Unsent"] = "1"
    # Quoted-printable and base64 parts can never contain a line starting with "--=_", so the
    # boundary below cannot collide with content however the hash comes out.
    message.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.make_mixed()
    # Parts as MIMEPart, not EmailMessage: a part needs no MIME-Version header of its own.
    for name, data in files:
        maintype, subtype = _media_type(name).split("/")
        part = MIMEPart(policy=policy)
        part.set_content(data, maintype=maintype, subtype=subtype, filename=name)
        message.attach(part)
    part = MIMEPart(policy=policy)
    part.set_content(ics, maintype="text", subtype="calendar", filename=_ICS_NAME,
                     params={"method": "REQUEST", "charset": "utf-8"})
    message.attach(part)
    # After the parts: set_content and make_mixed move Content-* headers off the message.
    message["Content-Language"] = language

    # The email package picks a random boundary; one derived from everything in the message
    # keeps the bytes the same from run to run.
    digest = hashlib.sha256()
    for text in (subject, body, organiser.email, *(p.email for p in invitees), *names):
        digest.update(text.encode() + b"\0")
    for data in (*(data for _, data in files), ics):
        digest.update(hashlib.sha256(data).digest())
    message.set_boundary(f"=_sggen_{digest.hexdigest()[:32]}")
    return message.as_bytes(policy=policy)


def _subject(message: EmailMessage, subject: str) -> None:
    if "=?" in subject:
        # Text that looks like an RFC 2047 encoded word would be decoded by every reader (and
        # the email package writes it through unencoded): encode the whole subject ourselves.
        message.set_raw("Subject", Header(subject, "utf-8", header_name="Subject")
                        .encode(linesep="\r\n"))
    else:
        message["Subject"] = subject


def _mailbox(person: Person) -> Address:
    return Address(display_name=person.name, addr_spec=person.email)

