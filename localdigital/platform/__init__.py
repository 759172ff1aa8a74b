"""The platform floor: what every domain shares. It imports nothing from the domain apps."""
