"""The words of a question's frame, as opposed to its topic: what asks about grades, changes, trends,
comparisons, time and places ("how did X fare since last time?"), and English's function words ("over all
its", "in order please"). A question whose words beyond its subject are all frame words asks the records;
any other word is a topic for the reports' findings.

Frame words are compared by stem (Snowball), so "moved", "moving" and "move" are one word, and
"improvement" is "improve"; function words are compared as they are."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# English function words: determiners, pronouns, prepositions, conjunctions, auxiliaries, common adverbs.
FUNCTION_WORDS = frozenset("""
a about above across after afterwards again against all almost along already also although always am among an and
another any anybody anyhow anyone anything anyway anywhere are around as at back be became because become been before
beforehand behind being below beside besides between beyond both but by can cannot could did do does doing done down
during each either else elsewhere enough even ever every everyone everything everywhere except few first for former
formerly from further had has have having he her here hers herself him himself his how however i if in indeed into is it
its itself just last latter least less let like many may me meanwhile might mine more moreover most mostly much must my
myself namely neither never nevertheless next no nobody none nor not nothing now nowhere of off often on once one ones
only onto or other others otherwise our ours ourselves out over own per perhaps please plz pls quite rather really same
she should since so some somehow someone something sometime sometimes somewhere still such than that the their theirs
them themselves then there thereafter therefore these they this those though through throughout thus to together too
toward towards under until up upon us very via was we well were what whatever when whenever where whereas wherever
whether which while who whoever whole whom whose why will with within without would yet you your yours yourself
yourselves ok okay hi hello thanks thank cheers kindly actually basically just really also even though eh right
mean meant regardless instead anyway exactly specifically particular especially want wanted looking according
two three four five six seven eight nine ten eleven twelve twenty thirty dozen
including include includes included incl plus alongside onwards onward present
""".split())

# The wrapper of a request, not its subject: "for a briefing note I need to know…", "can you walk me through…",
# "I'm a trainee SW looking at…", "I'm writing a piece on…".
REQUEST_WORDS = frozenset("""
walk talk explain explaining tell telling show give list know knowing wondering wonder curious quick question questions
check checking confirm confirming remind recap sum summarise summarize outline describe brief briefing note notes
writing write wrote piece article story blog paper scrutiny committee cabinet member members councillor councillors
trainee student journalist researcher officer colleague manager boss team prepare preparing preparation meeting
need needs needed help helping looking look see seeing find finding understand understanding learn learning im i'm
can could would will you please kindly just mind m ve ll re d s t library collection database documents document data
manage managed manages able succeed succeeded try tried attempt heard hear told say said apparently read reading saw seen
two three both pair couple way ways right correct true isnt isn't yes top bottom best worst highest lowest
""".split())

FRAME_WORDS = frozenset({"verdict", "statistical", "neighbours", "neighbors", "neighbour", "comparators", "similar", "latest", "inspections",
                      "overall", "judgement", "judgements", "judgment", "judgments", "grade", "grades", "graded", "rating", "ratings", "rated",
                      "effectiveness", "judged", "outcome", "outcomes", "result", "results", "improved", "improve", "improving", "better",
                      "worse", "declined", "deteriorated", "got", "get", "since", "than", "up", "down", "things", "services", "previous",
                      "progress", "changed", "change", "trajectory", "trend", "going", "gone", "went", "mark", "score", "rate", "one",
                      "performance", "performing", "doing", "fared", "done", "any", "improvement", "grading", "prior", "earlier", "inspection",
                      "direction", "travel", "moved", "worsened", "slipped", "dropped", "stayed", "same", "remained", "is", "are", "s",
                      "compared", "compare", "comparison", "recent", "most", "now", "back", "again", "ilacs", "sif", "single", "framework",
                      "la", "city", "childrens", "children", "came", "come", "time", "times", "pls", "plz", "by", "downhill", "slid",
                      "backwards", "stand", "standing", "days", "next", "new", "old", "ever", "both", "versus", "vs", "conclude",
                      "concluded", "conclusion", "make", "made", "think", "thought", "summary", "summarise", "overview", "tell",
                      "about", "judge", "assessed", "assessment", "verdicts", "mark", "marks", "scores", "scored", "cc", "mbc", "whats",
                      "hows", "news", "update", "updates", "status", "situation", "position", "picture", "where", "whose", "was",
                      "were", "judged", "impact", "experiences", "experience", "whose", "latest", "last", "at", "their", "for", "help",
                      "against", "with", "to", "peer", "peers", "comparator", "comparators", "group", "benchmark", "benchmarking", "stack", "measure",
                      "on", "in", "of", "or", "and", "not", "no", "yes", "any", "way", "happened", "happen", "fare", "fared", "faring",
                      "published", "publication", "publications", "out", "released", "issued", "ofsted", "council", "councils",
                      "la", "las", "authority", "authorities", "currently", "moment", "anywhere", "every", "each", "list", "show",
                      "me", "which", "who", "what", "how", "many", "much", "is", "it", "get", "got", "did", "does", "do", "has",
                      "have", "had", "be", "been", "being", "this", "that", "then", "there", "these", "those", "rated", "one", "ones",
                      "count", "too", "also", "overall", "grade", "after", "before", "since", "year", "years", "month", "wise", "happened",
                      "held", "hold", "holding", "kept", "keep", "maintained", "maintain", "retained", "sustained", "downhill",
                      "drop", "fall", "slip", "rise", "climb", "decline", "deteriorate", "worsen", "picture", "shifted", "moved",
                      # where a council stands on a grade ("sitting at requires improvement", "stuck on inadequate")
                      "sitting", "sits", "sit", "sat", "stuck", "standing", "stands", "languishing", "placed"} | {
    # a grade or a change asked in other words
    "history", "sequence", "order", "oldest", "newest", "earliest", "chronological", "upward", "downward", "upwards",
    "downwards", "higher", "lower", "high", "low", "move", "movement", "shift", "rating", "rank", "ranking", "outcome", "verdict", "pass", "passed", "fail",
    "failed", "record", "track", "path", "journey", "trajectory", "trend", "direction", "course", "csc", "cs", "ri", "dcs",
    "ofsted", "ofsted's", "ilacs", "sif", "inspected", "inspection", "inspections", "report", "reports", "visit", "compare",
    "comparison", "differ", "different", "difference", "stand", "stood", "fare", "result", "score", "mark", "improve",
    "decline", "change", "progress", "regress", "deteriorate", "worsen", "recover", "recovery", "turnaround", "status",
    "trend", "run", "oldest", "newest", "budge", "budged", "downgrade", "downgraded", "upgrade", "upgraded", "always", "ever", "why", "how", "stay", "remain", "hold", "keep", "sustain", "retain", "maintain", "compared", "versus", "vs",
    "social", "care", "children", "childrens", "services", "service", "department", "borough", "county", "city", "council",
    "period", "era", "date", "dates", "time", "times", "years", "year", "full", "complete", "whole", "entire", "summary",
    "todays", "today", "current", "currently", "present", "recent", "recently", "lately", "previous", "prior", "earlier",
    "later", "subsequent", "following", "latest", "next", "before", "after", "since", "ago",
    # children's services in plain words, and how well they are doing
    "kids", "kid", "strong", "stronger", "strongest", "weak", "weaker", "poor", "poorer", "excellent", "great", "bad", "solid",
    "consistent", "consistently", "far", "much", "lot", "bit", "little", "put", "stay", "stayed", "slip", "back",
    "big", "bigger", "jump", "jumped", "leap", "lost", "lose", "fieldwork",
    # a framework named by its age ("the reformed framework", "the new-style inspection")
    "reformed", "reform", "reforms", "style", "regime",
})


_CONTRACTIONS = [(re.compile(r"\b(how|what|where|who|why|when)['’]d\b", re.I), r"\1 did"),
                 (re.compile(r"\b(can)['’]t\b", re.I), r"\1 not"), (re.compile(r"\bwon['’]t\b", re.I), "will not"),
                 (re.compile(r"n['’]t\b", re.I), " not"),
                 # typed without the apostrophe: "hasnt", "didnt", "wasnt" ("cant" and "wont" are words too)
                 (re.compile(r"\b(has|have|had|is|are|was|were|did|does|do|could|would|should)nt\b", re.I), r"\1 not"), (re.compile(r"['’]re\b", re.I), " are"),
                 (re.compile(r"['’]ve\b", re.I), " have"), (re.compile(r"['’]ll\b", re.I), " will")]


def expand_contractions(text: str) -> str:
    """"how'd they fare" -> "how did they fare", "hasn't" -> "has not": one spelling for the extractors."""
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _frame_stems() -> frozenset[str]:
    return frozenset(_stemmer().stemWords(sorted(FRAME_WORDS)))


def topic_words(words: set[str]) -> set[str]:
    """The words left that are neither function words nor (by stem) frame words: the question's topic."""
    content = [w for w in words if w not in FUNCTION_WORDS and w not in FRAME_WORDS and w not in REQUEST_WORDS]
    return {w for w, stem in zip(content, _stemmer().stemWords(content)) if stem not in _frame_stems()}
