"""Request plumbing every app may import: client address, rate limits, safe redirects,
"signed in and allowed", the honeypot.

It knows no app (like the rest of `config/`): apps pass in their own checks and messages.
"""
