"""The Inspections page's layout: every authority's latest (or every) inspection as a table of grade pills,
headline counts and charts, the lines behind a row, a comparison group, changes, exports. UI only: the
figures come from rag.services.overview; nothing shown is typed in by hand."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from rag.domain.grades import GRADES, label
from rag.domain.judgements import COLUMNS
from rag.domain.visits import label as visit_label
from rag.presentation import escape_markdown
from rag.records.model import InspectionRecord
from rag.records.table import inspectors_of, record_year, to_csv
from rag.services.overview import NOT_CURRENT, InspectionsOverview, OverviewFilter, to_xlsx

# One colour per grade, best first (GRADES' order): green, teal, amber, red.
PILL = dict(zip(GRADES, ("#1a7f37", "#2f8f83", "#b7791f", "#c62828")))
SHORT = {"overall": "Overall", "impact_of_leaders": "Leaders", "help_and_protection": "Help and protection",
         "in_care": "Children in care", "care_leavers": "Care leavers"}
EVIDENCE_LABELS = {"inspection_dates": "Inspection dates", "published": "Published", "lead_inspector": "Lead inspector",
                   "local_authority": "Authority", **{k: SHORT[k] for k in COLUMNS}}
WIDTHS = {"Authority": "medium", "Region": "small", "Kind": "medium", "Inspection dates": "medium", "Published": "small",
          "Lead inspector": "small", **{v: "small" for v in SHORT.values()}, "Source": "small"}
CHAT_PAGE = "app_pages/chat.py"


def _dates(r: InspectionRecord) -> str:
    if not r.inspection_start:
        return ""
    return r.inspection_start if r.inspection_end in (None, r.inspection_start) else f"{r.inspection_start} to {r.inspection_end}"


def table_rows(rows: list[InspectionRecord], notes: dict[str, str] | None = None) -> list[dict]:
    """What the table shows, one row per inspection: the record's own values, grades as people write them; a
    2026-framework report's overall cell says it gives none, and which overall grade was last given and when."""
    notes = notes or {}
    return [{"Authority": r.local_authority, "Region": r.region, "Kind": visit_label(r.kind), "Inspection dates": _dates(r),
             "Published": r.published or "", "Lead inspector": r.lead_inspector or "",
             **{SHORT[k]: label(r.grades.get(k)) for k in COLUMNS},
             "Overall note": notes.get(r.doc_id, ""), "Source": r.document} for r in rows]


def _pill(value: str) -> str:
    colour = next((c for g, c in PILL.items() if label(g) == value), None)
    return f"background-color: {colour}; color: white; font-weight: 600; border-radius: 8px" if colour else ""


def ask(question: str) -> None:
    """Into Chat with the question asked."""
    st.session_state.pending = question
    st.switch_page(CHAT_PAGE)


def _filters(records: list[InspectionRecord], one_authority: bool) -> OverviewFilter:
    with st.container(border=True):
        top = st.columns([2, 2, 2, 2])
        show_all = top[0].toggle("All inspections, not only each authority's latest", value=one_authority, key="insp_all")
        search = top[1].text_input("Authority", placeholder="Search by name", key="insp_search")
        regions = top[2].multiselect("Region", sorted({r.region for r in records if r.region}), key="insp_regions")
        kinds = top[3].multiselect("Kind of visit", sorted({r.kind for r in records}), format_func=visit_label, key="insp_kinds")
        low = st.columns([2, 2, 2, 2])
        judgement = low[0].selectbox("Judgement", COLUMNS, format_func=lambda k: SHORT[k], key="insp_judgement")
        grades = low[1].multiselect("Grade", GRADES, format_func=label, key="insp_grades")
        years = sorted({y for r in records for y in record_year(r)})
        span = low[2].slider("Years", years[0], years[-1], (years[0], years[-1]), key="insp_years") if len(years) > 1 else None
        inspector = low[3].selectbox("Lead inspector", ["", *inspectors_of(records)], key="insp_inspector",
                                     format_func=lambda n: n or "Any")
    return OverviewFilter(latest=not show_all, regions=regions, grades=grades, judgement=judgement, kinds=kinds,
                          years=span, inspector=inspector, search=search)


def _headline(overview: InspectionsOverview, rows: list[InspectionRecord], f: OverviewFilter) -> None:
    import altair as alt

    counts = overview.headline(rows, f.judgement)
    cols = st.columns(6)
    for col, grade in zip(cols, GRADES):
        col.metric(label(grade), counts[grade])
    cols[4].metric("of which before ILACS", counts[NOT_CURRENT], help=f"Graded under an older framework: {NOT_CURRENT}")
    cols[5].metric("No grade (visits, letters)", counts["ungraded"],
                   help="Visits and letters give no grades; reports under Ofsted's 2026 framework grade each judgement but give no "
                        "overall grade (the table's Overall note says which overall grade was last given, and when).")
    order = [label(g) for g in GRADES]
    scale = alt.Scale(domain=order, range=[PILL[g] for g in GRADES])
    left, right = st.columns(2)
    bars = [{"grade": label(g), "authorities": counts[g]} for g in GRADES]
    left.altair_chart(alt.Chart(alt.Data(values=bars)).mark_bar().encode(
        x=alt.X("grade:N", sort=order, title=f"{SHORT[f.judgement]} grade"), y=alt.Y("authorities:Q", title="Inspections shown"),
        color=alt.Color("grade:N", scale=scale, legend=None), tooltip=["grade:N", "authorities:Q"]).properties(height=220), width="stretch")
    by_year = [{**row, "grade": label(row["grade"])} for row in overview.by_year()]
    if by_year:
        right.altair_chart(alt.Chart(alt.Data(values=by_year)).mark_bar().encode(
            x=alt.X("year:O", title="Year the inspection ended"), y=alt.Y("inspections:Q", stack="zero", title="Overall grades"),
            color=alt.Color("grade:N", scale=scale, sort=order, title=None), order=alt.Order("grade:N"),
            tooltip=["year:O", "grade:N", "inspections:Q"]).properties(height=220), width="stretch")


def _evidence(r: InspectionRecord, text_of: Callable[[str], str | None], open_source: Callable[[str, int, int], None]) -> None:
    """The verbatim line behind each value of the row, each opening its source."""
    text = text_of(r.doc_id) or ""
    st.markdown(f"#### {escape_markdown(r.local_authority)}: {escape_markdown(visit_label(r.kind))}, {escape_markdown(_dates(r))}")
    st.caption(f"Source: {escape_markdown(r.document)}" + (f" · set in the Library: {', '.join(r.corrected)}" if r.corrected else ""))
    for i, (key, (s, e)) in enumerate(sorted(r.evidence.items(), key=lambda kv: kv[1][0])):
        cols = st.columns([2, 7, 2])
        cols[0].markdown(f"**{EVIDENCE_LABELS.get(key, key.replace('_', ' ').capitalize())}**")
        cols[1].markdown(f"“{escape_markdown(' '.join(text[s:e].split()))}”")
        if cols[2].button("Open source", key=f"insp-ev-{r.doc_id}-{i}"):
            open_source(r.doc_id, s, e)
            st.rerun()
    asks = st.columns(3)
    if asks[0].button(f"What needs to improve in {r.local_authority}?", key="insp-ask-improve"):
        ask(f"What needs to improve in {r.local_authority}?")
    if asks[1].button("Who led this inspection?", key="insp-ask-who"):
        ask(f"Who led the {r.date[:4]} inspection of {r.local_authority}?")
    if asks[2].button(f"Compare with {r.local_authority}'s statistical neighbours", key="insp-ask-group"):
        ask(f"Compare {r.local_authority} with its statistical neighbours")


def _group(overview: InspectionsOverview, authorities: list[str], saved: dict | None, save: Callable[[dict], None]) -> None:
    st.markdown("#### My comparison group")
    held = authorities
    default = (saved or {}).get("authority") if (saved or {}).get("authority") in held else held[0]
    mine = st.selectbox("My authority", held, index=held.index(default), key="group_authority")
    proposed = (saved or {}).get("members") if saved and saved.get("authority") == mine else overview.comparison_group(mine)
    members = st.multiselect("Compared with (its statistical neighbours held in the library, or any you pick)", held,
                             default=[a for a in proposed if a in held and a != mine], key=f"group_members_{mine}")
    group = [mine, *[a for a in members if a != mine]]
    cols = st.columns([2, 2, 4])
    if cols[0].button("Save as my comparison group", key="group_save"):
        save({"authority": mine, "members": group[1:]})
        st.toast("Comparison group saved.")
    if cols[1].button("Ask about this group", key="group_ask"):
        ask(f"Compare {mine} with " + ", ".join(group[1:]) + " on care leavers" if len(group) > 1 else f"What did Ofsted say about {mine}?")
    latest = {r.local_authority: r for r in overview.rows(OverviewFilter(latest=True)) if r.local_authority in group}
    side = [{"Authority": a, "Kind": visit_label(latest[a].kind), "Inspection dates": _dates(latest[a]),
             **{SHORT[k]: label(latest[a].grades.get(k)) for k in COLUMNS}} for a in group if a in latest]
    if side:
        st.dataframe(_styled(side), hide_index=True, width="stretch")
    standing = [f"{SHORT[k]}: {pos} of {n}" for k in COLUMNS if (found := overview.standing(mine, group, k)) for pos, n in [found]]
    if standing:
        st.caption(f"Where {escape_markdown(mine)} stands in its group (1 = best grade; ties share a place): " + "; ".join(standing))


def _changes(overview: InspectionsOverview, authority: str, text_of: Callable[[str], str | None],
             open_source: Callable[[str, int, int], None]) -> None:
    st.markdown(f"#### What changed for {escape_markdown(authority)}")
    found = overview.changes(authority)
    if not found:
        st.info(f"The library holds fewer than two graded inspections of {authority}: nothing to compare yet.")
        return
    before, after, changes = found
    st.caption(f"{_dates(before)} ({visit_label(before.kind)}) → {_dates(after)} ({visit_label(after.kind)})")
    for i, c in enumerate(changes):
        cols = st.columns([2, 3, 3, 2])
        cols[0].markdown(f"**{SHORT[c.judgement]}**  \n{c.direction}")
        for col, record, grade, span, side in ((cols[1], before, c.before, c.before_span, "b"), (cols[2], after, c.after, c.after_span, "a")):
            text = text_of(record.doc_id) or ""
            col.markdown(f"{label(grade) or 'not judged'}" + (f"  \n“{escape_markdown(' '.join(text[span[0]:span[1]].split()))}”" if span else ""))
            if span and col.button("Open source", key=f"chg-{i}-{side}"):
                open_source(record.doc_id, *span)
                st.rerun()


def _styled(rows: list[dict]):
    import pandas as pd

    frame = pd.DataFrame(rows)
    return frame.style.map(_pill, subset=[c for c in SHORT.values() if c in frame.columns])


def render(records: list[InspectionRecord], text_of: Callable[[str], str | None], open_source: Callable[[str, int, int], None],
           saved_group: dict | None, save_group: Callable[[dict], None]) -> None:
    st.markdown("### Inspections")
    overview = InspectionsOverview(records)
    authorities = sorted({r.local_authority for r in overview.graded})
    if not authorities:
        st.info("No graded Ofsted inspection of a local authority is in the library yet. Add Ofsted's reports "
                "(PDF) in the Library: each becomes a row here, every grade and date with the line that states it.")
        st.page_link("app_pages/library.py", label="Go to the Library", icon=":material/folder_open:")
        return
    if len(authorities) == 1:
        st.info(f"This library holds inspections of one authority, {authorities[0]}: its history is shown. "
                "Add other councils' Ofsted reports in the Library to compare and benchmark.")
    f = _filters(records, one_authority=len(authorities) == 1)
    rows = overview.rows(f)
    _headline(overview, rows, f)
    st.caption(f"{len(rows)} inspection(s) of {len({r.local_authority for r in rows})} authorities shown"
               + (", each authority's latest graded inspection" if f.latest else "") + ". Select a row for the lines behind it.")
    event = st.dataframe(_styled(table_rows(rows, overview.notes)) if rows else [], hide_index=True, width="stretch", key="insp_table",
                         on_select="rerun", selection_mode="single-row",
                         column_config={c: st.column_config.Column(c, width=w) for c, w in WIDTHS.items()})
    exports = st.columns([1, 1, 4])
    exports[0].download_button("Download CSV", to_csv(rows, records), file_name="inspections.csv", mime="text/csv", key="insp_csv")
    exports[1].download_button("Download Excel", to_xlsx(rows, records), file_name="inspections.xlsx", key="insp_xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    chosen = event.selection.rows if event and event.selection else []
    selected = rows[chosen[0]] if chosen and chosen[0] < len(rows) else None
    if selected:
        with st.container(border=True):
            _evidence(selected, text_of, open_source)
    group_tab, changes_tab = st.tabs(["My comparison group", "Changes"])
    with group_tab:
        _group(overview, authorities, saved_group, save_group)
    with changes_tab:
        default = selected.local_authority if selected else (saved_group or {}).get("authority", authorities[0])
        authority = st.selectbox("Authority", authorities, index=authorities.index(default) if default in authorities else 0,
                                 key="changes_authority")
        _changes(overview, authority, text_of, open_source)
