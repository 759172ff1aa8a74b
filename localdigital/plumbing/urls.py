"""The addresses of the register of systems, contracts and standards (/systems/, /standards/)."""

app_name = "plumbing"

urlpatterns: list = [
    # The public register: systems, products, suppliers and standards (views.py).
    # Recording and confirming a system (recording.py).
    # Adopting a standard, and the moments to act together (together.py).
    # Importing contract notices (importing.py).
]
