"""Connectors: one module per network, each turning what the network sends into domain Mentions."""
