"""Demo how-to articles (English and Dutch) and known issues, linked to the demo threads. Idempotent."""

import json
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from blog import bootstrap, services
from blog.models import (
    ArticlePage,
    ArticleThreadPick,
    BlogIndexPage,
    KnownIssueIndexPage,
    KnownIssuePage,
    KnownIssueThreadLink,
    KnownIssueUpdate,
)
from forum.models import Category, Thread


def p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def h2(text):
    return {"type": "paragraph", "value": f"<h2>{text}</h2>"}


def step(title, text=""):
    return {"type": "step", "value": {"title": title, "text": f"<p>{text}</p>" if text else ""}}


def tip(text):
    return {"type": "tip", "value": f"<p>{text}</p>"}


def warning(text):
    return {"type": "warning", "value": f"<p>{text}</p>"}


# slug, language, title, summary, categories, tags, thread title it answers, body
ARTICLES = [
    ("parcel-delivered-but-not-here", "en", "Your parcel says “delivered” but it isn't there: what to do",
     "Most “delivered” parcels turn up within a day. Check these four things first, then report it within "
     "48 hours and we send a replacement.",
     ["orders-delivery"], ["delivery", "tracking"], "My parcel shows delivered but it is not here",
     [p("It is worrying when tracking says <b>delivered</b> and your doorstep is empty. In almost every case the "
        "parcel is close by. Work through these steps before you contact us."),
      step("Open the proof-of-delivery photo",
           "Go to <b>My orders → Track parcel</b>. Couriers attach a photo of where they left it: a neighbour's "
           "door, a parcel box or a pick-up point."),
      step("Check with neighbours and your building", "Ask next-door neighbours, the reception or mailroom."),
      step("Look for a card or a pick-up point message",
           "If nobody was home the courier may have taken it to a pick-up point; you get an email with the address."),
      step("Report it within 48 hours",
           "Still missing? On the order page choose <b>Report a missing parcel</b>. We open an investigation with "
           "the courier and send a replacement or refund."),
      tip("Add delivery instructions (like “leave with number 12”) in your account to avoid this next time."),
      warning("Reports after 48 hours can't be investigated by the courier any more, so don't wait too long.")]),
    ("afleveradres-wijzigen", "nl", "Afleveradres wijzigen van een bestelling",
     "Zolang je bestelling nog niet verzonden is, pas je het afleveradres zelf aan. Daarna helpt de "
     "klantenservice je verder.",
     ["orders-delivery", "nederlands"], ["bezorging", "adres"], "Hoe wijzig ik het afleveradres van een bestelling?",
     [p("Per ongeluk je oude adres gekozen? Geen probleem, zolang de bestelling de deur nog niet uit is."),
      step("Ga naar Mijn bestellingen", "Log in en open de bestelling die je wilt aanpassen."),
      step("Kies Details → Adres wijzigen",
           "Deze knop zie je alleen als de status nog <b>In behandeling</b> is."),
      step("Controleer het nieuwe adres", "Sla op: je krijgt direct een bevestiging per e-mail."),
      tip("Verhuisd? Pas ook je standaardadres aan bij <b>Account → Adressen</b>, dan gaat het de volgende keer goed."),
      warning("Is de bestelling al verzonden? Dan kunnen wij het adres niet meer wijzigen. Neem contact op met de "
              "klantenservice; soms kan de vervoerder het pakket nog omleiden.")]),
    ("change-delivery-address", "en", "Change the delivery address of an order",
     "As long as your order has not been shipped, you change the delivery address yourself. After that, "
     "customer service helps you further.",
     ["orders-delivery"], ["delivery", "address"], None,
     [p("Picked your old address by mistake? No problem, as long as the order has not left the warehouse."),
      step("Go to My orders", "Sign in and open the order you want to change."),
      step("Choose Details → Change address", "You only see this button while the status is <b>Processing</b>."),
      step("Check the new address", "Save it: you get a confirmation by email straight away."),
      tip("Moved house? Change your default address under <b>Account → Addresses</b> too, so next time it is right."),
      warning("Has the order been shipped already? Then we cannot change the address any more. Contact customer "
              "service; sometimes the courier can still redirect the parcel.")]),
    ("how-refunds-work", "en", "How refunds work after you return an item",
     "Refunds go out within 3 working days after we receive your return; your bank may take a few more days to "
     "show it.",
     ["billing-payments"], ["refund", "returns"], "When will I get my refund after returning an item?",
     [p("Here is what happens between sending an item back and seeing the money in your account."),
      step("We receive and check the return", "You get an email when the return is marked as <b>received</b>."),
      step("We send the refund within 3 working days",
           "The refund goes to the payment method you used: card, iDEAL, PayPal or bank transfer."),
      step("Your bank processes it", "Most banks show the refund within 2–3 working days; credit cards can take up to a week."),
      tip("Paid with a gift card? The amount goes back onto the gift card straight away."),
      warning("Refunds are never sent to a different account than the one you paid with, even if you ask. "
              "This protects you against fraud.")]),
    ("two-factor-codes-rejected", "en", "Set up two-factor authentication and fix rejected codes",
     "Two-factor authentication keeps your account safe. If codes are rejected, the clock on your phone is "
     "almost always the cause.",
     ["account-login"], ["2fa", "login"], "Two-factor codes are always rejected",
     [h2("Turning it on"),
      step("Open Account and security", "Choose <b>Two-factor authentication → Set up</b>."),
      step("Scan the QR code", "Use any authenticator app, such as Google Authenticator, 1Password or Aegis."),
      step("Save your recovery codes", "Store them somewhere safe, away from your phone."),
      h2("When codes are rejected"),
      p("Codes change every 30 seconds and depend on your phone's clock."),
      step("Turn on automatic date and time", "On Android: <b>Settings → System → Date and time</b>. On iPhone: "
           "<b>Settings → General → Date and time</b>."),
      step("Try a fresh code", "Wait for a new code to appear and enter it straight away."),
      step("Use a recovery code", "Changed phones? Sign in with a recovery code and set up the app again."),
      warning("Never share your codes with anyone, including people who say they are from our support team.")]),
    ("slimme-lamp-24-ghz-wifi", "nl", "Slimme lamp koppelen: zo gebruik je 2,4 GHz-wifi",
     "Onze slimme lampen werken alleen op 2,4 GHz. Blijft je lamp knipperen tijdens het koppelen, dan zendt je "
     "router waarschijnlijk alleen 5 GHz uit.",
     ["smart-home", "nederlands"], ["wifi", "koppelen"], "Slimme lamp verbindt niet met wifi van 5 GHz",
     [p("2,4 GHz reikt verder en gaat beter door muren, daarom gebruiken de lampen deze frequentie."),
      step("Zoek de wifi-instellingen van je router", "Meestal via <b>192.168.1.1</b> of de app van je provider."),
      step("Zet een apart 2,4 GHz-netwerk aan",
           "Geef het een eigen naam, bijvoorbeeld <i>Thuis-2.4</i>. Bij ‘band steering’ of ‘smart connect’: zet dit uit."),
      step("Verbind je telefoon tijdelijk met dat netwerk", "Zo vindt de app de lamp tijdens het koppelen."),
      step("Koppel de lamp opnieuw", "Zet de lamp drie keer aan en uit tot hij snel knippert en volg de app."),
      tip("Na het koppelen mag je telefoon weer terug naar 5 GHz; de lamp blijft op 2,4 GHz werken."),
      warning("Gastnetwerken blokkeren vaak apparaten onderling: gebruik je hoofdnetwerk.")]),
    ("smart-lamp-24-ghz-wifi", "en", "Connect your smart lamp to 2.4 GHz wifi",
     "Smart lamps only work on 2.4 GHz wifi. If yours keeps blinking during pairing, your router is probably "
     "broadcasting on 5 GHz only.",
     ["smart-home"], ["wifi"], None,
     [p("2.4 GHz reaches further and passes walls better, which is why the lamps use it."),
      step("Open your router's wifi settings", "Usually at <b>192.168.1.1</b> or in your provider's app."),
      step("Turn on a separate 2.4 GHz network", "Give it its own name. Switch off “band steering” or “smart connect”."),
      step("Connect your phone to it for a moment", "The app finds the lamp while both are on the same band."),
      step("Pair the lamp again", "Switch it on and off three times until it blinks quickly, then follow the app."),
      tip("After pairing, your phone can go back to 5 GHz; the lamp keeps working on 2.4 GHz.")]),
]

# (English slug, Dutch slug): the same article in both languages, linked as translations (as the CMS's
# "Translate" links them), so a visitor reads it in theirs and finds the other from it.
TRANSLATIONS = [
    ("change-delivery-address", "afleveradres-wijzigen"),
    ("smart-lamp-24-ghz-wifi", "slimme-lamp-24-ghz-wifi"),
]

KNOWN_ISSUES = [
    ("android-order-history-crash", "The Android app closes when you open your order history",
     "Since app version 5.2, opening Orders on some Android 14 phones closes the app.",
     KnownIssuePage.Status.IDENTIFIED, ["mobile-app"], 2, None,
     "<p>Use the website to see your orders: <b>Account → My orders</b> works as usual on your phone's browser.</p>",
     [(KnownIssuePage.Status.INVESTIGATING, 50, "We are looking into reports that the app closes when opening order history."),
      (KnownIssuePage.Status.IDENTIFIED, 26, "We found the cause: a date format on Android 14 devices. A fix is in testing and "
       "will be in version 5.2.1.")],
     ["App crashes when I open my order history"]),
    ("double-subscription-charges", "Some subscriptions were charged twice this month",
     "A payment provider error charged a small number of subscriptions twice on the 1st.",
     KnownIssuePage.Status.RESOLVED, ["billing-payments", "nederlands"], 12, 8,
     "<p>No action needed: every double charge is refunded automatically.</p>",
     [(KnownIssuePage.Status.IDENTIFIED, 280, "Our payment provider confirmed a duplicate batch on the 1st."),
      (KnownIssuePage.Status.MONITORING, 230, "All double charges have been refunded; refunds show within 3 working days."),
      (KnownIssuePage.Status.RESOLVED, 192, "Every affected customer has been refunded. Sorry for the trouble!")],
     ["Factuur klopt niet: dubbel afgeschreven"]),
]


def _site(context):
    def run():
        site = bootstrap.default_site()
        home = site.root_page
        # The forum owns "/": the Wagtail root page only anchors /blog/ and /known-issues/.
        if home.title.startswith("Welcome to your new Wagtail site"):
            home.title = home.draft_title = "Home"
            home.save(update_fields=["title", "draft_title"])
        if site.site_name != settings.WAGTAIL_SITE_NAME:
            site.site_name = settings.WAGTAIL_SITE_NAME
            site.save(update_fields=["site_name"])
        bootstrap.install()  # the index pages and the editors' CMS rights, even on an emptied database

    return run


def _articles(context):
    def run():
        # Each article under its language's index: its page's locale is its language.
        indexes = {index.locale.language_code: index for index in BlogIndexPage.objects.select_related("locale")}
        editor = context.get("people", {}).get("editor")
        for slug, language, title, summary, categories, tags, thread_title, body in ARTICLES:
            if ArticlePage.objects.filter(slug=slug).exists():
                continue
            index = indexes[language]
            article = ArticlePage(title=title, slug=slug, summary=summary, body=json.dumps(body), author=editor)
            article.categories = list(Category.objects.filter(slug__in=categories))
            thread = Thread.objects.filter(title=thread_title).first() if thread_title else None
            if thread:
                article.thread_picks = [ArticleThreadPick(thread=thread)]
            index.add_child(instance=article)
            article.tags.add(*tags)
            article.save_revision(user=editor).publish(user=editor)
        _link_translations()

    return run


def _link_translations():
    """The Dutch article takes its English one's translation key (what "Translate" gives a copy)."""
    for english_slug, dutch_slug in TRANSLATIONS:
        english = ArticlePage.objects.filter(slug=english_slug, locale__language_code="en").first()
        dutch = ArticlePage.objects.filter(slug=dutch_slug, locale__language_code="nl").first()
        if english is not None and dutch is not None and dutch.translation_key != english.translation_key:
            Page.objects.filter(pk=dutch.pk).update(translation_key=english.translation_key)


def _known_issues(context):
    def run():
        index = KnownIssueIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
        # Editors publish (moderators link threads to known issues but do not publish): DESIGN.md.
        editor = context.get("people", {}).get("editor")
        moderator = context.get("people", {}).get("moderator")
        now = timezone.now()
        for slug, title, summary, status, categories, days, resolved_days, workaround, updates, threads in KNOWN_ISSUES:
            if KnownIssuePage.objects.filter(slug=slug).exists():
                continue
            known_issue = KnownIssuePage(
                title=title, slug=slug, summary=summary, status=status, workaround=workaround,
                started_at=now - timedelta(days=days),
                resolved_at=now - timedelta(days=resolved_days) if resolved_days else None,
            )
            known_issue.categories = list(Category.objects.filter(slug__in=categories))
            known_issue.updates = [KnownIssueUpdate(status=s, posted_at=now - timedelta(hours=h), text=t)
                              for s, h, t in updates]
            index.add_child(instance=known_issue)
            known_issue.save_revision(user=editor).publish(user=editor)
            for thread in Thread.objects.filter(title__in=threads):
                if known_issue.is_open:
                    services.link_known_issue(known_issue=known_issue, thread=thread, by=moderator)
                else:
                    KnownIssueThreadLink.objects.get_or_create(known_issue=known_issue, thread=thread,
                                                               defaults={"linked_by": moderator})

    return run


def steps(context):
    return [
        ("blog site", _site(context)),
        ("how-to articles", _articles(context)),
        ("known issues", _known_issues(context)),
    ]
