"""Demo people, categories and threads for `manage.py seed_demo` (idempotent)."""

from django.contrib.auth import get_user_model

from forum import bootstrap, roles, services
from forum.models import Answer, Category, Thread

User = get_user_model()
DEMO_PASSWORD = "flawsome-demo"

PEOPLE = [
    # username, email, display name, language, role
    ("admin", "admin@example.com", "Ada Admin", "en", "admin"),
    ("moderator", "moderator@example.com", "Mila de Moderator", "nl", "moderator"),
    ("editor", "editor@example.com", "Eddie Editor", "en", "editor"),
    ("sanne", "sanne@example.com", "Sanne Jansen", "nl", "member"),
    ("tom", "tom@example.com", "Tom Baker", "en", "member"),
    ("priya", "priya@example.com", "Priya Kapoor", "en", "member"),
    ("joris", "joris@example.com", "Joris van Dijk", "nl", "member"),
    ("lena", "lena@example.com", "Lena Fischer", "en", "member"),
]

# (name en, name nl, slug, icon, description en, description nl): the Dutch in the words of the
# vocabulary table (DESIGN.md), so a Dutch visitor reads the categories in Dutch.
CATEGORIES = [
    ("Orders & delivery", "Bestellingen & bezorging", "orders-delivery", "📦",
     "Tracking, delivery times, missing parcels.", "Track & trace, levertijden, zoekgeraakte pakketten."),
    ("Billing & payments", "Facturen & betalingen", "billing-payments", "💳",
     "Invoices, refunds, payment methods.", "Facturen, terugbetalingen, betaalmethoden."),
    ("Account & login", "Account & inloggen", "account-login", "🔐",
     "Signing in, passwords, two-factor authentication.", "Inloggen, wachtwoorden, tweestapsverificatie."),
    ("Mobile app", "Mobiele app", "mobile-app", "📱", "The iOS and Android apps.", "De apps voor iOS en Android."),
    ("Smart home devices", "Slimme apparaten", "smart-home", "💡",
     "Setting up and connecting your devices.", "Je apparaten installeren en verbinden."),
    ("Dutch-language", "Nederlandstalig", "nederlands", "🇳🇱",
     "Questions and answers in Dutch.", "Vragen en antwoorden in het Nederlands."),
]

# (author, category slug, kind, title, body, tags, [(answerer, body, accepted?)])
THREADS = [
    ("tom", "orders-delivery", "question", "My parcel shows delivered but it is not here",
     "Tracking says **delivered** at 14:02 yesterday, but nothing arrived. Neighbours don't have it either. What should I do?",
     ["delivery", "tracking"],
     [("priya", "Check the photo in the tracking page first: couriers often leave a proof-of-delivery photo. If it is not your door, open a *missing parcel* request from your order page within 48 hours and you get a replacement.", True),
      ("lena", "Same happened to me last month. The parcel turned up at the pick-up point two streets away the next morning.", False)]),
    ("sanne", "nederlands", "question", "Hoe wijzig ik het afleveradres van een bestelling?",
     "Ik heb per ongeluk mijn oude adres gebruikt. De bestelling is nog niet verzonden. Kan ik het adres nog aanpassen?",
     ["bezorging", "adres"],
     [("joris", "Ja, zolang de status nog *In behandeling* is: ga naar **Mijn bestellingen → Details → Adres wijzigen**. Daarna kan het alleen nog via de klantenservice.", True)]),
    ("priya", "billing-payments", "question", "When will I get my refund after returning an item?",
     "I returned a pair of headphones last week. The return is marked as received. How long does the refund take?",
     ["refund", "returns"],
     [("tom", "Refunds go out within 3 working days after the return is received; your bank may take another 2–3 days to show it.", True)]),
    ("lena", "account-login", "problem", "Two-factor codes are always rejected",
     "Since changing my phone, every code from my authenticator app is rejected. I can't sign in at all. Very frustrating!",
     ["2fa", "login"],
     [("priya", "Check the clock on your new phone: TOTP codes fail when the time is off by more than 30 seconds. Turn on automatic time and try again.", False)]),
    ("joris", "smart-home", "question", "Slimme lamp verbindt niet met wifi van 5 GHz",
     "Mijn nieuwe lamp blijft knipperen tijdens het koppelen. Mijn router zendt alleen op 5 GHz uit. Is dat het probleem?",
     ["wifi", "koppelen"],
     [("sanne", "Ja: de lampen werken alleen op 2,4 GHz. Zet in je router een apart 2,4 GHz-netwerk aan en koppel opnieuw.", True)]),
    ("tom", "mobile-app", "question", "App crashes when I open my order history",
     "Android 14, app version 5.2. It closes immediately when I tap *Orders*. Reinstalling did not help.",
     ["android", "crash"], []),
    ("priya", "smart-home", "compliment", "Thank you to the support team for the quick replacement",
     "My thermostat died on a Sunday and a replacement arrived Tuesday morning. Great service, thanks Mila!",
     ["thanks"], []),
    ("lena", "billing-payments", "question", "Can I pay by bank transfer instead of credit card?",
     "I don't have a credit card. Which other payment methods do you accept?",
     ["payment"],
     [("joris", "iDEAL, PayPal, bank transfer and *pay later* are all available at checkout. Bank transfer orders ship once the payment arrives (1–2 days).", False)]),
    ("sanne", "nederlands", "problem", "Factuur klopt niet: dubbel afgeschreven",
     "Mijn abonnement is deze maand twee keer afgeschreven. Wie kan me helpen dit terug te krijgen?",
     ["factuur", "terugbetaling"], []),
    ("joris", "orders-delivery", "question", "Can I choose a delivery time slot?",
     "I'm not home during the day. Is evening delivery possible?",
     ["delivery"],
     [("lena", "Yes, in most cities you can pick an evening slot (18:00–22:00) at checkout for a small fee.", True)]),
]


def _people(context):
    def run():
        groups = bootstrap.install()  # the role groups, even on a database emptied since migrating
        moderators, editors = groups[roles.MODERATORS], groups[roles.EDITORS]
        people = {}
        for username, email, name, language, role in PEOPLE:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.member_create(
                    username=username, email=email, password=DEMO_PASSWORD, display_name=name,
                    language=language,
                )
            user.is_staff = role in {"admin", "moderator", "editor"}
            user.is_superuser = role == "admin"
            user.save(update_fields=["is_staff", "is_superuser"])
            if role == "moderator":
                user.groups.add(moderators)
            if role == "editor":
                user.groups.add(editors)
            _verified_email(user)
            people[username] = user
        context["people"] = people
        context["logins"].extend(
            (role, email, DEMO_PASSWORD) for _u, email, _n, _l, role in PEOPLE if role != "member"
        )
        context["logins"].append(("member", "sanne@example.com", DEMO_PASSWORD))

    return run


def _verified_email(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _categories(context):
    def run():
        for position, (name_en, name_nl, slug, icon, description_en, description_nl) in enumerate(CATEGORIES):
            Category.objects.update_or_create(slug=slug, defaults={
                "name_en": name_en, "name_nl": name_nl, "description_en": description_en,
                "description_nl": description_nl, "icon": icon, "position": position})

    return run


def _threads(context):
    def run():
        people = context["people"]
        for author, category, kind, title, body, tags, answers in THREADS:
            if Thread.objects.filter(title=title).exists():
                continue
            thread = services.thread_create(
                author=people[author], kind=kind, title=title, body=body,
                category=Category.objects.get(slug=category), tags=tags,
            )
            for answerer, answer_body, accepted in answers:
                answer = services.answer_create(author=people[answerer], thread=thread, body=answer_body)
                if accepted:
                    services.answer_accept(answer=answer, by=people[author])
                if answerer != author and not Answer.objects.filter(pk=answer.pk, kudos__user=people[author]).exists():
                    services.kudo_give(user=people[author], post=answer)

    return run


def _activity(context):
    """Follows, me-too, kudos on questions, an edit with history and email choices (idempotent)."""

    def run():
        from forum.models import Follow, Kudo, MeToo, Profile

        people = context["people"]
        for username, slug in (("sanne", "nederlands"), ("joris", "smart-home"), ("priya", "billing-payments")):
            Follow.objects.get_or_create(user=people[username], category=Category.objects.get(slug=slug))
        for title, usernames in (
            ("Two-factor codes are always rejected", ("tom", "joris", "sanne")),
            ("App crashes when I open my order history", ("lena", "priya")),
            ("Factuur klopt niet: dubbel afgeschreven", ("joris",)),
        ):
            thread = Thread.objects.filter(title=title).first()
            if thread is None:
                continue
            for username in usernames:
                if not MeToo.objects.filter(user=people[username], thread=thread).exists():
                    services.me_too_add(user=people[username], thread=thread)
        for title, usernames in (
            ("My parcel shows delivered but it is not here", ("priya", "lena", "joris")),
            ("Thank you to the support team for the quick replacement", ("tom", "sanne", "moderator")),
        ):
            thread = Thread.objects.filter(title=title).first()
            for username in usernames if thread else ():
                if not Kudo.objects.filter(user=people[username], thread=thread).exists():
                    services.kudo_give(user=people[username], post=thread)
        crash = Thread.objects.filter(title="App crashes when I open my order history").first()
        if crash is not None and crash.revisions.count() < 2:
            services.post_edit(
                post=crash, by=crash.author, note="added the phone model",
                body=crash.body + "\n\n**Update:** it happens on a Pixel 8 too, also after clearing the cache.",
            )
        Profile.objects.filter(user=people["priya"]).update(email_mode=Profile.EmailMode.DIGEST)

    return run


def steps(context):
    return [
        ("people", _people(context)),
        ("categories", _categories(context)),
        ("threads", _threads(context)),
        ("forum activity", _activity(context)),
    ]
