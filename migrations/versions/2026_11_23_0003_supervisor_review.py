"""supervisor review: tags, coaching notes, reviewed marks, intent corrections

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:00:00

Only new tables: nothing already stored changes. An intent correction sits beside
``messages.intent`` (the bot's prediction stays as recorded) and every relabel is
kept in ``intent_correction_events``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.models.base


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column('created_at', api.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', api.models.base.UTCDateTime(timezone=True), nullable=False),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}')
    )


def upgrade() -> None:
    op.create_table('review_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('tag', sa.String(length=64), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    *_timestamps(),
    _fk('review_tags', 'author_id', 'staff_users'),
    _fk('review_tags', 'conversation_id', 'conversations'),
    _fk('review_tags', 'message_id', 'messages'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_tags'))
    )
    with op.batch_alter_table('review_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_tags_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_tags_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_tags_tag'), ['tag'], unique=False)

    op.create_table('coaching_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    *_timestamps(),
    _fk('coaching_notes', 'author_id', 'staff_users'),
    _fk('coaching_notes', 'conversation_id', 'conversations'),
    _fk('coaching_notes', 'message_id', 'messages'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_notes'))
    )
    with op.batch_alter_table('coaching_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_notes_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('conversation_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', api.models.base.UTCDateTime(timezone=True), nullable=False),
    *_timestamps(),
    _fk('conversation_reviews', 'conversation_id', 'conversations'),
    _fk('conversation_reviews', 'reviewer_id', 'staff_users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_reviews')),
    sa.UniqueConstraint('conversation_id', name=op.f('uq_conversation_reviews_conversation_id'))
    )

    op.create_table('intent_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('original_intent', sa.String(length=64), nullable=True),
    sa.Column('original_confidence', sa.Float(), nullable=True),
    sa.Column('corrected_intent', sa.String(length=64), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=False),
    *_timestamps(),
    _fk('intent_corrections', 'corrected_by_id', 'staff_users'),
    _fk('intent_corrections', 'message_id', 'messages'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intent_corrections')),
    sa.UniqueConstraint('message_id', name=op.f('uq_intent_corrections_message_id'))
    )
    with op.batch_alter_table('intent_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intent_corrections_corrected_intent'), ['corrected_intent'], unique=False)

    op.create_table('intent_correction_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('from_intent', sa.String(length=64), nullable=True),
    sa.Column('to_intent', sa.String(length=64), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    *_timestamps(),
    _fk('intent_correction_events', 'actor_id', 'staff_users'),
    _fk('intent_correction_events', 'message_id', 'messages'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intent_correction_events'))
    )
    with op.batch_alter_table('intent_correction_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intent_correction_events_message_id'), ['message_id'], unique=False)


def downgrade() -> None:
    for table in (
        'intent_correction_events',
        'intent_corrections',
        'conversation_reviews',
        'coaching_notes',
        'review_tags',
    ):
        op.drop_table(table)
