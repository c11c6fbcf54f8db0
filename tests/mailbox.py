"""An e-mail backend for tests that start a real worker: each message one file the test reads.

A message is written whole (a temporary name, then renamed), as `<uuid>.json` holding its recipients and
subject, in EMAIL_FILE_PATH. A file named `gate` holding a number N stops the sender before the message
after the N-th (it then touches `held` and waits while the gate is there): the test knows that the worker
is in the middle of sending a claimed e-mail when it kills it.
"""

import json
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

GATE = "gate"
HELD = "held"


def sent_messages(folder: Path) -> list[dict]:
    """The messages written so far: {"to": [...], "subject": ...} each."""
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


class GatedFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            self._wait_at_the_gate(folder)
            name = uuid.uuid4().hex
            partial = folder / f".{name}.tmp"
            partial.write_text(json.dumps({"to": message.to, "subject": message.subject}))
            partial.rename(folder / f"{name}.json")
        return len(email_messages)

    @staticmethod
    def _wait_at_the_gate(folder: Path) -> None:
        gate = folder / GATE
        while gate.exists() and len(list(folder.glob("*.json"))) >= int(gate.read_text() or 0):
            (folder / HELD).touch()
            time.sleep(0.05)
