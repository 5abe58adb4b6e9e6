"""The compliance calendar: what each organisation owes, by when, and where it stands."""
