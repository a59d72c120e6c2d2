# One name for one idea (DESIGN.md's vocabulary): a known issue is never a "notice", in code either.
# Renames only, the rows are kept. Each unique constraint is dropped before its field is renamed
# and built again after: Django's state does not rename a constraint's fields, and SQLite rebuilds
# the table on renaming a foreign key, from that state. Both tables are small.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0004_article_feedback_is_did_this_help'),
    ]

    operations = [
        migrations.RenameModel(old_name='NoticeDispatch', new_name='KnownIssueDispatch'),
        migrations.RemoveConstraint(model_name='knownissuedispatch', name='blog_dispatch_once'),
        migrations.RenameField(model_name='knownissuedispatch', old_name='notice', new_name='known_issue'),
        migrations.AddConstraint(
            model_name='knownissuedispatch',
            constraint=models.UniqueConstraint(fields=('known_issue', 'key'), name='blog_dispatch_once'),
        ),
        migrations.RemoveConstraint(model_name='knownissuethreadlink', name='blog_notice_link_once'),
        migrations.RenameField(model_name='knownissuethreadlink', old_name='notice', new_name='known_issue'),
        migrations.AddConstraint(
            model_name='knownissuethreadlink',
            constraint=models.UniqueConstraint(fields=('known_issue', 'thread'), name='blog_known_issue_link_once'),
        ),
    ]
