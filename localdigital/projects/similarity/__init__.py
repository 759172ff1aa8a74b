"""Finding projects and commitments that tackle the same problem, in whatever words they are written."""
