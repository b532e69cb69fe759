"""The coordinator's pages for the offence catalogue and the program settings."""
