"""The SDG reference data: the 17 goals and 169 targets with their official titles in English,
Arabic, Chinese, French, Russian and Spanish (data/sdg.json, from Open SDG's sdg-translations, MIT
licence: data/LICENSE) and each goal's official colour. There is no Portuguese in the source:
Portuguese pages show the English title, marked as English.

Loaded by migrations/0002_sdg_reference_data.py, and again after a `flush` empties the tables
(SolutionsConfig.ready), as the staff groups are.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "sdg.json"

# The goals' colours from the United Nations' SDG communications guidelines.
COLOURS = {
    1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2",
    7: "#FCC30B", 8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E",
    13: "#3F7E44", 14: "#0A97D9", 15: "#56C02B", 16: "#00689D", 17: "#19486A",
}  # fmt: skip
# Language codes of the source -> column suffixes of the translated fields.
COLUMNS = {"en": "en", "ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh_hans"}


def _translated(name, texts):
    """{field column: text} for each language of `texts`, the English one also as the field itself."""
    columns = {f"{name}_{COLUMNS[language]}": text for language, text in texts.items() if language in COLUMNS}
    return {name: texts["en"], **columns}


def target_order(code):
    """Numbered targets first (11.1 … 11.7), then the lettered ones (11.a, 11.b, 11.c)."""
    suffix = code.split(".", 1)[1]
    return int(suffix) if suffix.isdigit() else 100 + ord(suffix) - ord("a")


def load(goal_model, target_model, using="default"):
    """Create what is missing and refresh the rest, in a few bulk statements (the models may be a
    migration's historical ones). After a `flush` this runs for every transactional test: two
    inserts, not 186 look-ups."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    goals = [
        goal_model(
            number=goal["number"],
            colour=COLOURS[goal["number"]],
            **_translated("short", goal["short"]),
            **_translated("title", goal["title"]),
        )
        for goal in data["goals"]
    ]
    targets = [
        target_model(
            code=target["code"],
            goal_id=target["goal"],
            order=target_order(target["code"]),
            **_translated("title", target["title"]),
        )
        for target in data["targets"]
    ]
    _save(goal_model, goals, "number", using)
    _save(target_model, targets, "code", using)


def _save(model, rows, key, using):
    manager = model.objects.using(using)
    existing = set(manager.values_list(key, flat=True))
    manager.bulk_create([row for row in rows if getattr(row, key) not in existing])
    fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    manager.bulk_update([row for row in rows if getattr(row, key) in existing], fields)
