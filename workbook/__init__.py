"""Referral Workbook: the referral weekend challenge, from a sales export to a plan."""

__version__ = "0.1.0"
