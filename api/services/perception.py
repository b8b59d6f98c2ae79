"""What the API learns from a customer message before the bot sees it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.anger import get_detector
from bot.language import Language, detect_language


@dataclass(frozen=True)
class Perception:
    language: Language
    anger: float
    angry: bool
    urgent: bool

    def as_metadata(self) -> dict[str, object]:
        return {
            "language": self.language,
            "anger": round(self.anger, 3),
            "angry": self.angry,
            "urgent": self.urgent,
        }


def perceive(text: str, fallback_language: Language = "en") -> Perception:
    language = detect_language(text, default=fallback_language)
    result = get_detector().detect(text, language)
    return Perception(language, result.score, result.angry, result.urgent)
