"""Service recovery's models, taken over from the moderation app with their tables and rows
(moderation/0005 lets go of them). State only: the tables exist already (db_table keeps their
names), so nothing is created in the database."""

import datetime
import django.db.models.deletion
import django.utils.timezone
import moderation.recovery.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('forum', '0005_search_title_vector'),
        ('moderation', '0005_recovery_models_to_their_own_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Case',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('auto_assigned', models.BooleanField(default=False, verbose_name='assigned automatically')),
                        ('status', models.CharField(choices=[('new', 'new'), ('acknowledged', 'acknowledged'), ('in_progress', 'in progress'), ('resolved', 'resolved'), ('closed', 'closed')], db_index=True, default='new', max_length=16, verbose_name='status')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='opened')),
                        ('due_at', models.DateTimeField(db_index=True, verbose_name='first response due')),
                        ('target_minutes', models.PositiveIntegerField(default=180, verbose_name='target (minutes)')),
                        ('first_response_at', models.DateTimeField(blank=True, null=True, verbose_name='first staff response')),
                        ('first_response_minutes', models.PositiveIntegerField(blank=True, null=True, verbose_name='minutes to first response')),
                        ('breached', models.BooleanField(default=False, verbose_name='target missed')),
                        ('breached_at', models.DateTimeField(blank=True, null=True, verbose_name='target missed at')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                        ('round', models.PositiveIntegerField(default=0, help_text='Counts resolutions; each one gets its own follow-up.', verbose_name='resolution round')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_cases', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='cases', to='moderation.team', verbose_name='team')),
                        ('thread', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='case', to='forum.thread', verbose_name='thread')),
                    ],
                    options={
                        'verbose_name': 'case',
                        'verbose_name_plural': 'cases',
                        'db_table': 'moderation_case',
                        'ordering': ['due_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('opened', 'opened'), ('assigned', 'assigned'), ('taken', 'taken'), ('reassigned', 'reassigned'), ('first_response', 'first response'), ('breached', 'response target missed'), ('status', 'status changed'), ('recovery_reply', 'recovery reply sent'), ('follow_up_sent', 'follow-up sent'), ('follow_up_answered', 'follow-up answered'), ('reopened', 'reopened')], max_length=24, verbose_name='what')),
                        ('from_status', models.CharField(blank=True, max_length=16)),
                        ('to_status', models.CharField(blank=True, max_length=16)),
                        ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='when')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='recovery.case')),
                        ('from_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('to_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'case event',
                        'verbose_name_plural': 'case timeline',
                        'db_table': 'moderation_caseevent',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='FeedbackRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('kind', models.CharField(blank=True, choices=[('page_problem', 'problem with this page'), ('suggestion', 'suggestion'), ('compliment', 'compliment'), ('other', 'other'), ('missing_page', 'missing page')], max_length=16, verbose_name='kind')),
                        ('keywords', models.CharField(blank=True, help_text='Comma-separated; any one of them in the message matches.', max_length=300, verbose_name='keywords')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='forum.category', verbose_name='category')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback_rules', to='moderation.team', verbose_name='team')),
                    ],
                    options={
                        'verbose_name': 'feedback rule',
                        'verbose_name_plural': 'feedback rules',
                        'db_table': 'moderation_feedbackrule',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='RecoveryReply',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('responsibility', models.TextField(verbose_name='taking responsibility')),
                        ('regret', models.TextField(verbose_name='regret')),
                        ('repair', models.TextField(verbose_name='the repair offered')),
                        ('cause', models.TextField(verbose_name='the cause')),
                        ('prevention', models.TextField(verbose_name='what will prevent a repeat')),
                        ('gesture_kind', models.CharField(blank=True, choices=[('', 'no gesture'), ('voucher', 'voucher'), ('refund', 'refund'), ('free_shipping', 'free shipping'), ('other', 'other')], max_length=16, verbose_name='gesture')),
                        ('gesture_value', models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True, verbose_name='gesture value')),
                        ('gesture_currency', models.CharField(blank=True, default='EUR', max_length=3, verbose_name='currency')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='sent')),
                        ('answer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='recovery_reply', to='forum.answer', verbose_name='answer')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='recovery.case', verbose_name='case')),
                    ],
                    options={
                        'verbose_name': 'recovery reply',
                        'verbose_name_plural': 'recovery replies',
                        'db_table': 'moderation_recoveryreply',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ResponsePolicy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('first_response_minutes', models.PositiveIntegerField(default=180, verbose_name='first response target (minutes)')),
                        ('business_hours_only', models.BooleanField(default=False, help_text='When on, the clock only runs on the chosen weekdays between the start and end time.', verbose_name='count business hours only')),
                        ('weekdays', models.JSONField(blank=True, default=moderation.recovery.models._default_weekdays, help_text='Monday is 0, Sunday is 6.', verbose_name='weekdays')),
                        ('day_start', models.TimeField(default=datetime.time(9, 0), verbose_name='business day starts')),
                        ('day_end', models.TimeField(default=datetime.time(17, 0), verbose_name='business day ends')),
                        ('category', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='response_policy', to='forum.category', verbose_name='category')),
                    ],
                    options={
                        'verbose_name': 'response-time policy',
                        'verbose_name_plural': 'response-time policies',
                        'db_table': 'moderation_responsepolicy',
                    },
                ),
                migrations.CreateModel(
                    name='StaffNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=4000, verbose_name='note')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='written')),
                        ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='deleted')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_notes', to='forum.thread', verbose_name='thread')),
                    ],
                    options={
                        'verbose_name': 'staff note',
                        'verbose_name_plural': 'staff notes',
                        'db_table': 'moderation_staffnote',
                        'ordering': ['created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Feedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('page_problem', 'problem with this page'), ('suggestion', 'suggestion'), ('compliment', 'compliment'), ('other', 'other'), ('missing_page', 'missing page')], db_index=True, max_length=16, verbose_name='kind')),
                        ('message', models.TextField(max_length=4000, verbose_name='message')),
                        ('page', models.CharField(blank=True, max_length=500, verbose_name='page')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='received')),
                        ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='handled')),
                        ('forwarded_at', models.DateTimeField(blank=True, null=True, verbose_name='forwarded')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='from')),
                        ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forum.category', verbose_name='category')),
                        ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='feedback', to='moderation.team', verbose_name='team')),
                        ('thread', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forum.thread', verbose_name='thread')),
                        ('rule', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='recovery.feedbackrule')),
                    ],
                    options={
                        'verbose_name': 'feedback',
                        'verbose_name_plural': 'feedback',
                        'db_table': 'moderation_feedback',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('kind', 'compliment'), ('thread__isnull', False)), fields=('thread',), name='feedback_one_compliment_per_thread')],
                    },
                ),
                migrations.CreateModel(
                    name='FollowUp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('round', models.PositiveIntegerField(verbose_name='resolution round')),
                        ('sent_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='sent')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                        ('all_good', models.BooleanField(blank=True, null=True, verbose_name='all good')),
                        ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='recovery.case', verbose_name='case')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='customer')),
                    ],
                    options={
                        'verbose_name': 'follow-up',
                        'verbose_name_plural': 'follow-ups',
                        'db_table': 'moderation_followup',
                        'ordering': ['-sent_at'],
                        'constraints': [models.UniqueConstraint(fields=('case', 'round'), name='follow_up_once_per_round')],
                    },
                ),
            ],
        ),
    ]
