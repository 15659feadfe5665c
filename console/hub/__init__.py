"""The hub: the central store, the only part that talks to social networks."""
