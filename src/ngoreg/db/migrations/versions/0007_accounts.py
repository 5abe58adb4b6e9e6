"""Accounts: users, role grants, API tokens, browser sessions, login attempts (ngoreg.access).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
# A grant's scope columns agree with its kind (copied, not imported: a migration must not change when the
# models do later).
SCOPE_RULE = (
    "(scope_kind = 'organisation' AND scope_org_id IS NOT NULL AND scope_authority_id IS NULL"
    " AND scope_province IS NULL)"
    " OR (scope_kind = 'authority' AND scope_org_id IS NULL AND scope_authority_id IS NOT NULL"
    " AND scope_province IS NULL)"
    " OR (scope_kind = 'province' AND scope_org_id IS NULL AND scope_authority_id IS NULL"
    " AND scope_province IS NOT NULL)"
    " OR (scope_kind IN ('national', 'none') AND scope_org_id IS NULL AND scope_authority_id IS NULL"
    " AND scope_province IS NULL)"
)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.Text),
        sa.Column("password_hash", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "role_grants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("scope_kind", sa.String(16), nullable=False),
        sa.Column("scope_org_id", sa.Integer, sa.ForeignKey("organisations.id")),
        sa.Column("scope_authority_id", sa.Integer, sa.ForeignKey("authorities.id")),
        sa.Column("scope_province", sa.String(6)),
        sa.Column("valid_from", TZ, nullable=False),
        sa.Column("valid_to", TZ),
        sa.Column("revoked_at", TZ),
        sa.CheckConstraint(SCOPE_RULE, name="scope"),
    )
    op.create_index("ix_role_grants_user_id", "role_grants", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ),
        sa.Column("revoked_at", TZ),
        sa.Column("last_used_at", TZ),
        sa.UniqueConstraint("prefix"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64)),
        sa.Column("ip", sa.String(45)),
        sa.Column("at", TZ, nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
    )
    op.create_index("ix_login_attempts_username_at", "login_attempts", ["username", "at"])
    op.create_index("ix_login_attempts_ip_at", "login_attempts", ["ip", "at"])


def downgrade() -> None:
    op.drop_table("login_attempts")
    op.drop_table("sessions")
    op.drop_table("api_tokens")
    op.drop_table("role_grants")
    op.drop_table("users")
