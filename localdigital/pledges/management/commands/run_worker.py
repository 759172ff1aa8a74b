"""The background worker: sends queued email, tallies pledge counts, and deletes what has expired."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from localdigital.abuse.services import purge_counters
from localdigital.accounts.services import purge_links
from localdigital.notifications import gateway
from localdigital.pledges import services as pledges

PURGE_EVERY_SECONDS = 10 * 60


class Command(BaseCommand):
    help = (
        "Run the background worker: send queued email, fold pledge count changes into the public counts "
        f"every {pledges.TALLY_EVERY_SECONDS} seconds, and purge unconfirmed pledges, old rate-limit "
        "counters, old sign-in links and old records of sent email. Run one or more beside the web "
        "server; stop with Ctrl+C or SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Do one round of every job, then stop")
        parser.add_argument("--batch", type=int, default=50, help="Emails sent per round (default 50)")

    def handle(self, *args, once: bool, batch: int, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        next_tally = next_purge = 0.0
        self.stdout.write("Worker started")
        while not self.stopping:
            now = time.monotonic()
            sent, failed = gateway.send_queued(batch=batch)
            pledge_sent, pledge_failed = pledges.send_due_emails(batch=batch)
            sent, failed = sent + pledge_sent, failed + pledge_failed
            # Keep to the provider's rate: a backlog drains steadily instead of being refused.
            pause = (sent + failed) * 60 / settings.EMAIL_SEND_PER_MINUTE - (time.monotonic() - now)
            if sent or failed:
                self.stdout.write(
                    f"Emails: {sent} sent, {failed} failed for now, "
                    f"{gateway.waiting() + pledges.emails_waiting():,} waiting"
                )
            if now >= next_tally:
                counts = pledges.tally()  # waits for a running tally, so always answers
                next_tally = now + pledges.TALLY_EVERY_SECONDS
                if counts is not None:
                    self.stdout.write(
                        f"Pledges counted: {counts.total:,}", ending="\r" if self.stdout.isatty() else "\n"
                    )
            if now >= next_purge:
                purged = {
                    "unconfirmed pledges": pledges.purge_unconfirmed(),
                    "old rate counters": purge_counters(),
                    "old sign-in links": purge_links(),
                    "old email records": gateway.purge_sent(),
                }
                next_purge = now + PURGE_EVERY_SECONDS
                if any(purged.values()):
                    summary = ", ".join(f"{count:,} {what}" for what, count in purged.items() if count)
                    self.stdout.write(f"Purged {summary}")
            if once:
                break
            # After a failure, give the provider time to recover before trying again.
            time.sleep(30 if failed else max(0.0, pause) if sent else 0.5)
            close_old_connections()  # as after a request: drop a connection that has failed or aged
        self.stdout.write("Worker stopped")

    def _stop(self, *_args):
        self.stopping = True
