"""Pages of the court liaison: referral form, case list, case page."""
