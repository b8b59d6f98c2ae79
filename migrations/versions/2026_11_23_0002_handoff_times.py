"""hand-off times on conversations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:00:00

``handed_off_at``: the first time the conversation went to a person (never cleared).
``waiting_since``: the start of the current wait for a person (cleared when an agent
claims it, hands it back to the bot or closes it). The agent queue ranks on it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.models.base

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('handed_off_at', api.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column('waiting_since', api.models.base.UTCDateTime(timezone=True), nullable=True)
        )
    # Conversations already waiting: their last change is the best guess of when.
    op.execute(
        "UPDATE conversations SET waiting_since = updated_at, handed_off_at = updated_at "
        "WHERE state = 'waiting'"
    )


def downgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('waiting_since')
        batch_op.drop_column('handed_off_at')
