"""The GOV.UK Design System for Django forms: one way to render every field with the govuk macros."""
