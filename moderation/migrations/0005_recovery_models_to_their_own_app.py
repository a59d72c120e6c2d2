"""Service recovery's models leave the moderation app for their own (moderation.recovery, label
"recovery"; its 0001 takes them over). State only: the tables stay where they are, with their rows,
and recovery's models name them with db_table."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0004_merge_20261124_1955'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='recoveryreply',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='caseevent',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='caseevent',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='caseevent',
                    name='from_user',
                ),
                migrations.RemoveField(
                    model_name='caseevent',
                    name='to_user',
                ),
                migrations.RemoveField(
                    model_name='feedback',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='feedback',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='feedback',
                    name='handled_by',
                ),
                migrations.RemoveField(
                    model_name='feedback',
                    name='rule',
                ),
                migrations.RemoveField(
                    model_name='feedback',
                    name='team',
                ),
                migrations.RemoveField(
                    model_name='feedback',
                    name='thread',
                ),
                migrations.RemoveField(
                    model_name='feedbackrule',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='feedbackrule',
                    name='team',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='recipient',
                ),
                migrations.RemoveField(
                    model_name='recoveryreply',
                    name='answer',
                ),
                migrations.RemoveField(
                    model_name='recoveryreply',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='responsepolicy',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='staffnote',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='staffnote',
                    name='thread',
                ),
                migrations.DeleteModel(
                    name='Case',
                ),
                migrations.DeleteModel(
                    name='CaseEvent',
                ),
                migrations.DeleteModel(
                    name='Feedback',
                ),
                migrations.DeleteModel(
                    name='FeedbackRule',
                ),
                migrations.DeleteModel(
                    name='FollowUp',
                ),
                migrations.DeleteModel(
                    name='RecoveryReply',
                ),
                migrations.DeleteModel(
                    name='ResponsePolicy',
                ),
                migrations.DeleteModel(
                    name='StaffNote',
                ),
            ],
        ),
    ]
