from django.template.response import TemplateResponse

from localdigital.notifications.gateway import EmailNotSent


class EmailNotSentMiddleware:
    """When the email provider fails, say so plainly instead of showing a server error.

    The services that send email do their changes in a transaction, so the failure undoes them and the
    page can truthfully say that nothing was saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, EmailNotSent):
            response = TemplateResponse(request, "errors/email_not_sent.html", {}, status=503)
            response["Retry-After"] = "300"
            return response.render()
        return None
