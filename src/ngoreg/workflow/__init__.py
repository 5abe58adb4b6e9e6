"""A generic engine for legal procedures: a procedure is data (states, transitions, guards, deadlines);
the engine says what may be done and does it. Nothing here reads the clock or touches storage."""
