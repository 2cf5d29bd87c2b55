"""Sentence boundaries: pysbd's English rules, with two of its slow steps made fast and kept exact.

pysbd was the largest cost of ingest after the model. tests/test_chunking.py checks that every span is
the one stock pysbd gives, on every document shipped, edge-case lines and a dozen real reports."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

_local = threading.local()

# Characters that re.IGNORECASE folds onto an ASCII letter while str.lower() does not (or not alone):
# a line holding one is searched exactly as pysbd does, without the shortcut.
_FOLDS_TO_ASCII = ("\u212a", "\u017f", "\u0130", "\u0131")


@lru_cache(maxsize=4096)
def _pattern(source: str, flags: int = 0) -> re.Pattern:
    """re's own cache holds 512 patterns; pysbd builds a few thousand per report and kept evicting them."""
    return re.compile(source, flags)


def _abbreviation_replacer(base):
    """English's AbbreviationReplacer with the same results, found with less work:

    - An abbreviation is looked for with a regex only if some word of the line begins with it (the regex is
      the abbreviation after the start or whitespace, ignoring case), which `str` can tell far faster.
    - pysbd looks for the letter after an abbreviation with a pattern that needs literal braces around it;
      without them in the line there is nothing to find.
    - pysbd replaces periods once per occurrence of an abbreviation; one replacement per distinct spelling
      does the same, because a replacement only ever turns a period into "∯", which can remove a later match
      and never make one."""

    class AbbreviationReplacer(base):
        def search_for_abbreviations_in_string(self, text):
            lowered = text.lower()
            shortcut = not any(ch in text for ch in _FOLDS_TO_ASCII)
            spaced = " " + " ".join(lowered.split()) if shortcut else ""
            prepositive = self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped not in lowered:
                    continue
                if shortcut and stripped.isalpha() and stripped.isascii() and " " + stripped not in spaced:
                    continue
                abbrev_match = _pattern(r"(?:^|\s|\r|\n){}".format(stripped), re.IGNORECASE).findall(text)
                if not abbrev_match:
                    continue
                # pysbd's pattern for the next word's first letter has literal braces: it can only match after them
                if "{" + stripped + "} " in text:
                    char_array = _pattern(r"(?<={" + str(re.escape(stripped)) + "} ).{1}").findall(text)
                else:
                    char_array = []
                replaced: set[str] = set()
                for ind, match in enumerate(abbrev_match):
                    char = char_array[ind] if ind < len(char_array) else ""
                    if match in replaced or (str(char).isupper() and match.strip().lower() not in prepositive):
                        continue
                    replaced.add(match)
                    text = self.scan_for_replacements(text, match, ind, char_array)
            return text

        def replace_period_of_abbr(self, txt, abbr):
            pattern = _pattern(r"(?<=\s{abbr})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))".format(
                abbr=re.escape(abbr.strip())))
            return pattern.sub("∯", " " + txt)[1:]

    return AbbreviationReplacer


def _segmenter():
    """One Segmenter per thread: pysbd keeps the text being split on the segmenter, so ingest's preparing
    threads sharing one got each other's offsets."""
    if not hasattr(_local, "segmenter"):
        import pysbd
        from pysbd.lang.english import English
        from pysbd.utils import TextSpan

        class FastEnglish(English):
            AbbreviationReplacer = _abbreviation_replacer(English.AbbreviationReplacer)

        class Segmenter(pysbd.Segmenter):
            def sentences_with_char_spans(self, sentences):
                """pysbd's own rule (each sentence plus its trailing spaces, at its first occurrence
                ending after the previous one) found with str.find: pysbd compiles a regex per
                sentence, which was a third of ingest's preparing time and flushed re's cache."""
                text, spans, prior_end = self.original_text, [], 0
                for sent in sentences:
                    if not sent:
                        spans.extend(super().sentences_with_char_spans([sent]))
                        continue
                    at = text.find(sent)
                    while at >= 0:
                        end = at + len(sent)
                        while end < len(text) and text[end].isspace():
                            end += 1
                        if end > prior_end:
                            spans.append(TextSpan(text[at:end], at, end))
                            prior_end = end
                            break
                        at = text.find(sent, end)  # finditer's matches do not overlap
                return spans

        segmenter = Segmenter(language="en", clean=False, char_span=True)
        segmenter.language_module = FastEnglish
        _local.segmenter = segmenter
    return _local.segmenter


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Whole sentences of one block, as absolute (start, end) offsets without surrounding spaces."""
    spans = []
    for span in _segmenter().segment(text):
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((offset + start, offset + end))
    return spans or [(offset, offset + len(text))]
