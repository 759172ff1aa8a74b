"""The floor every domain stands on: emailed links, per-process caches, the one refusal, permissions and
email addresses. It imports Django (and the audit trail) only, never a domain app."""
