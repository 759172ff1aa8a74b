"""What a register answers a request it cannot serve; the API shows it as a problem document."""


class BadRequest(Exception):
    """A parameter or filter is not valid: a 400, with `extra` (such as `errors`) saying which."""

    status = 400

    def __init__(self, title: str, detail: str, **extra):
        super().__init__(detail)
        self.title = title
        self.detail = detail
        self.extra = extra
