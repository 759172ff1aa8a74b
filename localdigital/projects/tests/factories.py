"""What a person types to register a project, for tests across the apps."""


def project_data(**overrides) -> dict:
    return {
        "title": "Report missed bins online",
        "problem": "Residents phone to report missed bins",
        "building": "An online form",
        "phase": "alpha",
        "status": "active",
        "collaboration": "share-ideas",
        "contact_name": "Pat Lead",
        "contact_email": "pat.lead@kingston.gov.uk",
        "budget": "under-50k",
        "tags": ["bins", "waste"],
        **overrides,
    }
