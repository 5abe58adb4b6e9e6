"""The Party-building structure of social organisations (seed 001): a comprehensive Party committee leads joint
Party committees, each built for a class of organisations and covering about 50 of them; each organisation has,
or is to have, a Party organisation of its own. Committees are authorities with their particulars
(`models.PartyCommittee`); an organisation sits under a joint committee by a dated `sits_under` relation, and
holds a Party organisation as a dated mark, so that the structure as of any day is a query like every other.
No person is recorded: only organisations, committees and placements."""
