"""Views for accounts (sign up, log in, passwords), teams and invite links."""
