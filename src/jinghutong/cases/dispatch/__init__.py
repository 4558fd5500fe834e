"""Dispatch: the duty room pushes an incident to the 联户长 nearest the place."""
