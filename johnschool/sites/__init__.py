"""Sites: the cities where the program runs, and whose rows each user reaches."""
