"""The offline visit form: the page, what the phone keeps, the sync endpoint, the service worker and manifest.

The phone keeps only what a visit needs — the door, the household's name and the questionnaire — never
tags or phone numbers. A visit carries an id made on the phone; sent twice, it is stored once.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.db.models.functions import Length
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .access import assigned_targets, may_visit, paired_households, require_visitor
from .forms import VisitForm, check_answers
from .models import Campaign, CarePairing, Household, Outcome, Question, Target, Visit

MAX_TASKS = 2000  # a visitor's list; a whole community's is for the staff pages


def _open_targets(user):
    max_tries = F("campaign__max_tries")
    settled = Q(status__in=[Target.Status.VISITED, Target.Status.VACANT]) | Q(
        status__in=[Target.Status.ABSENT, Target.Status.REFUSED], tries__gte=max_tries
    )
    return assigned_targets(user).exclude(settled)


@login_required
@require_GET
def visit_page(request):
    require_visitor(request.user)
    return render(request, "households/visit.html", {"outcomes": Outcome.choices, "texts": _texts()})


def _texts() -> dict:
    """What the page's script says, translated here (the script itself holds no UI text)."""
    return {
        "online": _("Online: visits are sent at once"),
        "offline": _("Offline: visits are kept on the phone"),
        "saved": _("Saved on the phone."),
        "sent": _("All visits are sent."),
        "sendFailed": _("Not sent yet; it will be tried again."),
        "loginAgain": _("Log in again to send the visits waiting on the phone."),
        "refused": _("A visit was refused by the server:"),
        "tries": _("tried %(n)s times, last: %(outcome)s"),
        "outcomes": {value: str(label) for value, label in Outcome.choices},
        "due": _("care visit due %(day)s"),
        "care": _("Care visit"),
        "unsentLogout": _("Visits not yet sent will be lost when you log out. Log out anyway?"),
        "noAnswer": _("(no answer)"),
        "chooseOutcome": _("Choose the outcome."),
    }


def _question(q: Question) -> dict:
    return {
        "id": q.pk,
        "kind": q.kind,
        "text": q.text,
        "choices": [[value, q.label_for(value)] for value in q.answer_values()],
    }


@never_cache
@login_required
@require_GET
def visit_data(request):
    """What the phone keeps: door, household name, questionnaire. Nothing else about the household."""
    require_visitor(request.user)
    targets = (
        _open_targets(request.user)
        .select_related("household__building", "campaign")
        .order_by(
            "campaign_id", "household__building_id", "household__entrance", Length("household__door"), "household__door"
        )[:MAX_TASKS]
    )
    tasks, campaign_ids = [], set()
    for t in targets:
        campaign_ids.add(t.campaign_id)
        tasks.append(
            {
                "key": f"c{t.campaign_id}-h{t.household_id}",
                "campaign": t.campaign_id,
                "household": t.household_id,
                "door": t.household.door_label,
                "name": t.household.name,
                "tries": t.tries,
                "status": t.status,
            }
        )
    for p in paired_households(request.user).select_related("household__building"):
        tasks.append(
            {
                "key": f"p{p.pk}",
                "pairing": p.pk,
                "household": p.household_id,
                "door": p.household.door_label,
                "name": p.household.name,
                "due": p.next_due.isoformat(),
            }
        )
    campaigns = Campaign.objects.filter(pk__in=campaign_ids).prefetch_related("questions")
    return JsonResponse(
        {
            "user": request.user.pk,
            "tasks": tasks,
            "campaigns": {
                str(c.pk): {"title": c.title, "questions": [_question(q) for q in c.questions.all()]} for c in campaigns
            },
            "fetched": timezone.now().isoformat(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
@login_required
@require_GET
def visit_token(request):
    """A fresh CSRF token for the next send: the one in a page cached days ago may be stale."""
    require_visitor(request.user)
    return JsonResponse({"token": get_token(request)})


def _refuse(status: int, message: str, errors: dict | None = None) -> JsonResponse:
    return JsonResponse({"stored": False, "error": message, "errors": errors or {}}, status=status)


@login_required
@require_POST
def visit_sync(request):
    """Store one visit sent from the phone (multipart, with its photo); a visit stored before answers the same."""
    if not may_visit(request.user):
        return _refuse(403, _("Only service-team members record visits."))
    client_id = request.POST.get("id", "")
    existing = Visit.objects.filter(visitor=request.user, client_id=client_id).only("pk").first()
    if existing is not None:
        return JsonResponse({"stored": True, "id": client_id, "duplicate": True})
    form = VisitForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return _refuse(400, _("The visit could not be read."), errors)
    data = form.cleaned_data
    household = Household.objects.filter(pk=data["household"], community_id=request.user.community_id).first()
    if household is None:
        return _refuse(404, _("No such household."))
    fields = {
        "household": household,
        "outcome": data["outcome"],
        "concerns": data["concerns"],
        "visited_at": data["visited_at"],
    }
    if data["campaign"]:
        target = assigned_targets(request.user).filter(campaign_id=data["campaign"], household=household).first()
        if target is None:
            return _refuse(403, _("This household is not on your list."))
        questions = list(Question.objects.filter(campaign_id=data["campaign"]))
        if problem := check_answers(questions, data["answers"]):
            return _refuse(400, problem, {"answers": [problem]})
        fields["campaign_id"] = data["campaign"]
    else:
        pairing = CarePairing.objects.filter(pk=data["pairing"], member=request.user, household=household).first()
        if pairing is None:
            return _refuse(403, _("This household is not on your list."))
        if data["answers"]:
            return _refuse(
                400, _("A care visit has no questionnaire."), {"answers": [_("A care visit has no questionnaire.")]}
            )
        fields["pairing"] = pairing
    answers = data["answers"] if data["outcome"] == Outcome.VISITED else {}
    visit, created = Visit.store(
        visitor=request.user, client_id=data["id"], fields=fields, answers=answers, photo=data["photo"]
    )
    return JsonResponse({"stored": True, "id": visit.client_id, "duplicate": not created})


OFFLINE_ASSETS = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "css/portal.css",
    "css/print.css",
    "img/favicon.svg",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "households/households.css",
    "households/visit.js",
]


@require_GET
def service_worker(request):
    """Served from /households/visit/ so that its scope is the visit form (a static file's would be /static/)."""
    assets = [_static(path) for path in OFFLINE_ASSETS]
    context = {
        "page": reverse("households:visit"),
        "assets": json.dumps(assets),
        "version": hashlib.sha256("".join(assets).encode()).hexdigest()[:12],
    }
    response = render(request, "households/sw.js", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": _("Door-to-door visits"),
        "short_name": _("Visits"),
        "start_url": reverse("households:visit"),
        "scope": reverse("households:visit"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#c8102e",
        "lang": request.LANGUAGE_CODE,
        "icons": [{"src": _static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def _static(path: str) -> str:
    from django.templatetags.static import static

    return static(path)
