"""One tokenizer for English and Chinese in the same model.

Runs of CJK characters are segmented with jieba (offline dictionary plus the shop
words in jieba_domain.txt); everything else is split into words, ids and single
symbols (emoji, !, ?), so that order numbers stay whole and angry punctuation is
kept as a feature.

The domain words fix segmentations that hide the meaning from the word and
character features (which stop at token edges): jieba alone reads 没收到 as
没收/到 ("confiscate"), 没到账 as 没到/账 and 开不了机 as 开/不了/机.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
OTHER_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’#][A-Za-z0-9]+)*|#\d+|[^\sA-Za-z0-9]")
SKIP = re.compile(r"^[\s,.;:，。；：、“”\"'()（）\[\]【】]+$")
DOMAIN_WORDS = Path(__file__).with_name("jieba_domain.txt")
_jieba_lock = threading.Lock()
_jieba: Any = None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MixedLanguageTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return None

    @staticmethod
    def required_packages() -> List[Text]:
        return ["jieba"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MixedLanguageTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        return self._apply_token_pattern(split_mixed(text))


def split_mixed(text: str) -> List[Token]:
    tokens: List[Token] = []
    position = 0
    for run in CJK_RUN.finditer(text):
        tokens.extend(_other_tokens(text[position : run.start()], position))
        tokens.extend(_cjk_tokens(run.group(), run.start()))
        position = run.end()
    tokens.extend(_other_tokens(text[position:], position))
    return tokens


def _cjk_tokens(run: str, offset: int) -> List[Token]:
    return [Token(word, offset + start) for word, start, _ in _segmenter().tokenize(run)]


def _segmenter() -> Any:
    """A jieba tokenizer of our own (the global one stays untouched), built once on first use."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            _jieba = jieba.Tokenizer()
            _jieba.load_userdict(str(DOMAIN_WORDS))
        return _jieba


def _other_tokens(chunk: str, offset: int) -> List[Token]:
    return [
        Token(m.group(), offset + m.start())
        for m in OTHER_TOKEN.finditer(chunk)
        if not SKIP.match(m.group())
    ]
