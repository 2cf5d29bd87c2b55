"""Regenerates local_authorities.csv from ../shared/reference/local_authorities.csv (run once; the CSV ships)."""
import csv
from pathlib import Path
src = list(csv.DictReader(open(Path(__file__).resolve().parents[3].parent / 'shared/reference/local_authorities.csv')))
# Canonical names people and reports use; ONS names kept as aliases.
RENAME = {"Bedford Borough": "Bedford", "Bristol, City of": "Bristol", "Kingston Upon Hull, City of": "Kingston upon Hull",
          "St. Helens": "St Helens"}
ALIASES = {
    "Barking and Dagenham": ["Barking"], "Bath and North East Somerset": ["Bath", "BANES", "B&NES"],
    "Bedford": ["Bedford Borough"], "Blackburn with Darwen": ["Blackburn"],
    "Bournemouth, Christchurch and Poole": ["BCP", "Bournemouth, Christchurch & Poole", "Bournemouth Christchurch and Poole"],
    "Brighton and Hove": ["Brighton", "Brighton & Hove"], "Bristol": ["Bristol, City of", "City of Bristol"],
    "Buckinghamshire": ["Bucks"], "Cambridgeshire": ["Cambs"], "Cheshire West and Chester": ["Cheshire West"],
    "Durham": ["County Durham"], "East Riding of Yorkshire": ["East Riding"], "Gloucestershire": ["Glos"],
    "Hammersmith and Fulham": ["Hammersmith", "Hammersmith & Fulham"], "Hertfordshire": ["Herts"],
    "Kensington and Chelsea": ["Kensington", "Royal Borough of Kensington and Chelsea", "Kensington & Chelsea"],
    "Kingston upon Hull": ["Hull", "Kingston Upon Hull, City of", "City of Hull", "Hull City"],
    "Kingston upon Thames": ["Kingston"], "Leicestershire": ["Leics"], "Newcastle upon Tyne": ["Newcastle"],
    "Northamptonshire": ["Northants"], "Oxfordshire": ["Oxon"], "Redcar and Cleveland": ["Redcar"],
    "Richmond upon Thames": ["Richmond"], "Southend-on-Sea": ["Southend"], "St Helens": ["St. Helens", "Saint Helens"],
    "Stockton-on-Tees": ["Stockton"], "Stoke-on-Trent": ["Stoke"], "Telford and Wrekin": ["Telford", "Telford & Wrekin"],
    "Windsor and Maidenhead": ["Windsor", "Windsor & Maidenhead"], "Wiltshire": ["Wilts"], "York": ["City of York"],
    "Herefordshire": ["County of Herefordshire", "Herefordshire, County of"], "Isles of Scilly": ["Scilly"],
    "Worcestershire": ["Worcs"], "Nottinghamshire": ["Notts"], "Derbyshire": [], "Lincolnshire": ["Lincs"],
    "Staffordshire": ["Staffs"], "Warwickshire": [], "Lancashire": ["Lancs"], "Hampshire": ["Hants"],
    "Wokingham": [], "West Berkshire": [],
}
SUCCESSORS = {"Cumbria": ["Cumberland", "Westmorland and Furness"],
              "Northamptonshire": ["North Northamptonshire", "West Northamptonshire"],
              "Poole": ["Bournemouth, Christchurch and Poole"]}
by_dfe = {r["la_code"]: r for r in src}
out = []
for r in src:
    name = RENAME.get(r["local_authority_ons_name"], r["local_authority_ons_name"])
    aliases = list(ALIASES.get(name, []))
    for a in r["also_known_as"].strip("[]").split(","):
        a = a.strip()
        if a and a != name and a not in aliases:
            aliases.append(a)
    if r["local_authority_ons_name"] != name and r["local_authority_ons_name"] not in aliases:
        aliases.append(r["local_authority_ons_name"])
    # DfE codes resolve through this table; some ONS codes in the source predate boundary changes.
    neighbours = [by_dfe[c.strip()]["la_code_new"] for c in r["stat_neighbours"].split(",") if c.strip() in by_dfe]
    out.append({"name": name, "ons_code": r["la_code_new"], "dfe_code": r["la_code"], "urn": r["urn"],
                "region": r["region_name"], "la_type": r["ons_la_type"] or "former authority",
                "aliases": ";".join(aliases), "successors": ";".join(SUCCESSORS.get(name, [])),
                "stat_neighbours": ";".join(neighbours)})
out.sort(key=lambda r: r["name"])
with open(Path(__file__).with_name('local_authorities.csv'), 'w', newline='') as fh:
    w = csv.DictWriter(fh, fieldnames=list(out[0]))
    w.writeheader(); w.writerows(out)
print(len(out))
