"""Names of authorities beyond the current pair in `authorities`: former names (a renamed supervisory unit
stays one authority) and the other spellings sources use for it."""
