//! See tests/: the journeys through the real app.
