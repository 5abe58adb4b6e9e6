"""Indexes that answer the Party-building coverage over a national registry from the indexes alone.

Revision ID: 0014
Revises: 0013

Coverage as of a day counts the social organisations registered that day (`ix_organisations_kind_span`), those
of them holding the `party_organisation` mark (`ix_facets_mark`, in subject order) and the committee each sat
under (`ix_relations_subject_org`, `ix_relations_predicate_object`, widened so that no row is read).
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_organisations_kind_span", "organisations", ["kind", "registered_on", "ended_on"])
    op.create_index("ix_facets_mark", "facets", ["subject_type", "facet", "subject_id", "valid_from", "valid_to"])
    op.drop_index("ix_relations_subject_org", "relations")
    op.create_index("ix_relations_subject_org", "relations",
                    ["subject_org_id", "predicate", "valid_from", "valid_to", "object_authority_id"])
    op.drop_index("ix_relations_predicate_object", "relations")
    op.create_index("ix_relations_predicate_object", "relations",
                    ["predicate", "object_authority_id", "valid_from", "valid_to", "subject_org_id"])


def downgrade() -> None:
    op.drop_index("ix_relations_predicate_object", "relations")
    op.create_index("ix_relations_predicate_object", "relations", ["predicate", "object_authority_id", "valid_from"])
    op.drop_index("ix_relations_subject_org", "relations")
    op.create_index("ix_relations_subject_org", "relations", ["subject_org_id"])
    op.drop_index("ix_facets_mark", "facets")
    op.drop_index("ix_organisations_kind_span", "organisations")
