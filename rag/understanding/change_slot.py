"""The change slot: whether a question asks how two inspections differ, in which direction, and from and
to which grades ("has Leeds improved since…", "which councils went from inadequate to good", "still RI or
did it move?", "inadequate at two inspections in a row")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain import grades as grade_words

G = grade_words.PATTERN_ASKED


@dataclass(frozen=True)
class ChangeAsked:
    """How two inspections should differ: a direction, and grades before and after."""

    direction: str | None = None  # "improved", "declined", "same"; None: either way ("better or worse?")
    from_grades: tuple[str, ...] = ()
    to_grades: tuple[str, ...] = ()
    # "inadequate at two inspections in a row": any two inspections one after the other, not only the last two
    any_pair: bool = False
    # more than one direction admitted: "which did NOT improve" (same or declined), "who improved, who stayed
    # the same" (improved or same); empty: `direction` alone decides
    directions: tuple[str, ...] = ()
    negated: bool = False  # "did not improve": said so, not as "stayed the same or declined"


_UP = (r"improv(?:ed|ing)|(?<=did )(?:[\w'-]+ ){0,5}?(?:rise|climb|go up|move up)|(?<=did )(?:it |they |things |services |[\w'-]+ )?improve|got better|gotten better|get(?:ting)? better|better than|on the up|went up|gone up|going up|moved up"
       r"|risen|rose|progressed|turned (?:it |things )?(?:a)?round|bounced back|upgraded|climbed|move[ds]? out of")
_DOWN = (r"declin(?:e|ed|ing)|deteriorat(?:e|ed|ing)|worsen(?:ed|ing)?|got worse|get(?:ting)? worse|gotten worse|worse than|slip|slips|slipp(?:ed|ing)"
         r"|(?<=did )(?:[\w'-]+ ){0,5}?(?:drop|fall|go down|move down)"
         r"|dropp(?:ed|ing)|fell|fallen|went down|gone down|going down|moved down|downgraded|went backwards?|gone backwards?|regress(?:ed)?"
         r"|(?:gone|going|went|go|goes) downhill|slid(?:e|den)?|sliding|backslid\w*|backwards|lost ground")
_SAME = (r"stayed|remained|remain|held on ?to|hold on ?to|holding on ?to|hung on to|kept hold of|kept|keep|maintained|maintain|retained|sustained|unchanged|no change|not changed|same grade|stuck at|stuck on|still been|again|twice in a row|in a row|both times|twice running|consecutively"
         r"|(?:the )?same (?:\w+ ){0,2}(?:grade|rating|judgement|result|outcome)|stay(?:ed)? put|stood still|no better(?: or worse)?|flatlined"
         r"|(?:at|in|for) both (?:of )?(?:their|its|the) (?:last|latest|most recent) two|two (?:consecutive|successive)|(?:consecutive|successive) inspections|back[- ]to[- ]back|repeated|two straight")
# "changes of social worker" is a noun: a change asked about is a verb, or a change since or between.
_EITHER = (r"better or worse|worse or better|up or down|down or up|changed|(?:any|a|the) change (?:since|between|from)|changes? (?:since|between)"
           r"|differ(?:ence)? (?:between|from|since)|moved|shifted|progress since"
           r"|since (?:the|its|their) (?:previous|last|earlier|prior)|than (?:the|its|their) (?:previous|last|earlier|prior)"
           r"|(?:with|to) (?:the|its|their) (?:previous|last|earlier|prior)|any improvement|improvement since|better since|worse since")
# "was the next one any better?", "is it worse?": better or worse, asked of an inspection.
_EITHER += r"|which way|heading|direction|flat|steady|standing still|up,? down or flat|on the way (?:up|down)"
# "got out of inadequate", "came off RI": out of a grade (or intervention), not "came out of the inspection"
_EITHER += (rf"|(?:get|got|gets|getting|come|came|climb(?:ed)?|move[ds]?|moving|break|broke|pull(?:ed)?) (?:out of|clear of|away from|off)"
            rf"(?= (?:being |an? )?(?:{G}|special measures|intervention|government intervention|that|it)\b)|no longer")
_EITHER += r"|any (?:better|worse)|(?:was|is|were|are) (?:it|that|this|they|things|the \w+(?: one)?) (?:any |much |a lot )?(?:better|worse)"
# "was that an improvement?", "is that progress?", "a step backwards?": a change asked with a noun
_EITHER += (r"|(?:was|is|were|are|marks?|marked|represents?|represented) (?:it|that|this|they|things|the \w+(?: one)?) (?:an? |any )?(?:real |big |clear )?"
            r"(?:improvement|step (?:forward|up|down|back(?:ward)?s?)|progress|decline|deterioration|setback|upgrade|downgrade|turnaround)")
# "got a worse overall effectiveness grade than…", "a higher rating than last time": a grade compared, with a direction
_UP += r"|jump(?:ed|s)?|leap(?:t|ed)?"
_UP += r"|(?:got|get|gets|received|receive|given|had|achieved|awarded) (?:an? )?(?:better|higher|improved|stronger) (?:\w+ ){0,3}(?:grade|rating|judgement|result|outcome)"
_UP += r"|(?:an? )?improvement (?:on|over|from|since) (?:the |its |their )?(?:\d{4}|previous|last|earlier|prior|one before)"
_DOWN += r"|(?:got|get|gets|received|receive|given|had|awarded) (?:an? )?(?:worse|lower|poorer|weaker) (?:\w+ ){0,3}(?:grade|rating|judgement|result|outcome)"
_DOWN += r"|(?:did|does|has|have) (?:the |its |their )?(?:\w+ ){0,2}(?:go|gone|come|fall|fallen|drop|dropped|slip|slipped) (?:down|back(?! (?:to|in|into|on|for|and|out)\b)|backwards)|slip(?:ped)? back"
_CHANGE = re.compile(rf"\b(?:{_UP}|{_DOWN}|{_SAME}|{_EITHER})\b")
# The general shape of a change question, whatever its words: a word of movement or comparison, and a second
# inspection to hold the grade against ("improvement from their 2022 ILACS or not?", "still RI or did it move?",
# "how does the latest outcome compare with the one before it?").
_MOVEMENT = re.compile(r"\b(?:better|worse|improv\w*|declin\w*|chang\w*|mov(?:e|ed|ing)|shift\w*|budg\w*|progress\w*|happen\w*|slip\w*|kept|keep"
                       r"|differ\w*|compar\w*|vs\.?|versus|same|still|up|down|higher|lower)\b")
_SECOND_INSPECTION = re.compile(r"\b(?:since|previous(?:ly)?|prior|earlier|before|last time|time before|one before|first one"
                                r"|from (?:the |its |their )?(?:\d{4}|ilacs|sif|last|previous|earlier|first)"
                                r"|(?:with|to|than|on|against)(?: in| at)? (?:the |its |their )?(?:\d{4}|last|previous|earlier|prior|first|one before)"
                                r"|\d{4} (?:and|to|vs\.?|versus|-|or) \d{4}|or not|or did (?:it|they|she|he)|or has (?:it|they)|at (?:the|its|their) last"
                                r"|and (?:the|its|their) (?:most recent|latest|current|last|newest) (?:one|inspection|report|visit)|compared (?:with|to))\b")
_FROM_TO = re.compile(rf"\bfrom\s+(?:an?\s+|being\s+|(?:rated|judged|graded)\s+)?({G})\s+(?:\w+\s+){{0,4}}?to\s+(?:being\s+|an?\s+)?({G})"
                      rf"(?:\s+or\s+(better|worse|above|below|{G}))?")
_ARROW = re.compile(rf"({G})\s*(?:->|→|=>|>|to)\s*({G})(?:\s+or\s+(better|worse|above|below|{G}))?")
_BEFORE_GRADE = re.compile(rf"\b(?:(?:were|was|been)\s+(?:rated\s+|judged\s+|graded\s+)?|(?:rated|judged|graded)\s+)({G})\s+(?:before|previously|earlier|last time"
                           r"|(?:at|in|for)\s+(?:the|its|their)\s+(?:previous|last|earlier|prior|one before)(?:\s+(?:inspection|one|report|time))?)\b")
# "…that were RI last time are now good": the grade after, said as today's
_NOW_GRADE = re.compile(rf"\b(?:(?:are|is)\s+(?:now|currently)|now)\s+(?:rated\s+|judged\s+|graded\s+)?({G})(?:\s+or\s+(better|worse|above|below|{G}))?")
# "didn't change", "has not moved", "never budged": no change, asked with a change denied
_NOT_CHANGED = re.compile(r"\b(?:(?:did|does|do|has|have|had|was|were|is|are)(?:\s*n[o'’]t|\s+not|\s+never)\s+(?:\w+\s+){0,2}?|\bnot\s+|\bnever\s+)"
                          r"(?:chang\w*|mov(?:e|ed)|budg\w*|shift\w*|alter\w*)\b")
_TO = re.compile(rf"\b(?:{_UP}|{_DOWN}|went|moved|got|risen)\s+(?:up\s+|down\s+)?to\s+(?:being\s+|an?\s+)?({G})(?:\s+or\s+(better|worse|above|{G}))?")
# "moved up from inadequate", "councils that dropped from outstanding": the grade before, and which way
_LOST = re.compile(rf"\b(?:lost|lose|losing|dropped|gave up|surrendered)\s+(?:its|their|the|her|his)\s+({G})\b")
_FROM_ONLY = re.compile(rf"\b(?:({_UP}|up|out|away|climb\w*|rose|came|come|move[ds]? up|went up|got)|({_DOWN}|down))\s+(?:up\s+|down\s+)?from\s+(?:being\s+|an?\s+)?({G})\b")
_OUT_OF = re.compile(rf"\b(?:out of|left|escaped|no longer|moved off)\s+(?:being\s+)?({G})")
_STAYED = re.compile(rf"\b(?:{_SAME}|still)\s+(?:rated\s+|judged\s+|graded\s+|at\s+|on\s+)?({G})|\b({G})\s+(?:\w+\s+){{0,6}}?(?:and\s+)?(?:then\s+)?(?:\w+\s+){{0,3}}?\2\s+again\b"
                     rf"|\b({G})\s+(?:\w+\s+){{0,5}}?(?:twice in a row|two times in a row|in a row|both times|twice running|consecutively|again"
                     rf"|(?:at|in|for) both|(?:at|in) each of|two (?:consecutive|successive)|(?:consecutive|successive) inspections)\b"
                     rf"|\b(?:back[- ]to[- ]back|consecutive|successive|repeated|two straight)\s+({G})")

# "did NOT improve", "failed to get better", "haven't improved": a direction denied
_DENIED = r"(?:(?:did|does|do|has|have|had|was|were|is|are)(?:\s*n[o'’]t|\s+not|\s+never)\s+(?:\w+\s+){0,2}?|\bfail(?:ed|s|ing)?\s+to\s+|\bnot\s+|\bnever\s+|\bwithout\s+)"
_NOT_UP = re.compile(rf"\b{_DENIED}(?:improv\w*|get(?:ting)? better|got better|gotten better|go(?:ne)? up|mov(?:e|ed) up|progress\w*|rise|risen)\b|\bno improvement\b")
_NOT_DOWN = re.compile(rf"\b{_DENIED}(?:declin\w*|deteriorat\w*|get(?:ting)? worse|got worse|gotten worse|go(?:ne)? down|drop(?:ped)?|fall(?:en)?|slip(?:ped)?)\b|\bno (?:decline|deterioration)\b")
_IN_A_ROW = re.compile(r"\b(?:in a row|repeated|straight|consecutive(?:ly)?|successive|running|twice|two times|back[- ]to[- ]back|one after (?:the |an)?other)\b")
_LAST_TWO = re.compile(r"\b(?:last|latest|most recent|recent|current|previous)\b")


def _or_more(grade: str, more: str | None) -> tuple[str, ...]:
    """"good or better" -> good, outstanding; "RI or worse" -> RI and inadequate."""
    g = grade_words.normalise(grade) or ""
    if not more:
        return (g,)
    if more in ("better", "above"):
        return tuple(x for x in grade_words.GRADES if grade_words.SCALE[x] >= grade_words.SCALE[g])
    if more in ("worse", "below"):
        return tuple(x for x in grade_words.GRADES if grade_words.SCALE[x] <= grade_words.SCALE[g])
    return (g, grade_words.normalise(more) or more)


def change_asked(lowered: str) -> ChangeAsked | None:
    """A change between two inspections, if the question asks about one."""
    m = _FROM_TO.search(lowered) or (_ARROW.search(lowered) if re.search(r"->|→|=>|\b(?:went|gone|moved|go|going)\b", lowered) else None)
    if m:
        before = grade_words.normalise(m[1])
        after = _or_more(m[2], m[3])
        direction = None
        if before and all(grade_words.SCALE[a] > grade_words.SCALE[before] for a in after):
            direction = "improved"
        elif before and all(grade_words.SCALE[a] < grade_words.SCALE[before] for a in after):
            direction = "declined"
        return ChangeAsked(direction, (before,) if before else (), after)
    earlier, now = _BEFORE_GRADE.search(lowered), _NOW_GRADE.search(lowered)
    if earlier and now:  # "councils that were RI last time and are now good"
        before, after = grade_words.normalise(earlier[1]), _or_more(now[1], now[2])
        direction = ("improved" if all(grade_words.SCALE[a] > grade_words.SCALE[before] for a in after) else
                     "declined" if all(grade_words.SCALE[a] < grade_words.SCALE[before] for a in after) else
                     "same" if after == (before,) else None)
        return ChangeAsked(direction, (before,), after)
    if _NOT_CHANGED.search(lowered):  # "whose grade didn't change": stayed the same
        stayed = _STAYED.search(lowered)
        grade = grade_words.normalise(stayed[1] or stayed[2] or stayed[3] or stayed[4]) if stayed else (
            grade_words.normalise(earlier[1]) if earlier else None)
        return ChangeAsked("same", (grade,) if grade else (), (grade,) if grade else ())
    if not _CHANGE.search(lowered) and not (_MOVEMENT.search(lowered) and _SECOND_INSPECTION.search(lowered)) and not _FROM_ONLY.search(lowered) \
            and not _LOST.search(lowered):
        return None
    up = re.search(rf"\b(?:{_UP})\b", lowered)
    down = re.search(rf"\b(?:{_DOWN})\b", lowered)
    either = re.search(r"\b(?:better or worse|worse or better|up or down|down or up)\b", lowered)
    stayed = _STAYED.search(lowered)
    to = _TO.search(lowered)
    out = _OUT_OF.search(lowered)
    direction = None if either or (up and down) else "improved" if up or out else "declined" if down else "same" if stayed or re.search(rf"\b(?:{_SAME})\b", lowered) else None
    start = _FROM_ONLY.search(lowered)
    if start and not to:
        direction = "improved" if start[1] else "declined"
    lost = _LOST.search(lowered)
    if lost and not to and not start:  # "Cornwall lost its outstanding rating": down from it
        direction, out = "declined", None
        start = (None, None, "declined", lost[1])
    before = ((grade_words.normalise(start[3]),) if start and not to else (grade_words.normalise(out[1]),) if out else (grade_words.normalise(stayed[1] or stayed[2] or stayed[3] or stayed[4]),) if stayed
              else (grade_words.normalise(earlier[1]),) if earlier else ())
    after = _or_more(to[1], to[2]) if to else before if direction == "same" else ()
    any_pair = direction == "same" and bool(_IN_A_ROW.search(lowered)) and not _LAST_TWO.search(lowered)
    directions, negated = _directions(lowered, bool(up), bool(down), bool(stayed or re.search(rf"\b(?:{_SAME})\b", lowered)), bool(either))
    if directions:
        direction, any_pair = None, False
    return ChangeAsked(direction, tuple(b for b in before if b), tuple(a for a in after if a), any_pair, directions, negated)


def _directions(lowered: str, up: bool, down: bool, same: bool, either: bool) -> tuple[tuple[str, ...], bool]:
    """The directions admitted when there are several: a direction denied ("did not improve" is the same or
    worse) or more than one asked ("who improved, who stayed the same?", "better, worse or the same")."""
    up = up or bool(re.search(r"\bbetter\b", lowered))
    down = down or bool(re.search(r"\bworse\b", lowered))
    if _NOT_UP.search(lowered) and not _NOT_DOWN.search(lowered):
        return ("same", "declined"), True
    if _NOT_DOWN.search(lowered) and not _NOT_UP.search(lowered):
        return ("same", "improved"), True
    if same and re.search(r"\b(?:the )?same\b|\bstayed\b|\bremained\b|\bunchanged\b|\bno change\b", lowered):
        if (up or either) and (down or either):
            return ("improved", "declined", "same"), False
        if up:
            return ("improved", "same"), False
        if down:
            return ("declined", "same"), False
    return (), False
