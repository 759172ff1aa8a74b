from localdigital.plumbing import ocds


def minimal_package(**release) -> dict:
    return {
        "uri": "https://contracts.example/package.json",
        "version": "1.1",
        "publishedDate": "2026-11-01T09:00:00Z",
        "publisher": {"name": "Testshire Council"},
        "releases": [
            {
                "ocid": "ocds-b5fd17-0001",
                "id": "ocds-b5fd17-0001-award",
                "date": "2026-11-01T09:00:00Z",
                "tag": ["award"],
                "initiationType": "tender",
                **release,
            }
        ],
    }


def test_a_minimal_package_is_valid():
    assert ocds.problems(minimal_package()) == []


def test_each_problem_says_where_it_is():
    found = ocds.problems(minimal_package(tag=["bought"], date="yesterday"))

    assert any(problem.startswith("releases/0/tag/0:") for problem in found)
    assert any(problem.startswith("releases/0/date:") for problem in found)
    found = ocds.problems({"releases": "none"})
    assert "(the package): 'version' is a required property" in found
    assert found[-1] == "releases: 'none' is not of type 'array'"
