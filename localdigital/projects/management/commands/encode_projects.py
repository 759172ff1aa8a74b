from django.core.management.base import BaseCommand
from tqdm import tqdm

from localdigital.projects.similarity.encoder import ENCODING
from localdigital.projects.similarity.search import encode_missing


class Command(BaseCommand):
    help = (
        "Compute the similar-projects embeddings of projects and published commitments that lack a "
        f"current one ({ENCODING}, about a fiftieth of a second each). Run it after a bulk import or an "
        "upgrade, so that no search waits for them. It also deletes any left by projects deleted outside "
        "Django (deleting one in the staff tools deletes its embedding)."
    )

    def handle(self, *args, verbosity: int, **options):
        def progress(documents):
            return tqdm(
                documents, desc="Embeddings", unit=" texts", disable=verbosity == 0, file=self.stderr._out
            )

        count = encode_missing(progress)
        plural = "" if count == 1 else "s"
        self.stdout.write(f"Computed {count:,} embedding{plural}; the rest were up to date.")
