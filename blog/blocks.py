"""The blocks an article body is made of: shared by how-to articles (and usable by known issues)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "code"]


class StepBlock(blocks.StructBlock):
    """One numbered step: the number comes from its position among the steps."""

    title = blocks.CharBlock(label=_("what to do"), max_length=160)
    text = blocks.RichTextBlock(label=_("details"), features=TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Numbered step")
        template = "blog/blocks/step.html"


class TipBlock(blocks.RichTextBlock):
    class Meta:
        icon = "help"
        label = _("Tip")
        template = "blog/blocks/tip.html"


class WarningBlock(blocks.RichTextBlock):
    class Meta:
        icon = "warning"
        label = _("Warning")
        template = "blog/blocks/warning.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["h2", "h3", *TEXT_FEATURES], template="blog/blocks/paragraph.html"
    )
    step = StepBlock()
    tip = TipBlock(features=TEXT_FEATURES)
    warning = WarningBlock(features=TEXT_FEATURES)
    image = ImageBlock(label=_("Image"), template="blog/blocks/image.html")
    embed = EmbedBlock(label=_("Embedded video or post"), template="blog/blocks/embed.html")
