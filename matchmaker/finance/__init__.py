"""Technology finance (科技金融): financial products, enterprises' financing needs, their matching and decisions.

A financing need is private: its enterprise, admins, and the financial organisations it matches (a product of
theirs whose every rule it passes, or, for investors, their focus profile) may read it; nobody else learns that it
exists.
"""
