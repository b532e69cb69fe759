"""Referrals: intake, eligibility screening and the case lifecycle.

The web pages and the API of this domain come with their issue; for now the
package holds the pure screening rules and the offence catalogue they use.
"""
